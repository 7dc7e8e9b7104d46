import { css } from 'lit';

export const heatmapStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  figure {
    margin: 0;
  }
  .layout {
    display: grid;
    grid-template-columns: auto auto minmax(0, 1fr);
    grid-template-areas:
      'y-label row-ticks plot'
      '. . col-ticks'
      '. . x-label';
    column-gap: 4px;
  }
  .y-label {
    grid-area: y-label;
    writing-mode: vertical-rl;
    transform: rotate(180deg);
    text-align: center;
    font-size: 0.8125rem;
    color: var(--_fg);
  }
  .x-label {
    grid-area: x-label;
    text-align: center;
    font-size: 0.8125rem;
    color: var(--_fg);
    margin-top: 2px;
  }
  .plot {
    grid-area: plot;
    min-width: 0;
    border: 1px solid var(--_border);
  }
  canvas {
    display: block;
    width: 100%;
    cursor: crosshair;
  }
  .row-ticks,
  .col-ticks {
    display: grid;
  }
  .row-ticks,
  .col-ticks,
  .plane-ticks {
    font-family: var(--_font-mono);
    font-size: 0.6875rem;
    line-height: 1;
    color: var(--_muted);
  }
  .row-ticks {
    grid-area: row-ticks;
    max-width: 8rem;
  }
  .row-ticks span {
    align-self: center;
    text-align: right;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .col-ticks {
    grid-area: col-ticks;
    margin-top: 3px;
  }
  .col-ticks span {
    text-align: center;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .col-ticks.vertical span {
    justify-self: center;
    writing-mode: vertical-rl;
    transform: rotate(180deg);
    text-align: right;
    max-height: 6rem;
  }
  /* Numbered axes of a plane: each label centred on its place (set from code, see updated). */
  .plane-ticks {
    position: relative;
    font-variant-numeric: tabular-nums;
  }
  .plane-ticks span {
    position: absolute;
    white-space: nowrap;
  }
  .plane-ticks.y {
    grid-area: row-ticks;
    min-width: 2.25rem;
  }
  .plane-ticks.y span {
    right: 3px;
    transform: translateY(-50%);
  }
  .plane-ticks.x {
    grid-area: col-ticks;
    height: 1.1rem;
  }
  .plane-ticks.x span {
    top: 4px;
    transform: translateX(-50%);
  }
  .readout {
    margin: 4px 0 0;
    min-height: 1.3em;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    color: var(--_fg);
  }
  .legend {
    display: flex;
    align-items: flex-start;
    gap: var(--_space);
    margin-top: 4px;
    font-size: 0.75rem;
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .scale {
    display: flex;
    flex-direction: column;
    align-items: center;
    width: min(16rem, 50%);
  }
  .bar {
    display: block;
    width: 100%;
    height: 10px;
    margin-top: 2px;
    border: 1px solid var(--_border);
  }
  .zero {
    line-height: 1.2;
  }
  .data-note {
    margin: 0 0 var(--_space);
    padding: 4px 8px;
    border-left: 3px solid var(--_warning);
    background: var(--_surface);
    font-size: 0.8125rem;
  }
  details.paths {
    margin-top: 4px;
  }
  .table-note {
    margin: 4px 0 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
`;
