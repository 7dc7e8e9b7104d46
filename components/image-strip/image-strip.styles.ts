import { css } from 'lit';

export const imageStripStyles = css`
  :host {
    display: block;
  }
  ul {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: grid;
    justify-items: center;
    gap: 2px;
    font-size: 0.75rem;
    color: var(--_muted);
    font-variant-numeric: tabular-nums;
  }
  canvas {
    image-rendering: pixelated;
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  .empty {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
`;
