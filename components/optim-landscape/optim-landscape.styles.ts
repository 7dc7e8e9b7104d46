import { css } from 'lit';

export const optimLandscapeStyles = css`
  /* The map beside its readouts and table where there is room, above them where there is not. */
  .stage {
    display: grid;
    gap: calc(var(--_space) * 2);
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
    align-items: start;
  }
  figure.map {
    margin: 0;
    display: grid;
    gap: 6px;
    min-width: 0;
  }
  /* Square cells: a map wider than it may be tall (see ml-heatmap) would stretch the plane. */
  figure.map ml-heatmap {
    max-width: 34rem;
  }
  .side {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    min-width: 0;
  }
  .hint {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .playback {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .playback button[aria-pressed='true'] {
    border-color: var(--_accent);
    color: var(--_accent);
  }
  .playback button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  .position {
    font-size: 0.8125rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  .race {
    overflow-x: auto;
  }
  .race table {
    border-collapse: collapse;
    width: 100%;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
  }
  .race caption {
    text-align: start;
    color: var(--_muted);
    padding-bottom: 4px;
  }
  .race th,
  .race td {
    padding: 3px 6px;
    border-bottom: 1px solid var(--_border);
    text-align: end;
  }
  .race th[scope='row'] {
    text-align: start;
    white-space: nowrap;
    font-weight: 600;
  }
  .race thead th {
    font-weight: 600;
    vertical-align: bottom;
    color: var(--_muted);
  }
  .race thead th:first-child {
    text-align: start;
  }
  .outcome {
    white-space: nowrap;
  }
  .outcome.converges {
    color: var(--_ok);
  }
  .outcome.diverges {
    color: var(--_danger);
  }
  .swatch {
    vertical-align: middle;
    flex: none;
    fill: none;
  }
  .swatch.series-1 { stroke: var(--_series-1); }
  .swatch.series-2 { stroke: var(--_series-2); }
  .swatch.series-3 { stroke: var(--_series-3); }
  .swatch.series-4 { stroke: var(--_series-4); }
  .swatch.series-5 { stroke: var(--_series-5); }
  .swatch.series-6 { stroke: var(--_series-6); }
  .swatch.series-7 { stroke: var(--_series-7); }
  .reasons,
  .notes {
    margin: 4px 0 0;
    padding-inline-start: 1.2em;
  }
  .notes {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
`;
