import { css } from 'lit';

export const readoutStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  .card {
    height: 100%;
    padding: calc(var(--_space) * 1.25);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .label {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .value {
    font-size: 1.375rem;
    font-weight: 650;
    font-variant-numeric: tabular-nums;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .detail {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .mark {
    display: inline-block;
    min-width: 1.2em;
    font-weight: 700;
  }
  :host(:state(ok)) .value {
    color: var(--_ok);
  }
  :host(:state(warning)) .value {
    color: var(--_warning);
  }
  :host(:state(danger)) .value {
    color: var(--_danger);
  }
  :host(:state(danger)) .card {
    border-color: var(--_danger);
  }
`;
