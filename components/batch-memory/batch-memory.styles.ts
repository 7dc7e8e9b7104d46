import { css } from 'lit';

export const batchMemoryStyles = css`
  .config {
    display: grid;
    gap: 4px;
    margin-top: 6px;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .config[hidden] {
    display: none;
  }
  .config textarea {
    font-family: var(--_font-mono);
    font-size: 0.75rem;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 4px;
    resize: vertical;
  }
  .mitigations,
  .notes {
    margin: 4px 0 0;
    padding-inline-start: 1.2em;
  }
  .mitigations strong {
    font-weight: 600;
    margin-inline-start: 4px;
  }
  .units {
    margin: 0;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  /* A disclosure like the Math Peek's, under the charts. */
  .assumptions {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    padding: 0 var(--_space);
    font-size: 0.875rem;
  }
  .assumptions summary {
    cursor: pointer;
    padding: calc(var(--_space) * 0.75) 0;
    font-weight: 600;
  }
  .assumptions .notes {
    margin: 0 0 var(--_space);
  }
  .assumptions li + li {
    margin-top: 4px;
  }
`;
