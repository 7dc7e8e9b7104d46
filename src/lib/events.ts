import type { LabReport } from '../core/shared/report.js';

/**
 * Widget events. Controls re-dispatch the platform's own `input` and `change`; widgets announce
 * their new state with `ml-change` and problems with `ml-error`; labs add a reader's prediction
(`ml-predict`, `ml-reveal`) and report (`ml-report`). All bubble and cross shadow
 * boundaries, and none fires when a property is set from code.
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

/** What `ml-predict` carries: the question, the named result it is about, and the reader's answer as entered. */
export interface MlPredictDetail {
  question: string;
  /** The named result (the lab's `predict` attribute), e.g. `largest-batch`. */
  result: string;
  /** In the unit the lab asked for (percent for an accuracy), or a choice's value. */
  prediction: number | string;
}

/** What `ml-reveal` carries: the prediction with the lab's answer and how far off it was. */
export interface MlRevealDetail extends MlPredictDetail {
  /** The lab's answer, in the same unit as the prediction. */
  answer: number | string;
  /** The factor (≥ 1) for a quantity spanning orders of magnitude, the difference otherwise (points for an accuracy), 0 or 1 for a choice. */
  error: number;
  /** The error in words: "off by 3.2× (too high)". */
  judgement: string;
  right: boolean;
}

/** A reader committed a prediction (`ml-predict`) or saw the answer to it (`ml-reveal`). */
export class MlPredictionEvent<Detail extends MlPredictDetail> extends CustomEvent<Detail> {
  constructor(type: 'ml-predict' | 'ml-reveal', detail: Detail) {
    super(type, { bubbles: true, composed: true, detail });
  }
}

/** What `ml-report` carries: the report as data, and as the Markdown file the reader saved. */
export interface MlReportDetail {
  report: LabReport;
  markdown: string;
}

export class MlReportEvent extends CustomEvent<MlReportDetail> {
  static readonly type = 'ml-report';
  constructor(detail: MlReportDetail) {
    super(MlReportEvent.type, { bubbles: true, composed: true, detail });
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
