import { css } from 'lit';

export const sliderStyles = css`
  :host {
    display: block;
    min-width: 10rem;
  }
  .head {
    display: flex;
    justify-content: space-between;
    gap: var(--_space);
    font-size: 0.875rem;
    margin-bottom: 2px;
  }
  label {
    font-weight: 600;
  }
  output {
    font-variant-numeric: tabular-nums;
    color: var(--_fg);
  }
  input {
    width: 100%;
    margin: 4px 0;
    accent-color: var(--_accent);
    cursor: pointer;
  }
  input:disabled {
    cursor: not-allowed;
    opacity: 0.5;
  }
  .hint {
    display: flex;
    justify-content: space-between;
    font-size: 0.75rem;
    color: var(--_muted);
  }
`;
