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
  .mitigations {
    margin: 4px 0 0;
    padding-inline-start: 1.2em;
  }
  .mitigations strong {
    font-weight: 600;
    margin-inline-start: 4px;
  }
`;
