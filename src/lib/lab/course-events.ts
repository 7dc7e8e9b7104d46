import type { LabReport } from '../../core/shared/report.js';

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
