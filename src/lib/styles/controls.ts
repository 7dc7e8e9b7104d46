import { css } from 'lit';

/** Shared look of the labelled native controls (`ml-select`, `ml-toggle`). */
export const controlStyles = css`
  :host {
    display: block;
    min-width: 8rem;
  }
  .label {
    display: block;
    font-size: 0.875rem;
    font-weight: 600;
    margin-bottom: 4px;
  }
`;
