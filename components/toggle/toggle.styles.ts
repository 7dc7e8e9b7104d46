import { css } from 'lit';

export const toggleStyles = css`
  fieldset {
    border: 0;
    margin: 0;
    padding: 0;
    min-width: 0;
  }
  legend {
    padding: 0;
  }
  .options {
    display: inline-flex;
    flex-wrap: wrap;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  label {
    position: relative;
    display: inline-flex;
    align-items: center;
    padding: 4px 10px;
    font-size: 0.875rem;
    cursor: pointer;
    background: var(--_bg);
    border-inline-start: 1px solid var(--_border);
  }
  /* Rounded like the row rather than clipped by it, which would clip the focus ring too. */
  label:first-child {
    border-inline-start: 0;
    border-start-start-radius: calc(var(--_radius) - 1px);
    border-end-start-radius: calc(var(--_radius) - 1px);
  }
  label:last-child {
    border-start-end-radius: calc(var(--_radius) - 1px);
    border-end-end-radius: calc(var(--_radius) - 1px);
  }
  label.chosen {
    background: var(--_accent);
    color: var(--_bg);
    font-weight: 600;
  }
  /* Seen, not announced: the option's name stays its label. */
  label.chosen span::before {
    content: '✓ ' / '';
  }
  input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  /* The input is transparent, so its label wears the ring, above the options beside it. */
  label:has(input:focus-visible) {
    z-index: 1;
    outline: var(--_focus-ring);
    outline-offset: var(--_focus-offset);
    box-shadow: var(--_focus-band);
  }
  fieldset:disabled label {
    cursor: not-allowed;
    opacity: 0.5;
  }
`;
