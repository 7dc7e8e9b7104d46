import type { MlPredictDetail, MlPredictionEvent, MlReportEvent, MlRevealDetail } from './lab/course-events.js';

/**
 * Widget events. Controls re-dispatch the platform's own `input` and `change`; widgets announce
 * their new state with `ml-change` and problems with `ml-error`; labs add a reader's prediction
 * (`ml-predict`, `ml-reveal`) and report (`ml-report`), declared in lab/course-events (their code
 * loads with the course features that fire them). All bubble and cross shadow boundaries, and
 * none fires when a property is set from code.
 */
/** What `ml-change` carries: the state as attribute name → value, and the key results for it. */
export interface MlChangeDetail<State = Record<string, unknown>, Results = Record<string, unknown>> {
  /** The widget's whole state, as it round-trips through its attributes. */
  state: State;
  /** The key results for that state (e.g. total memory, accuracy). */
  results: Results;
}

/**
 * A committed change, with its data on `detail` (where frameworks look) and, for plain
 * listeners, as `state` and `results` on the event itself. Each lab names its own type, e.g.
 * `BatchMemoryChangeEvent`.
 */
export class MlChangeEvent<State = Record<string, unknown>, Results = Record<string, unknown>> extends CustomEvent<MlChangeDetail<State, Results>> {
  static readonly type = 'ml-change';
  constructor(state: State, results: Results) {
    super(MlChangeEvent.type, { bubbles: true, composed: true, detail: { state, results } });
  }

  get state(): State {
    return this.detail.state;
  }

  get results(): Results {
    return this.detail.results;
  }
}

/** What `ml-error` carries. */
export interface MlErrorDetail {
  /** What went wrong, in words a reader understands. */
  message: string;
  /** The attribute or input at fault, when there is one. */
  source?: string;
}

export class MlErrorEvent extends CustomEvent<MlErrorDetail> {
  static readonly type = 'ml-error';
  constructor(message: string, source?: string) {
    super(MlErrorEvent.type, { bubbles: true, composed: true, detail: { message, source } });
  }

  get message(): string {
    return this.detail.message;
  }

  get source(): string | undefined {
    return this.detail.source;
  }
}

/** Fires a platform-style `input` or `change` event from a control's host. */
export function dispatchControlEvent(host: HTMLElement, type: 'input' | 'change'): void {
  host.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
}

// Typed listeners on any element, the document and the window (the events bubble and are composed).
declare global {
  interface GlobalEventHandlersEventMap {
    'ml-change': MlChangeEvent;
    'ml-error': MlErrorEvent;
    'ml-predict': MlPredictionEvent<MlPredictDetail>;
    'ml-reveal': MlPredictionEvent<MlRevealDetail>;
    'ml-report': MlReportEvent;
  }
}
