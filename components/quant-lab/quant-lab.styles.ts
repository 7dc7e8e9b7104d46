import { css } from 'lit';

export const quantLabStyles = css`
  .pending {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .changed h3 {
    margin: 0 0 var(--_space);
    font-size: 0.9375rem;
  }
`;
