import { css } from 'lit';

export const attentionLabStyles = css`
  /* The heat maps' places, kept until their element is defined (after the first paint). */
  ml-heatmap:not(:defined) {
    display: block;
    min-block-size: 300px;
  }
  ml-heatmap.small:not(:defined) {
    min-block-size: 160px;
  }
  .note {
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  .text-control {
    display: grid;
    gap: 4px;
  }
  .text-control label {
    font-size: 0.875rem;
    font-weight: 600;
  }
  .text-control textarea {
    font: inherit;
    font-family: var(--_font-mono);
    font-size: 0.8125rem;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px 6px;
    resize: vertical;
    min-inline-size: 0;
  }
  /* The text's tokens: shaded by the pointed token's weight on them, underlined by their weight on it. */
  .tokens {
    display: flex;
    flex-wrap: wrap;
    gap: 2px;
    font-family: var(--_font-mono);
    font-size: 0.875rem;
  }
  .token {
    --_attended: 0;
    --_attending: 0;
    font: inherit;
    min-inline-size: 1.4em;
    padding: 2px 3px;
    color: var(--_fg);
    background: color-mix(in srgb, var(--_accent) calc(var(--_attended) * 1%), var(--_surface));
    border: 1px solid var(--_border);
    border-block-end: 3px solid color-mix(in srgb, var(--_fg) calc(var(--_attending) * 1%), transparent);
    border-radius: 3px;
    cursor: pointer;
  }
  .token.query {
    outline: 2px solid var(--_accent);
    outline-offset: -1px;
    font-weight: 700;
  }
  .token.pointed {
    border-color: var(--_fg);
  }
  .head-summary {
    margin: 0;
    font-weight: 600;
  }
  .role h3 {
    margin: 0 0 var(--_space);
    font-size: 0.9375rem;
  }
  .multiples {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr));
  }
  .multiple {
    display: grid;
    gap: 4px;
    align-content: start;
    min-inline-size: 0;
  }
  .multiple-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space);
  }
  /* Its Show button is one of the runtime's small buttons (class "buttons"), a little tighter. */
  .multiple-head button {
    padding: 1px 8px;
  }
  /* Small multiples: one colour bar for all (the first's), the readout while the map is pointed at or focused. */
  .multiple ml-heatmap::part(table) {
    display: none;
  }
  .multiples > .multiple:not(:first-child) ml-heatmap::part(legend),
  .role:not(:first-of-type) ml-heatmap::part(legend) {
    display: none;
  }
  .multiple ml-heatmap:not(:hover, :focus-within)::part(readout) {
    visibility: hidden;
  }
  .scores {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    margin: 0;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
  }
  .scores div {
    display: flex;
    gap: 4px;
  }
  .scores dt {
    color: var(--_muted);
  }
  .scores dd {
    margin: 0;
  }
  .table-scroll {
    overflow-x: auto;
    max-block-size: 24rem;
    min-inline-size: 0;
  }
  table {
    border-collapse: collapse;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    inline-size: 100%;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 4px;
  }
  th,
  td {
    padding: 3px 8px;
    border-bottom: 1px solid var(--_border);
    text-align: start;
    white-space: nowrap;
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--_bg);
  }
  tr.changed th[scope='row']::after {
    content: ' changed';
    color: var(--_accent);
    font-weight: 600;
  }
  tr.masked {
    color: var(--_muted);
  }
  .stepper {
    display: grid;
    gap: 4px;
  }
  .buttons {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
  }
  .buttons button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  .step {
    margin: 0;
    font-size: 0.875rem;
  }
  .training {
    display: grid;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    min-inline-size: 0;
  }
  .pattern-table summary {
    cursor: pointer;
    font-size: 0.875rem;
  }
  .training .result {
    margin: 0;
    font-size: 0.875rem;
  }
`;
