import { css, html, nothing, type LitElement } from 'lit';
import { describeResult, inReaderUnits, judgePrediction, type ResultSpec } from '../../core/shared/prediction.js';
import type { ReportPrediction } from '../../core/shared/report.js';
import { MlPredictionEvent, type MlPredictDetail, type MlRevealDetail } from './course-events.js';
import { formatNumber } from '../format.js';

/** What the flow asks of its lab beyond a Lit element's public side. */
export interface LabAnswers {
  /** The lab's value of a result: undefined while it is being computed, null where this view has none (throughput in inference). */
  answer(result: string): unknown;
  /** Says the text through the lab's live region. */
  say(text: string): void;
  locale(): string | undefined;
  /** Where each judged prediction goes (the lab's report keeps them). */
  history: ReportPrediction[];
}

/** The question an author put on a lab tag: which result, and the words it is asked in. */
export interface Question {
  /** The result's key in the lab's results. */
  key: string;
  /** Its name on the tag (`largest-batch`). */
  name: string;
  spec: ResultSpec;
  /** The words it is asked in (an author may change them; the flow keeps going). */
  text: string;
}

const styles = css`
  .predict {
    display: grid;
    gap: 6px;
    margin-bottom: calc(var(--_space) * 1.5);
    padding: var(--_space) calc(var(--_space) * 1.5);
    border: 1px solid var(--_accent);
    border-inline-start-width: 4px;
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .predict p {
    margin: 0;
  }
  .predict .question {
    font-weight: 600;
  }
  .predict .entry {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px 10px;
  }
  .predict input[type='number'] {
    font: inherit;
    width: 9em;
    padding: 3px 6px;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .predict fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 14px;
    border: 0;
    margin: 0;
    padding: 0;
  }
  .predict legend {
    padding: 0;
  }
  .predict button {
    font: inherit;
    font-size: 0.875rem;
    padding: 3px 12px;
    color: var(--_bg);
    background: var(--_accent);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    cursor: pointer;
  }
  .predict .hint {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .predict .verdict {
    font-weight: 600;
  }
  .predict .verdict.right {
    color: var(--_ok);
  }
`;

/** "Right: within 5 %.", "Off by 3.2× (too high).", "Wrong: It runs out of memory." */
function verdict({ right, judgement }: ReportPrediction): string {
  if (right) return judgement === 'right' ? 'Right.' : `Right: ${judgement}.`;
  return `${judgement[0]!.toUpperCase()}${judgement.slice(1)}.`;
}

/**
 * Predict, then reveal, for the result a lab tag asks about: until the reader commits a
 * prediction the lab keeps that result back everywhere it would show (the lab asks `hidden`);
 * on commit, the answer appears beside the prediction with how far off it was, and the reader
 * explores freely until "Try again". Loaded only by a lab whose tag asks a question.
 */
export class PredictionFlow {
  phase: 'asking' | 'waiting' | 'revealed' = 'asking';
  private prediction?: number | string;
  private last?: MlRevealDetail;
  /** What the reader last saw judged. */
  private judged?: ReportPrediction;
  /** Why the last commit could not be answered, if it could not. */
  private unanswerable = '';

  constructor(
    private readonly host: LitElement,
    readonly question: Question,
    private readonly lab: LabAnswers,
  ) {
    const root = host.renderRoot as ShadowRoot;
    if (!root.adoptedStyleSheets.includes(styles.styleSheet!)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet!];
  }

  /** Whether the result is still kept back. */
  get hidden(): boolean {
    return this.phase !== 'revealed';
  }

  private get detail(): MlPredictDetail {
    return { question: this.question.text, result: this.question.name, prediction: this.prediction! };
  }

  private readonly commit = (event: SubmitEvent) => {
    event.preventDefault();
    if (this.phase !== 'asking') return;
    const form = event.currentTarget as HTMLFormElement;
    const entered = new FormData(form).get('prediction');
    if (entered === null || entered === '') return;
    this.prediction = this.question.spec.kind === 'choice' ? String(entered) : Number(entered);
    this.phase = 'waiting';
    this.host.dispatchEvent(new MlPredictionEvent('ml-predict', this.detail));
    this.reveal();
  };

