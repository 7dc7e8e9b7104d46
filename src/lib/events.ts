/**
 * Widget events. Controls re-dispatch the platform's own `input` and `change`; widgets announce
 * their new state with `ml-change` and problems with `ml-error`. All bubble and cross shadow
 * boundaries, and none fires when a property is set from code.
 */
export class MlChangeEvent<State = Record<string, unknown>, Results = Record<string, unknown>> extends Event {
  static readonly type = 'ml-change';
  constructor(
    /** The widget's whole state, as it round-trips through its attributes. */
    readonly state: State,
    /** The key results for that state (e.g. total memory, accuracy). */
    readonly results: Results,
  ) {
    super(MlChangeEvent.type, { bubbles: true, composed: true });
  }
}

export class MlErrorEvent extends Event {
  static readonly type = 'ml-error';
  constructor(
    /** What went wrong, in words a reader understands. */
    readonly message: string,
    /** The attribute or input at fault, when there is one. */
    readonly source?: string,
  ) {
    super(MlErrorEvent.type, { bubbles: true, composed: true });
  }
}

/** Fires a platform-style `input` or `change` event from a control's host. */
export function dispatchControlEvent(host: HTMLElement, type: 'input' | 'change'): void {
  host.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'ml-change': MlChangeEvent;
    'ml-error': MlErrorEvent;
  }
}
