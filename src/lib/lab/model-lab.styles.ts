import { css } from 'lit';

/** What the labs that run models share: the progress row, results out of date, a diagnosis's reasons. */
export const modelLabStyles = css`
  .working {
    display: flex;
    align-items: center;
    gap: var(--_space);
    font-size: 0.875rem;
    color: var(--_muted);
    /* One line whose size never depends on its text, so an update of the progress lays out only this row. */
    block-size: 1.5rem;
    contain: strict;
  }
  progress {
    accent-color: var(--_accent);
    flex: 0 1 10rem;
    min-inline-size: 4rem;
  }
  /* One line on a narrow lab too: the label is cut with an ellipsis rather than wrapped. */
  .working span {
    flex: 1 1 0;
    min-inline-size: 0;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /*
   * Dimmed only if the answer takes a moment: the MLP's (a few ms away, in the worker) never
   * flickers. Undimmed at once when it comes.
   */
  .stale {
    opacity: 0.55;
    transition: opacity 0.2s 0.15s;
  }
  .reasons {
    margin: 4px 0 0;
    padding-inline-start: 1.2em;
  }
`;
