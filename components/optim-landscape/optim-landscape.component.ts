import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { optimLandscapeSchema, type OptimLandscapeState, type Outcome, type RaceOptimizer } from '../../src/core/optim/lab.js';
import type { OptimLandscapeResult, RaceRun } from '../../src/core/optim/evaluate.js';
import type { InstructorCard } from '../../src/core/shared/instructor-card.js';
import { MlErrorEvent, type MlChangeEvent } from '../../src/lib/events.js';
import { formatNumber } from '../../src/lib/format.js';
import { PlaybackController } from '../../src/lib/controllers/playback.js';
import { KEPT_BACK, MlLab } from '../../src/lib/lab/lab.js';
import { choiceControlStyles, listControl, pointControl, pointWith, toggled } from '../../src/lib/lab/choice-controls.js';
import type { ChartColumns, ChartSeries, ChartThreshold } from '../chart/chart-types.js';
import type { HeatmapMark, HeatmapPath, MlHeatmap } from '../heatmap/heatmap.component.js';
import type { MathItem } from '../math/math.component.js';
import { raceStyles, raceSwatch } from './race-styles.js';
import { optimLandscapeStyles } from './optim-landscape.styles.js';

/**
 * The runs and their explanations, and the map that draws them, most of the lab's code: asked
 * for as this module runs, so they download while the lab paints its frame, controls and chart
 * axes (the map's place is kept by its frame), and fill them in when they arrive.
 */
const evaluator = Promise.all([
  import('../../src/core/optim/evaluate.js'),
  import('../heatmap/heatmap.component.js').then(({ MlHeatmap }) => MlHeatmap.define('ml-heatmap')),
]).then(([core]) => core);
// A failure is each lab's to show (see willUpdate), not the page's unhandled rejection.
evaluator.catch(() => {});
type Evaluator = Awaited<typeof evaluator>;

/** Each raced optimizer's key numbers. */
export interface OptimizerResult {
  optimizer: RaceOptimizer;
  outcome: Outcome;
  stepsToTolerance?: number;
  /** L − L* at the last step (the loss itself on the saddle). */
  finalLoss: number;
  /** From the last point to the nearest minimum; absent after a divergence or on the saddle. */
  distanceToMinimum?: number;
}

/** The key numbers `ml-change` carries in `detail.results`: the first optimizer's, then every one's. */
export interface OptimLandscapeResults {
  outcome: Outcome;
  stepsToTolerance?: number;
  finalLoss?: number;
  fastest: RaceOptimizer | 'none';
  optimizers: OptimizerResult[];
}

/** The optimizer lab's `ml-change`: `detail.state` holds its attributes, `detail.results` its key numbers. */
export type OptimLandscapeChangeEvent = MlChangeEvent<Record<string, unknown>, OptimLandscapeResults>;

const RESULTS = optimLandscapeSchema.results!;
const MAP_LABEL = 'Loss surface with each optimizer’s path';
const LOSS_CHART = 'Loss against step';
const STEP_AXIS = 'Step';

/**
 * Optimizers racing across a loss surface. The reader picks a surface (an ill-conditioned
 * quadratic with its condition number and rotation, Rosenbrock's curved valley, Beale,
 * Himmelblau's four minima, Booth, a saddle), the optimizers to race and their settings, and
 * where they start (a click or tap on the map, the arrow keys, or the boxes), and sees each path
 * over the surface's filled contours, the loss against step with gradient descent's and
 * momentum's predicted rates on the quadratic (Goh 2017), which runs diverge and why, and how
 * far each got. Play, step and reset animate the paths.
 *
 * The optimizers follow PyTorch's documented update rules (SGD, momentum, Nesterov, Adagrad,
 * RMSprop, Adam, AdamW) and Lion (Chen et al. 2023), in float64.
 *
 * @summary Optimizers on loss surfaces: paths, rates and divergence.
 * @fires ml-change - When the reader commits a change; `state` holds the attributes, `results` the key numbers.
 * @fires ml-error - When an attribute value is refused.
 * @fires ml-predict - When the reader commits a prediction (with `predict`); `detail` holds the question and the prediction.
 * @fires ml-reveal - When the answer to that prediction shows; `detail` adds the answer and how far off it was.
 * @fires ml-report - When the reader saves a report; `detail.report` holds it, `detail.markdown` the file.
 * @csspart header - Title and actions.
 * @csspart controls - The controls panel.
 * @csspart body - Map, charts, table and callouts.
 * @csspart map - The loss surface with the paths.
 * @csspart playback - The play, pause, step and reset buttons.
 * @csspart chart - The loss chart.
 * @csspart readout - Each metric card.
 * @csspart race - The table of each optimizer's results.
 * @csspart math - The Math Peek panel.
 * @csspart prediction - The question asked with `predict`, then its answer.
 * @cssstate loading - Until the runs' code arrives (it loads after the first paint).
 * @cssstate playing - While the paths are animated.
 * @cssstate wide - When the lab is wide enough to set its controls beside its results.
 */