  /** Shows the answer once the lab has it (the lab calls this after each update). */
  reveal(): void {
    if (this.phase !== 'waiting') return;
    // Not computed yet: the lab asks again after the update that brings it.
    const answer = this.lab.answer(this.question.key);
    if (answer === undefined) return;
    const { spec } = this.question;
    if (answer === null) {
      // Nothing to compare with: the reader's prediction waits for a view that computes it.
      this.phase = 'asking';
      this.unanswerable = `This view does not compute “${spec.label}”: change the setting, then commit again.`;
      this.lab.say(this.unanswerable);
      this.host.requestUpdate();
      return;
    }
    this.unanswerable = '';
    const write = (value: number) => formatNumber(value, this.lab.locale(), 3);
    const judgement = judgePrediction(spec, this.prediction!, answer, (value) => formatNumber(value, this.lab.locale(), 2));
    const shownAnswer = describeResult(spec, answer, write);
    const shownPrediction = spec.kind === 'choice' ? describeResult(spec, this.prediction) : `${write(Number(this.prediction))}${spec.kind === 'accuracy' ? '%' : ` ${spec.unit}`}`;
    this.phase = 'revealed';
    this.last = {
      ...this.detail,
      answer: spec.kind === 'choice' ? String(answer) : inReaderUnits(spec, Number(answer)),
      error: judgement.error,
      judgement: judgement.words,
      right: judgement.right,
    };
    this.judged = { question: this.question.text, result: this.question.name, prediction: shownPrediction, answer: shownAnswer, judgement: judgement.words, right: judgement.right };
    this.lab.history.push(this.judged);
    this.lab.say(`${this.question.spec.label}: ${shownAnswer}. Your prediction, ${shownPrediction}, was ${judgement.words}.`);
    this.host.dispatchEvent(new MlPredictionEvent('ml-reveal', this.last));
    this.host.requestUpdate();
    // The form the reader was in is gone: the answer takes the focus, so reading goes on from it.
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('section.predict')?.focus());
  }

  private readonly tryAgain = () => {
    this.phase = 'asking';
    this.prediction = this.last = this.judged = undefined;
    this.host.requestUpdate();
    // The reader goes on from where the question is asked again.
    void this.host.updateComplete.then(() => this.host.renderRoot.querySelector<HTMLElement>('.predict input')?.focus());
  };

  render() {
    const { spec, text } = this.question;
    const entry = this.judged;
    if (this.phase === 'revealed' && entry) {
      return html`<section class="predict" part="prediction" aria-label="Your prediction" tabindex="-1">
        <p class="question">${text}</p>
        <p>You predicted ${entry.prediction}; the lab computed <strong>${entry.answer}</strong>.</p>
        <p class="verdict ${entry.right ? 'right' : ''}">${verdict(entry)}</p>
        <p class="entry"><button type="button" @click=${this.tryAgain}>Try again</button></p>
      </section>`;
    }
    const waiting = this.phase === 'waiting';
    const hint = `“${spec.label}” is hidden until you commit; the rest of the lab works.`;
    const answerField =
      spec.kind === 'choice'
        ? html`<fieldset aria-disabled=${waiting ? 'true' : nothing}>
            <legend class="question">${text}</legend>
            ${spec.choices.map((choice, i) => html`<label><input type="radio" name="prediction" value=${choice.value} ?required=${i === 0} /> ${choice.label ?? choice.value}</label>`)}
          </fieldset>`
        : html`<label class="question" for="prediction">${text}</label>
            <span class="entry">
              <input id="prediction" name="prediction" type="number" step="any" required min="0" max=${spec.kind === 'accuracy' ? 100 : nothing} ?readonly=${waiting} />
              <span>${spec.kind === 'accuracy' ? '%' : spec.unit}</span>
            </span>`;
    return html`<form class="predict" part="prediction" aria-label="Predict first" @submit=${this.commit}>
      ${answerField}
      <p class="entry">
        <button type="submit" aria-disabled=${waiting ? 'true' : nothing}>Commit prediction</button>
        <span class="hint">${waiting ? 'Computing the answer…' : this.unanswerable || hint}</span>
      </p>
    </form>`;
  }
}
