import { css, html } from 'lit';
import { seriesColorCount } from './tokens.js';

/**
 * The theme's colours and font as literal values, for what an element draws on a canvas
 * (`<ml-chart>`, `<ml-heatmap>`): a canvas takes no `var()`. Each token colours a hidden probe
 * span in the element's stylesheet, so one style pass resolves them all; reading them one at a
 * time, with a style written between reads, would cost a style pass each.
 */
export interface CanvasPalette {
  /** The font family of the page's text (`--ml-font`), for a canvas's labels. */
  fontFamily: string;
  fg: string;
  muted: string;
  border: string;
  accent: string;
  danger: string;
  bg: string;
  series: string[];
}

const seriesTokens = Array.from({ length: seriesColorCount }, (_, i) => `series-${i + 1}`);
const tokens = ['fg', 'muted', 'border', 'accent', 'danger', 'bg', ...seriesTokens];

/** The probes' styles: each takes its token's colour; the box reads the text's font family. */
export const paletteProbeStyles = css`
  .probes {
    display: none;
  }
  [data-token='fg'] { color: var(--_fg); }
  [data-token='muted'] { color: var(--_muted); }
  [data-token='border'] { color: var(--_border); }
  [data-token='accent'] { color: var(--_accent); }
  [data-token='danger'] { color: var(--_danger); }
  [data-token='bg'] { color: var(--_bg); }
  [data-token='series-1'] { color: var(--_series-1); }
  [data-token='series-2'] { color: var(--_series-2); }
  [data-token='series-3'] { color: var(--_series-3); }
  [data-token='series-4'] { color: var(--_series-4); }
  [data-token='series-5'] { color: var(--_series-5); }
  [data-token='series-6'] { color: var(--_series-6); }
  [data-token='series-7'] { color: var(--_series-7); }
`;

/** The probe spans, to render once in the element's shadow root. */
export const paletteProbes = () => html`<div class="probes" aria-hidden="true">${tokens.map((token) => html`<span data-token=${token}></span>`)}</div>`;

/** The palette the probes show now (call once per theme: reading computed styles forces a style pass). */
export function readPalette(probes: HTMLElement): CanvasPalette {
  const colors = new Map([...probes.children].map((probe) => [(probe as HTMLElement).dataset.token!, getComputedStyle(probe).color]));
  const color = (token: string) => colors.get(token)!;
  return {
    fontFamily: getComputedStyle(probes).fontFamily,
    fg: color('fg'),
    muted: color('muted'),
    border: color('border'),
    accent: color('accent'),
    danger: color('danger'),
    bg: color('bg'),
    series: seriesTokens.map(color),
  };
}