export class MlOptimLandscape extends MlLab<typeof optimLandscapeSchema.params> {
  static override styles = [...MlLab.styles, choiceControlStyles, optimLandscapeStyles];

  static override schema = optimLandscapeSchema;

  /** The lab's instructor's card, loaded on demand: a page that never shows it never downloads it. */
  static async instructorCard(): Promise<InstructorCard> {
    return (await import('../../src/core/optim/card.js')).optimLandscapeCard;
  }

  /** Title above the lab. */
  @property() override heading = 'Optimizers on a loss surface';
  /** `quadratic`, `rosenbrock`, `beale`, `himmelblau`, `booth` or `saddle`. */
  @property() surface: OptimLandscapeState['surface'] = 'quadratic';
  /** The quadratic's κ = λ_max/λ_min, 1–1000: how much steeper the valley's walls are than its floor. */
  @property({ type: Number, attribute: 'condition-number' }) conditionNumber = 50;
  /** The quadratic valley's axes turned from x and y, 0–90 degrees. */
  @property({ type: Number }) rotation = 0;
  /** Where every optimizer starts, `x,y` (each −10 to 10); a reader clicks the map or uses the arrow keys. */
  @property({ converter: { fromAttribute: (text) => text?.split(',').map(Number) } }) start: OptimLandscapeState['start'] = [-1.8, 0.4];
  /**
   * The optimizers to race, comma-separated, each once: `sgd`, `momentum`, `nesterov`,
   * `adagrad`, `rmsprop`, `adam`, `adamw`, `lion`. The first is the one `predict` asks about.
   */
  @property({ converter: { fromAttribute: (text) => text?.split(',').map((item) => item.trim()) } })
  optimizers: OptimLandscapeState['optimizers'] = ['sgd', 'momentum', 'adam'];
  /** Learning rate α shared by every optimizer, 0.0001–2. */
  @property({ type: Number, attribute: 'learning-rate' }) learningRate = 0.03;
  /** Momentum β of SGD with momentum and Nesterov, 0–0.99. */
  @property({ type: Number }) momentum = 0.9;
  /** Adam's and AdamW's β₁, 0–0.99. */
  @property({ type: Number }) beta1 = 0.9;
  /** Adam's and AdamW's β₂, 0.8–0.9999. */
  @property({ type: Number }) beta2 = 0.999;
  /** ε of Adam, AdamW, RMSprop and Adagrad, 10⁻¹²–1. */
  @property({ type: Number }) eps = 1e-8;
  /** Weight decay λ, 0–1: L2 in the gradient, decoupled for AdamW and Lion. */
  @property({ type: Number, attribute: 'weight-decay' }) weightDecay = 0;
  /** Standard deviation of Gaussian noise added to each gradient coordinate, 0–10 (a stochastic gradient). */
  @property({ type: Number }) noise = 0;
  /** Seed of the gradient noise, 1–1000: the same seed draws the same noise. */
  @property({ type: Number }) seed = 1;
  /** Steps each optimizer takes, 1–2000. */
  @property({ type: Number }) steps = 100;

  private result?: OptimLandscapeResult;
  private core?: Evaluator;
  /** Why the current state could not be computed, if it could not. */
  private problem = '';
  private readonly playback = new PlaybackController(this, () => this.settings.reducedMotion);

