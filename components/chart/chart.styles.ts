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
  figcaption {
    margin-top: 4px;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  details {
    margin-top: 4px;
    font-size: 0.8125rem;
  }
  summary {
    cursor: pointer;
    color: var(--_muted);
    width: max-content;
  }
  .table-wrap {
    max-height: 240px;
    overflow: auto;
    margin-top: 4px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    width: 100%;
  }
  th,
  td {
    padding: 2px 8px;
    text-align: right;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--_surface);
  }
  .probe {
    display: none;
  }
`;
