import { css } from 'lit';

export const pruningLabStyles = css`
  /* The heat map's place, kept until its element is defined (after the first paint). */
  ml-heatmap:not(:defined) {
    display: block;
    min-block-size: 300px;
  }
  .fine-tune {
    display: grid;
    gap: 6px;
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 0.875rem;
  }
  .fine-tune-row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
  }
  .fine-tune progress {
    flex: 0 1 10rem;
  }
  .fine-tune button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  .note {
    color: var(--_muted);
  }
  .fine-tune .result {
    margin: 0;
  }
  /* Grid items that hold wide content (the table scrolls) must not widen the lab. */
  .representations,
  .fine-tune {
    min-inline-size: 0;
  }
  .representations h3 {
    margin: 0 0 var(--_space);
    font-size: 0.9375rem;
  }
  .table-scroll {
    overflow-x: auto;
  }
  .representations table {
    border-collapse: collapse;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    inline-size: 100%;
  }
  .representations th,
  .representations td {
    padding: 4px 8px;
    border-bottom: 1px solid var(--_border);
    text-align: right;
    vertical-align: top;
    white-space: nowrap;
  }
  .representations th[scope='row'],
  .representations thead th:first-child,
  .representations .words,
  .representations thead th:last-child {
    text-align: start;
  }
  .representations th[scope='row'],
  .representations .words {
    white-space: normal;
  }
  .representations th[scope='row'] {
    min-inline-size: 7rem;
  }
  .representations .words {
    min-inline-size: 12rem;
    color: var(--_muted);
  }
  .representations .ratio {
    display: block;
    color: var(--_muted);
  }
  /* Narrow: each representation a block of its own, every number named, nothing to scroll to. */
  :host(:not(:state(wide))) .representations thead {
    display: none;
  }
  :host(:not(:state(wide))) .representations tr {
    display: grid;
    gap: 2px;
    padding: 6px 0;
    border-bottom: 1px solid var(--_border);
  }
  :host(:not(:state(wide))) .representations :is(th, td) {
    display: block;
    padding: 0;
    border: 0;
    text-align: start;
  }
  :host(:not(:state(wide))) .representations td[data-label]::before {
    content: attr(data-label) ': ';
    color: var(--_muted);
  }
  :host(:not(:state(wide))) .representations .ratio {
    display: inline;
    margin-inline-start: 0.5em;
  }
  .verdict {
    margin: var(--_space) 0 0;
    font-size: 0.875rem;
  }
  .representations .note {
    margin: 4px 0 0;
    font-size: 0.8125rem;
  }
`;