  protected override resultsPending(): boolean {
    return this.result === undefined;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const core = this.core;
    if (!core) {
      evaluator.then(
        (module) => {
          this.core = module;
          this.requestUpdate();
        },
        (error: unknown) => {
          if (this.problem) return;
          this.problem = `the optimizers could not be loaded (${error instanceof Error ? error.message : String(error)})`;
          this.dispatchEvent(new MlErrorEvent(this.problem));
          this.requestUpdate();
        },
      );
      return;
    }
    if (this.result && !MlOptimLandscape.stateProperties.some((key) => changed.has(key as keyof MlOptimLandscape))) return;
    // Every state the schema accepts runs: a run that blows up stops with its reason (core/optim/run.ts).
    this.result = core.evaluate(this.values);
    this.playback.length = this.steps;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.showState(['loading'], this.result || this.problem ? undefined : 'loading');
    this.showState(['playing'], this.playback.playing ? 'playing' : undefined);
  }

  protected override results(): OptimLandscapeResults {
    const { runs, fastest } = this.result!;
    const first = runs[0]!;
    const finite = (value: number) => (Number.isFinite(value) ? value : undefined);
    return {
      outcome: first.outcome,
      stepsToTolerance: first.stepsToTolerance,
      // After a divergence the last loss says only how far it had run away when it was stopped.
      finalLoss: this.result!.view.gaps && first.outcome !== 'diverges' ? finite(first.finalGap) : undefined,
      fastest,
      optimizers: runs.map((run) => ({
        optimizer: run.name,
        outcome: run.outcome,
        stepsToTolerance: run.stepsToTolerance,
        finalLoss: run.finalGap,
        distanceToMinimum: run.nearest?.distance,
      })),
    };
  }

  protected override mathItems(): MathItem[] {
    return this.result?.derivations ?? [];
  }

  /** The race as checkboxes, each optimizer with its colour and line style; the start as two boxes. */
  protected override customControl(key: keyof typeof optimLandscapeSchema.params & string): TemplateResult {
    const { optimizers, start } = optimLandscapeSchema.params;
    if (key === 'optimizers') {
      // The race as it is when the reader clicks: two clicks may come before the lab renders again.
      const on = this.bind('optimizers', (item) => toggled(this.optimizers, item));
      return listControl(optimizers, this.optimizers, on, (value) => raceSwatch(value as RaceOptimizer));
    }
    if (key === 'start') return pointControl(start, this.start, (axis) => this.bind('start', (text) => pointWith(start, this.start, axis, text)));
    return super.customControl(key);
  }

  /** Choosing a surface also moves the start to where that surface shows what it is for. */
  protected override controlFor(key: keyof typeof optimLandscapeSchema.params & string): TemplateResult {
    if (key !== 'surface') return super.controlFor(key);
    const param = optimLandscapeSchema.params.surface;
    const choose = (value: string | number) => {
      const core = this.core;
      if (core && value !== this.surface) {
        const surface = core.surfaceOf({ ...this.values, surface: value as OptimLandscapeState['surface'] });
        this.start = core.snapStart(surface.start, core.viewExtent(surface, surface.start));
      }
      return value;
    };
    return this.shownIf(true, this.selectControl('surface', param.label, this.surface, param.choices, choose));
  }

  /** Whether anything the reader is to predict would show: then the runs stay hidden. */
  private get keptBack(): boolean {
    return Object.keys(RESULTS).some((key) => this.conceals(key));
  }

  protected override renderBody() {
    const r = this.result;
    if (!r) return this.renderFrame();
    const hidden = this.keptBack;
    return html`
      ${hidden ? nothing : this.renderStops(r)}
      <div class="stage">
        <figure class="map" part="map">
          ${hidden ? nothing : this.renderPlayback()}
          ${this.renderMap(r, hidden)}
        </figure>
        <div class="readouts">${this.renderReadouts(r, hidden)}</div>
      </div>
      ${hidden ? html`<p class="kept-back">${KEPT_BACK}: the paths, the losses and the table would give it away.</p>` : this.renderRace(r)}
      ${hidden ? nothing : this.memo('loss-chart', [r, this.playback.position, this.settings.locale], () => this.renderLossChart(r))}
      ${r.notes.length ? html`<ul class="notes">${r.notes.map((note) => html`<li>${note}</li>`)}</ul>` : nothing}
    `;
  }

