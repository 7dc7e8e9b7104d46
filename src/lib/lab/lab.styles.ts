import { css } from 'lit';

export const labStyles = css`
  /* A wrapper without a box (see MlLab.shownIf): the controls grid places the control itself. */
  .optional {
    display: contents;
  }
  /* The rule above would otherwise override [hidden]. */
  .optional[hidden] {
    display: none;
  }
  :host {
    display: block;
    /*
     * Its width never depends on its content, so choosing the layout cannot change it; and,
     * as when it was a query container, its layout is its own.
     */
    contain: inline-size layout style;
    background: var(--_bg);
    color: var(--_fg);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 1.5);
    padding: calc(var(--_space) * 2);
    line-height: 1.4;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space);
    margin-bottom: calc(var(--_space) * 1.5);
  }
  .title {
    margin: 0;
    font-size: 1.125rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  /* The header’s actions, and any row of small buttons a lab adds (class "buttons"). */
  .actions button,
  .buttons button {
    font: inherit;
    font-size: 0.8125rem;
    padding: 3px 10px;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .actions button:hover,
  .buttons button:hover:enabled {
    border-color: var(--_accent);
  }
  /* Where a chart would be that gives a prediction away (see MlLab.conceals). */
  .kept-back {
    margin: 0;
    padding: calc(var(--_space) * 1.5);
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
    font-size: 0.875rem;
    text-align: center;
  }
  .copy-status {
    font-size: 0.8125rem;
    color: var(--_ok);
  }
  .embed {
    display: grid;
    gap: 4px;
    font-size: 0.8125rem;
    color: var(--_muted);
    margin-bottom: calc(var(--_space) * 1.5);
  }
  .embed textarea {
    font-family: var(--_font-mono);
    font-size: 0.8125rem;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 6px;
    resize: vertical;
  }
  .layout {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  .controls {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    align-content: start;
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
  }
  .body {
    display: grid;
    gap: calc(var(--_space) * 2);
    min-width: 0;
  }
  .readouts {
    display: grid;
    gap: var(--_space);
    grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
  }
  .charts {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  ml-math {
    margin-top: calc(var(--_space) * 2);
  }
  /* MlLab sets :state(wide) from its own width (see WIDE_LAYOUT_PX there). */
  :host(:state(wide)) .layout {
    grid-template-columns: minmax(14rem, 17rem) minmax(0, 1fr);
  }
  :host(:state(wide)) .controls {
    grid-template-columns: 1fr;
  }
  /* Seldom-changed parameters (a model's assumptions), across the whole panel. */
  .control-group {
    grid-column: 1 / -1;
    border-top: 1px solid var(--_border);
    padding-top: var(--_space);
  }
  .control-group summary {
    cursor: pointer;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .group-controls {
    display: grid;
    gap: calc(var(--_space) * 1.5);
    grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
    padding-top: var(--_space);
  }
`;
