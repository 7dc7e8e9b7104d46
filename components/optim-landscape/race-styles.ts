import { html } from 'lit';
import type { RaceOptimizer } from '../../src/core/optim/lab.js';
import { dashPattern, type LineStyle } from '../../src/lib/styles/line-styles.js';

/**
 * How each optimizer is drawn wherever it appears (its path on the map, its loss curve, its
 * swatch in the controls and the table): a series colour and a line style, so two optimizers
 * whose colours a reader cannot tell apart still differ in their dashes. `dashed` is kept for
 * theory's predicted lines.
 */
export const raceStyles: Record<RaceOptimizer, { color: number; line: LineStyle }> = {
  sgd: { color: 1, line: 'solid' },
  momentum: { color: 2, line: 'dash-dot' },
  nesterov: { color: 3, line: 'long-dash' },
  adagrad: { color: 7, line: 'dash-dot-dot' },
  rmsprop: { color: 5, line: 'dotted' },
  adam: { color: 4, line: 'solid' },
  adamw: { color: 6, line: 'long-dash' },
  lion: { color: 1, line: 'dotted' },
};

/** A short line in an optimizer's colour and style, as in its charts (decorative: its name is beside it). */
export function raceSwatch(name: RaceOptimizer) {
  const { color, line } = raceStyles[name];
  return html`<svg class="swatch series-${color}" width="30" height="10" viewBox="0 0 30 10" aria-hidden="true">
    <line x1="1" y1="5" x2="29" y2="5" stroke-width="2.5" stroke-dasharray=${dashPattern(line).join(' ') || 'none'}></line>
  </svg>`;
}
