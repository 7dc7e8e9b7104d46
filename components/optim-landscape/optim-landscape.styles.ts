import { css } from 'lit';

export const optimLandscapeStyles = css`
  /* The map beside its readouts where there is room, above them where there is not. */
  .stage {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 2);
    align-items: flex-start;
  }
  figure.map {
    margin: 0;
    display: grid;
    gap: 6px;
    min-width: 0;
    /* Square cells: a map wider than it may be tall (see ml-heatmap) would stretch the plane. */
    flex: 3 1 18rem;
    max-width: 34rem;
  }
  .stage .readouts {
    flex: 1 1 12rem;
    grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr));
  }
  .playback {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  .playback button.playing {
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
  /* Above the table, outside its sideways scroll, so that it wraps to the lab's width. */
  .race .caption {
    position: sticky;
    left: 0;
    margin: 0 0 4px;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .race th,
  .race td {
    padding: 3px 6px;
    border-bottom: 1px solid var(--_border);
    text-align: end;
  }
  .race th[scope='row'] {
    text-align: start;
    font-weight: 600;
  }
  .race th[scope='row'] .swatch {
    width: 22px;
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
