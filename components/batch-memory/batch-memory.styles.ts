import { css } from 'lit';

export const batchMemoryStyles = css`
  .config {
    display: grid;
    gap: 4px;
    margin-top: 6px;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .config[hidden] {
    display: none;
  }
  .config textarea {
    font-family: var(--_font-mono);
    font-size: 0.75rem;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px;
    resize: vertical;
  }
  .mitigations,
  .notes {
    margin: 4px 0 0;
    padding-inline-start: 1.2em;
  }
  .mitigations strong {
    font-weight: 600;
    margin-inline-start: 4px;
  }
  .units {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  /* A disclosure like the Math Peek's, under the charts. */
  .assumptions {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0 var(--_space);
    font-size: 0.875rem;
  }
  .assumptions summary {
    cursor: pointer;
    padding: calc(var(--_space) * 0.75) 0;
    font-weight: 600;
  }
  .assumptions .notes {
    margin: 0 0 var(--_space);
  }
  .assumptions li + li {
    margin-top: 4px;
  }

  /* Where one step's time goes: one bar of shares, each kind of kernel a colour of the chart palette. */
  .time-shares {
    margin: 0;
    display: grid;
    gap: 6px;
    font-size: 0.8125rem;
  }
  .time-shares figcaption {
    font-weight: 600;
    font-size: 0.875rem;
  }
  .share-bar {
    display: block;
    width: 100%;
    height: 14px;
    border-radius: var(--_radius);
    background: var(--_border);
  }
  .share {
    stroke: var(--_bg);
    stroke-width: 1px;
  }
  .share-legend {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 14px;
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--_muted);
  }
  .swatch {
    display: inline-block;
    width: 10px;
    height: 10px;
    border-radius: 2px;
    margin-inline-end: 5px;
    vertical-align: -1px;
  }
  .matmul {
    background: var(--_series-1);
    fill: var(--_series-1);
  }
  .attention {
    background: var(--_series-5);
    fill: var(--_series-5);
  }
  .elementwise {
    background: var(--_series-2);
    fill: var(--_series-2);
  }
  .optimizer {
    background: var(--_series-3);
    fill: var(--_series-3);
  }
  .communication {
    background: var(--_series-4);
    fill: var(--_series-4);
  }
  .launch {
    background: var(--_series-7);
    fill: var(--_series-7);
  }
  .measurements {
    font-size: 0.875rem;
  }
  .measurements h3 {
    margin: 0 0 4px;
    font-size: 0.875rem;
  }
  .measurements ul {
    margin: 0;
    padding-inline-start: 1.2em;
  }
  .measurements li + li {
    margin-top: 6px;
  }
  .measurements a {
    color: var(--_accent);
  }
  .measurements .guessed {
    color: var(--_muted);
  }
  .measurements button {
    margin-inline-start: 4px;
  }
`;
