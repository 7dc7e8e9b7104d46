import { css } from 'lit';

export const chartStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  figure {
    margin: 0;
  }
  .plot {
    min-height: var(--_plot-height, 260px);
    color: var(--_fg);
  }
  .uplot {
    font-family: var(--_font);
    width: 100% !important;
  }
  .u-legend {
    font-size: 0.8125rem;
    color: var(--_fg);
    text-align: left;
    margin-top: 4px;
  }
  .u-legend .u-marker {
    border-radius: 2px;
  }
  .u-legend th {
    font-weight: 600;
  }
  /* An entry keeps its value beside its name; a long name wraps within the entry instead. */
  .u-legend.u-inline tr {
    display: inline-flex;
    align-items: center;
    max-width: 100%;
  }
  /* Listing only the series (no values to read out): the x axis's entry would name no value. */
  .u-legend:not(.u-live) .u-series:first-child {
    display: none;
  }
  table {
    width: 100%;
  }
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
