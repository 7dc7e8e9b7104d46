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
`;
