import { css } from 'lit';

export const calloutStyles = css`
  :host {
    display: block;
    --_tone: var(--_accent);
  }
  :host(:state(warning)) {
    --_tone: var(--_warning);
  }
  :host(:state(danger)) {
    --_tone: var(--_danger);
  }
  .callout {
    display: flex;
    gap: var(--_space);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_tone);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    background: var(--_surface);
    font-size: 0.875rem;
  }
  .mark {
    flex: none;
    display: grid;
    place-items: center;
    width: 1.4em;
    height: 1.4em;
    border-radius: 50%;
    background: var(--_tone);
    color: var(--_bg);
    font-weight: 700;
  }
  .heading {
    margin: 0 0 2px;
    font-weight: 650;
    color: var(--_tone);
  }
  .body ::slotted(*) {
    margin: 0;
  }
`;
