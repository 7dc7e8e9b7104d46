import { css } from 'lit';

export const selectStyles = css`
  select {
    width: 100%;
    font: inherit;
    font-size: 0.875rem;
    padding: 4px 6px;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  select:disabled {
    opacity: 0.5;
  }
`;
