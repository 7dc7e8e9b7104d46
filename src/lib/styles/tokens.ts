import { css } from 'lit';

/**
 * Design tokens. Each private `--_*` property reads a public `--ml-*` custom property with a
 * literal fallback, so a widget looks right on a page that loaded no stylesheet of ours. The
 * fallbacks use `light-dark()`, resolved by the `color-scheme` the element sets from its theme
 * (`:state(dark)`); a page can theme both schemes at once with `--ml-color-bg: light-dark(…, …)`.
 *
 * @cssprop --ml-font - Font family of text.
 * @cssprop --ml-font-mono - Font family of numbers in code and formulas.
 * @cssprop --ml-color-bg - Widget background, and the band the focus ring sits in.
 * @cssprop --ml-color-surface - Background of cards and controls.
 * @cssprop --ml-color-fg - Main text colour.
 * @cssprop --ml-color-muted - Secondary text, axis ticks and grid.
 * @cssprop --ml-color-border - Borders and dividers.
 * @cssprop --ml-color-accent - Interactive accent (slider fill, focus ring, current setting).
 * @cssprop --ml-color-danger - Failure states such as out of memory.
 * @cssprop --ml-color-warning - Warnings.
 * @cssprop --ml-color-ok - Success states.
 * @cssprop --ml-series-1 - First chart series colour (Okabe–Ito palette by default); likewise --ml-series-2 … --ml-series-7.
 * @cssprop --ml-radius - Corner radius.
 * @cssprop --ml-space - Base spacing unit.
 */
export const tokens = css`
  :host {
    color-scheme: light;
    --_font: var(--ml-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-mono: var(--ml-font-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    --_bg: var(--ml-color-bg, light-dark(#ffffff, #16181d));
    --_surface: var(--ml-color-surface, light-dark(#f5f6f8, #20232a));
    --_fg: var(--ml-color-fg, light-dark(#1c1f24, #e6e8ec));
    --_muted: var(--ml-color-muted, light-dark(#5b6270, #a3aab8));
    --_border: var(--ml-color-border, light-dark(#d5d9e0, #3a3f4b));
    --_accent: var(--ml-color-accent, light-dark(#0b63b6, #6cb6ff));
    --_danger: var(--ml-color-danger, light-dark(#b3261e, #ff8a80));
    --_warning: var(--ml-color-warning, light-dark(#8a5a00, #ffc46b));
    --_ok: var(--ml-color-ok, light-dark(#1b7a3d, #7ad99a));
    --_series-1: var(--ml-series-1, light-dark(#0072b2, #56b4e9));
    --_series-2: var(--ml-series-2, light-dark(#e69f00, #e69f00));
    --_series-3: var(--ml-series-3, light-dark(#009e73, #2fc79a));
    --_series-4: var(--ml-series-4, light-dark(#d55e00, #ff8c4a));
    --_series-5: var(--ml-series-5, light-dark(#cc79a7, #e3a3c8));
    --_series-6: var(--ml-series-6, light-dark(#56b4e9, #9fd6f5));
    --_series-7: var(--ml-series-7, light-dark(#8c6d00, #f0e442));
    --_radius: var(--ml-radius, 6px);
    --_space: var(--ml-space, 8px);
    /*
     * The focus ring is drawn outside the control, in the middle of a band of the background
     * 2px wider on each side: it then touches only that background, whatever the control's own
     * fill (a chosen toggle option is filled with the accent, as the ring is) or its neighbours'.
     * An outline rather than a shadow for the ring itself, which forced-colours mode keeps.
     */
    --_focus-ring: 2px solid var(--_accent);
    --_focus-offset: 2px;
    --_focus-band: 0 0 0 6px var(--_bg);
    font-family: var(--_font);
    color: var(--_fg);
    box-sizing: border-box;
  }
  :host(:state(dark)) {
    color-scheme: dark;
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: var(--_focus-ring);
    outline-offset: var(--_focus-offset);
    box-shadow: var(--_focus-band);
  }
  .attribute-note {
    margin: 0 0 var(--_space);
    padding: 4px 8px;
    border-left: 3px solid var(--_warning);
    background: var(--_surface);
    color: var(--_fg);
    font-size: 0.8125rem;
    line-height: 1.4;
  }
  .attribute-note code {
    font-family: var(--_font-mono);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** Number of categorical series colours the tokens define. */
export const seriesColorCount = 7;