  /** Before the runs' code arrives: the map's frame and the chart's axes, so that little moves when it comes. */
  private renderFrame() {
    return html`${this.problem ? html`<ml-callout tone="danger" heading="The optimizers could not be loaded"><p>${this.problem}.</p></ml-callout>` : nothing}
      <div class="stage" aria-busy="true">
        <figure class="map" part="map"><div class="map-frame">Computing the surface…</div></figure>
        <div class="readouts">${[RESULTS.fastest!.label, 'Stability edge'].map((label) => html`<ml-readout part="readout" label=${label} text="…"></ml-readout>`)}</div>
      </div>
      <ml-chart part="chart" label=${LOSS_CHART} x-label=${STEP_AXIS} y-label="Loss" .columns=${[[]]} summary="Computing…"></ml-chart>`;
  }

  /** Why each stopped run stopped, in words: a divergence is a finding, never a frozen page. */
  private renderStops(r: OptimLandscapeResult) {
    const stopped = (kinds: string[]) => r.runs.filter((run) => run.stop && kinds.includes(run.stop.kind));
    const list = (runs: RaceRun[]) => html`<ul class="reasons">${runs.map((run) => html`<li>${raceSwatch(run.name)} <strong>${run.label}</strong>: ${run.stop!.reason}.</li>`)}</ul>`;
    const diverged = stopped(['diverged', 'nan']);
    const escaped = stopped(['escaped']);
    return html`${diverged.length
      ? html`<ml-callout tone="danger" heading=${diverged.length === 1 ? `${diverged[0]!.label} diverged and was stopped` : `${diverged.length} optimizers diverged and were stopped`}>${list(diverged)}</ml-callout>`
      : nothing}
    ${escaped.length ? html`<ml-callout tone="info" heading="Running off a surface with no minimum">${list(escaped)}</ml-callout>` : nothing}`;
  }

  private renderPlayback() {
    const playback = this.playback;
    const at = Math.min(playback.position, this.steps);
    return html`<div class="buttons playback" part="playback" role="group" aria-label="Play the race">
      <button type="button" class=${playback.playing ? 'playing' : ''} @click=${() => playback.toggle()}>${playback.playing ? 'Pause' : 'Play'}</button>
      <button type="button" @click=${() => playback.step(-1)} ?disabled=${at === 0} aria-label="One step back">‹ Step</button>
      <button type="button" @click=${() => playback.step(1)} ?disabled=${playback.atEnd} aria-label="One step forward">Step ›</button>
      <button type="button" @click=${() => playback.seek(0)} ?disabled=${at === 0}>Reset</button>
      <button type="button" @click=${() => playback.seek(this.steps)} ?disabled=${playback.atEnd}>End</button>
      <span class="position" aria-live="off">Step ${formatNumber(at, this.settings.locale)} of ${formatNumber(this.steps, this.settings.locale)}</span>
    </div>`;
  }

  private renderMap(r: OptimLandscapeResult, hidden: boolean) {
    const core = this.core!;
    const view = r.view;
    const overlay = this.memo('overlay', [r], () => ({
      paths: r.runs.map((run): HeatmapPath => ({ label: run.label, xs: run.xs, ys: run.ys, values: run.gaps, ...raceStyles[run.name] })),
      marks: view.surface.minima.map((point): HeatmapMark => ({ ...point, label: 'minimum', shape: 'cross' })),
      start: { x: this.start[0], y: this.start[1] },
    }));
    const pick = this.bind('start', () => {
      const map = this.renderRoot.querySelector<MlHeatmap>('ml-heatmap')!;
      return map.pick ? core.snapStart(map.pick, view.extent) : this.start;
    });
    return html`<ml-heatmap
      label=${`${MAP_LABEL}: ${view.surface.formula}`}
      x-label="x"
      y-label="y"
      value-label=${view.gaps ? 'loss above the minimum' : 'loss'}
      scale=${view.gaps ? 'log' : 'linear'}
      colormap=${view.gaps ? 'sequential' : 'diverging'}
      contours
      pickable
      pick-label="start"
      rows=${view.rows}
      cols=${view.cols}
      .values=${view.values}
      .extent=${view.extent}
      .paths=${hidden ? [] : overlay.paths}
      .marks=${overlay.marks}
      .pick=${overlay.start}
      .pickStep=${core.startStep(view.extent)}
      .progress=${this.playback.position}
      summary=${this.mapSummary(r, hidden)}
      @input=${pick.input}
      @change=${pick.change}
    ></ml-heatmap>`;
  }

