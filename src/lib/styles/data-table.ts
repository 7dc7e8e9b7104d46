import { css } from 'lit';

/** The caption and data-table fallback every chart-like element puts under its picture. */
export const dataTableStyles = css`
  figcaption {
    margin: 4px 0 0;
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
`;
