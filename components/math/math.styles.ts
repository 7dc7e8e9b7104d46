import { css } from 'lit';

export const mathStyles = css`
  :host {
    display: block;
  }
  details {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0 var(--_space);
  }
  summary {
    cursor: pointer;
    padding: calc(var(--_space) * 0.75) 0;
    font-weight: 600;
    font-size: 0.875rem;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0 0 var(--_space);
  }
  li + li {
    border-top: 1px solid var(--_border);
  }
  li {
    padding: calc(var(--_space) * 0.75) 0;
  }
  p {
    margin: 0;
  }
  .label {
    font-size: 0.8125rem;
    font-weight: 600;
  }
  math {
    color: var(--_fg);
    font-size: 1.0625rem;
  }
  math[display='block'] {
    /* Start-aligned like the text around it rather than centred. */
    width: fit-content;
    max-width: 100%;
    margin: 4px 0;
    overflow-x: auto;
    overflow-y: hidden;
  }
  .substituted {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.5em;
    color: var(--_fg);
  }
  .substituted math {
    math-style: normal;
  }
  .result {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .source,
  .empty {
    margin-top: 2px;
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .empty {
    padding-bottom: var(--_space);
  }
`;