  /** The map in words: the surface, its minima, the start and where each path ended. */
  private mapSummary(r: OptimLandscapeResult, hidden: boolean): string {
    const write = (value: number) => formatNumber(value, this.settings.locale, 3);
    const point = (x: number, y: number) => `(${write(x)}, ${write(y)})`;
    const { surface } = r.view;
    const minima = surface.minima.length
      ? `${surface.minima.length === 1 ? 'minimum' : `${surface.minima.length} minima`} at ${surface.minima.map((m) => point(m.x, m.y)).join(', ')}`
      : 'no minimum';
    const paths = hidden
      ? ''
      : ` ${r.runs
          .map((run) => {
            const last = run.xs.length - 1;
            return `${run.label} ends at ${point(run.xs[last]!, run.ys[last]!)} after ${last} steps`;
          })
          .join('; ')}.`;
    return `${surface.label}, f = ${surface.formula}, ${minima}. Start ${point(this.start[0], this.start[1])}.${paths}`;
  }

  private renderReadouts(r: OptimLandscapeResult, hidden: boolean) {
    const write = (value: number) => formatNumber(value, this.settings.locale, 3);
    const fastest = r.runs.find((run) => run.name === r.fastest);
    const quadratic = r.view.surface.name === 'quadratic';
    // Gradient descent's edge on the quadratic holds everywhere; elsewhere only near the start.
    const edge = r.curvatureAtStart > 0 ? 2 / r.curvatureAtStart : undefined;
    const edgeDetail =
      edge === undefined
        ? 'the start is not in a bowl: no curvature limits the step there'
        : `2/λ_max, λ_max = ${write(r.curvatureAtStart)}${quadratic ? '' : ' at the start'}; α = ${write(this.learningRate)} is ${this.learningRate < edge ? 'below' : 'past'} it`;
    const fastestText = !r.view.gaps ? 'no minimum' : (fastest?.label ?? 'none');
    const fastestDetail = !r.view.gaps
      ? 'the surface falls without bound: there is no minimum to reach'
      : fastest
        ? `at step ${fastest.stepsToTolerance}: loss within 10⁻⁴ of its starting gap${fastest.outcome === 'converges' ? '' : ', though it did not stay there'}`
        : `none within 10⁻⁴ of the starting gap in ${this.steps} steps`;
    return html`<ml-readout
        part="readout"
        label=${RESULTS.fastest!.label}
        text=${hidden ? '?' : fastestText}
        status=${hidden || !r.view.gaps ? 'none' : fastest?.outcome === 'converges' ? 'ok' : 'warning'}
        detail=${hidden ? KEPT_BACK : fastestDetail}
      ></ml-readout>
      <ml-readout
        part="readout"
        label=${quadratic ? 'Gradient descent’s stability edge' : 'Gradient descent’s edge near the start'}
        .value=${hidden || edge === undefined ? Number.NaN : edge}
        text=${hidden ? '?' : edge === undefined ? 'none' : ''}
        status=${hidden || edge === undefined ? 'none' : this.learningRate < edge ? 'ok' : 'danger'}
        detail=${hidden ? KEPT_BACK : edgeDetail}
      ></ml-readout>`;
  }

