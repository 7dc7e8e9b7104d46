import { css } from 'lit';

export const imageStripStyles = css`
  :host {
    display: block;
  }
  .frame {
    position: relative;
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
  .image {
    box-sizing: content-box;
    inline-size: var(--_image-size, 56px);
    block-size: var(--_image-size, 56px);
    border: 1px solid var(--_border);
    border-radius: 4px;
  }
  /* Drawn over the list, at the places of its .image boxes. */
  canvas {
    position: absolute;
    inset: 0;
    inline-size: 100%;
    block-size: 100%;
    pointer-events: none;
  }
  .empty {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
`;
