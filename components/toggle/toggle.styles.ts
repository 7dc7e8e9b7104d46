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
    overflow: hidden;
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
  label:first-child {
    border-inline-start: 0;
  }
  label.chosen {
    background: var(--_accent);
    color: var(--_bg);
    font-weight: 600;
  }
  label.chosen span::before {
    content: '✓ ';
  }
  input {
    position: absolute;
    opacity: 0;
    inset: 0;
    margin: 0;
    cursor: pointer;
  }
  label:has(input:focus-visible) {
    outline: var(--_focus-ring);
    outline-offset: -4px;
  }
  fieldset:disabled label {
    cursor: not-allowed;
    opacity: 0.5;
  }
`;