  /** Every optimizer's results: the readouts per optimizer, as a table a screen reader can walk. */
  private renderRace(r: OptimLandscapeResult) {
    const write = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? '–' : formatNumber(value, this.settings.locale, 3));
    const rates = r.runs.some((run) => run.theory);
    // Focusable, so that a keyboard can scroll the table sideways on a narrow page.
    const tolerance = r.view.gaps ? 'tolerance: loss within 10⁻⁴ of its starting gap' : 'the surface has no minimum, so no tolerance';
    const caption = `Each optimizer after ${formatNumber(this.steps, this.settings.locale)} steps (${tolerance})`;
    return html`<div class="race" part="race" tabindex="0" role="region" aria-label=${caption}>
      <p class="caption" aria-hidden="true">${caption}</p>
      <table>
        <caption class="visually-hidden">${caption}</caption>
        <thead>
          <tr>
            <th scope="col">Optimizer</th>
            <th scope="col">Outcome</th>
            <th scope="col">Steps to tolerance</th>
            <th scope="col">${r.view.gaps ? 'Final L − L*' : 'Final loss'}</th>
            <th scope="col">To nearest minimum</th>
            ${rates ? html`<th scope="col">Rate per step (predicted / measured)</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${r.runs.map(
            (run) => html`<tr>
              <th scope="row">${raceSwatch(run.name)} ${run.label}</th>
              <td class="outcome ${run.outcome}" title=${run.outcomeText}>${outcomeWords[run.outcome]}</td>
              <td>${run.stepsToTolerance === undefined ? '–' : formatNumber(run.stepsToTolerance, this.settings.locale)}</td>
              <td>${run.outcome === 'diverges' ? '–' : write(run.finalGap)}</td>
              <td>${write(run.nearest?.distance)}</td>
              ${rates ? html`<td>${run.theory ? `${write(run.theory.predictedRate)} / ${write(run.theory.measuredRate)}` : '–'}</td>` : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  /** Each optimizer's loss against step, on a log axis where there is a minimum, with theory's lines dashed. */
  private renderLossChart(r: OptimLandscapeResult) {
    const columns = this.memo('loss-columns', [r], () => lossColumns(r));
    const position = this.playback.position;
    const marker = position < this.steps ? { x: position, label: `step ${position}` } : undefined;
    const gap0 = r.runs[0]?.gaps[0] ?? 0;
    const thresholds: ChartThreshold[] = r.view.gaps && gap0 > 0 ? [{ axis: 'y', value: 1e-4 * gap0, label: 'tolerance', tone: 'muted' }] : [];
    return html`<ml-chart
      part="chart"
      label=${LOSS_CHART}
      x-label=${STEP_AXIS}
      y-label=${r.view.gaps ? 'Loss above minimum (log)' : 'Loss'}
      y-scale=${r.view.gaps ? 'log10' : 'linear'}
      .columns=${columns.columns}
      .series=${columns.series}
      .thresholds=${thresholds}
      .marker=${marker}
      summary=${this.lossSummary(r)}
    ></ml-chart>`;
  }

  private lossSummary(r: OptimLandscapeResult): string {
    const write = (value: number) => formatNumber(value, this.settings.locale, 3);
    const name = r.view.gaps ? 'loss above the minimum' : 'loss';
    return r.runs
      .map((run) => {
        const theory = run.theory ? ` (predicted rate ${write(run.theory.predictedRate)} per step${run.theory.measuredRate === undefined ? '' : `, measured ${write(run.theory.measuredRate)}`})` : '';
        return `${run.label}: ${name} from ${write(run.gaps[0]!)} to ${run.outcome === 'diverges' ? 'a divergence' : write(run.finalGap)}${theory}`;
      })
      .join('; ')
      .concat('.');
  }
}

const outcomeWords: Record<Outcome, string> = {
  converges: '✓ converges',
  'not-yet': '… not yet',
  diverges: '✕ diverges',
  escapes: '↗ runs off',
};

/** The loss chart's columns: each run's gap (a gap on a log axis must be positive), then theory's predicted lines. */
function lossColumns(r: OptimLandscapeResult): { columns: ChartColumns; series: ChartSeries[] } {
  const length = Math.max(...r.runs.map((run) => run.gaps.length), ...r.runs.map((run) => run.theory?.predictedGaps.length ?? 0));
  const steps = Array.from({ length }, (_, step) => step);
  const shown = (value: number | undefined) => (value === undefined || !Number.isFinite(value) || (r.view.gaps && value <= 0) ? null : value);
  const column = (values: ArrayLike<number>) => steps.map((step) => shown(step < values.length ? values[step] : undefined));
  const series: ChartSeries[] = [];
  const columns: (number | null)[][] = [];
  for (const run of r.runs) {
    series.push({ label: run.label, color: raceStyles[run.name].color, dash: raceStyles[run.name].line });
    columns.push(column(run.gaps));
  }
  for (const run of r.runs) {
    if (!run.theory) continue;
    series.push({ label: `${run.label}, predicted`, color: raceStyles[run.name].color, dash: 'dashed' });
    columns.push(column(run.theory.predictedGaps));
  }
  return { columns: [steps, ...columns], series };
}
