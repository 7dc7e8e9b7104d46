/**
 * The attention lab's views other than one head's pattern (every head by role, predictions with
 * heads switched off, the query-row stepper, cost at scale, live training) and the arithmetic
 * they show: loaded after the lab's first paint (a chunk of its own in the CDN), so a page pays
 * for the pattern view alone before it paints.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { Diagnosis, HeadDiagnosis, InductionTrainingPoint, Prediction, QueryRowMechanics } from '../../src/core/attention/index.js';
import { attentionCost, costCurves, costDerivations, mechanicsDerivations, trainingDerivations } from '../../src/core/attention/explain.js';
import { DEFAULT_INDUCTION_TRAINING } from '../../src/core/attention/induction-config.js';
import { attentionLabSchema, headName, LAB_CONTEXT, type AttentionLabState } from '../../src/core/attention/lab.js';
import { formatBytes, formatDifference, formatNumber, formatPercent } from '../../src/lib/format.js';
import type { AttentionEvaluation } from '../../src/lib/lab/attention-jobs.js';
import type { ChannelState } from '../../src/lib/controllers/compute.js';
import { KEPT_BACK } from '../../src/lib/lab/lab.js';
import {
  costCharts,
  flopSeries,
  headsByRole,
  inductionRise,
  lossText,
  memorySeries,
  positionLossChart,
  tokenLabel,
  TOO_SHORT,
  trainingCharts,
  trainingLossSeries,
  trainingScoreSeries,
} from './attention-lab-views.js';

export { attentionCost, costDerivations, mechanicsDerivations };

/** The Math Peek of the live training at its latest step. */
export const trainingMath = (point: InductionTrainingPoint) => trainingDerivations(point, DEFAULT_INDUCTION_TRAINING);

/** Steps of the query-row stepper, each a column more of its table. */
export const MECHANICS_STEPS = [
  'The query q of the chosen token, and a key k for every token: each a row of the layer’s input times W_Q or W_K.',
  'Each key’s dot product with the query, q·k: how well the key answers what the query asks.',
  'Divided by √d_k, so that the scores’ spread does not grow with the head’s width.',
  'The causal mask: keys after the query are set to −∞, so a token never reads the future.',
  'The softmax turns the scores into weights that are positive and sum to 1.',
  'The head’s output is the values weighed by those weights; W_O then adds it to the residual stream (Math Peek).',
] as const;

const weightSeries = [{ label: 'Softmax weight' }];

/** Steps of live training a click asks for. */
export const TRAINING_STEPS = 600;

const RESULT_LABELS = {
  lossChange: attentionLabSchema.results!.lossChange!.label,
  attentionShare: attentionLabSchema.results!.attentionShare!.label,
};

/** What the views read from the lab, and what they may ask of it. */
export interface PanelContext {
  locale?: string;
  /** Whether the results on screen are those of an earlier text or setting. */
  stale: boolean;
  /** The characters of the text the model reads. */
  characters: readonly string[];
  current?: AttentionEvaluation & { text: string };
  diagnosis?: Diagnosis;
  ablate: readonly string[];
  ablationMode: AttentionLabState['ablationMode'];
  mechanics?: QueryRowMechanics;
  /** Whether `mechanics` is the row of the current state. */
  mechanicsFresh: boolean;
  stage: number;
  /** Moves the stepper by `steps` (−1 back, 1 on). */
  moveStage(steps: number): void;
  costModel: string;
  contextLength: number;
  /** The cost at the chosen model and context length. */
  cost: ReturnType<typeof attentionCost>;
  training: { points: InductionTrainingPoint[]; running?: ChannelState; train(restart: boolean): void; cancel(): void };
  conceals(result: string): boolean;
  commit(changes: Partial<AttentionLabState>): void;
  memo<T>(slot: string, deps: readonly unknown[], make: () => T): T;
  patternMap(name: string, pattern: Float32Array | undefined, summary: string | undefined, small: boolean): TemplateResult;
}

/** Every head's pattern on the text, with its scores, grouped by role (once the heads are scored). */
export function renderHeads(ctx: PanelContext): TemplateResult {
  const current = ctx.current;
  const diagnosis = ctx.diagnosis;
  const hidden = ctx.conceals('previousTokenHead');
  const locale = ctx.locale;
  const all: HeadDiagnosis[] =
    diagnosis?.heads ??
    Array.from({ length: 8 }, (_, i) => ({ layer: Math.floor(i / 4), head: i % 4, previousToken: NaN, firstToken: NaN, induction: NaN, role: 'other' as const }));
  const groups = hidden || !diagnosis ? [{ role: 'other', heading: diagnosis ? 'Every head' : 'Every head (scoring them…)', heads: all }] : headsByRole(all);
  const score = (value: number) => (Number.isNaN(value) ? '…' : formatNumber(value, locale, 2));
  const show = (h: HeadDiagnosis) => () => ctx.commit({ view: 'pattern', layer: h.layer + 1, head: h.head + 1 });
  return html`
    ${diagnosis && !hidden
      ? html`<p class="note">
          Scores (Olsson et al. 2022): mean weight on the previous token and on the first token over the validation text’s first ${LAB_CONTEXT}
          characters; induction: mean weight on the token after the current token’s earlier occurrence, on ${diagnosis.samples} random sequences of
          ${diagnosis.period} characters repeated once. The model’s loss on the repeat falls from ${formatNumber(diagnosis.inContext.firstHalfLoss, locale)} to
          ${formatNumber(diagnosis.inContext.secondHalfLoss, locale)} nats per character.
        </p>`
      : hidden
        ? html`<p class="kept-back">${KEPT_BACK}: the heads’ scores and roles would give it away.</p>`
        : nothing}
    ${groups.map(
      (group) => html`<section class="role" aria-label=${group.heading}>
        <h3>${group.heading}</h3>
        <div class="multiples">
          ${group.heads.map((h) => {
            const name = headName(h);
            const summary = current?.summaries[h.layer]?.[h.head]?.text;
            return html`<div class="multiple">
              <div class="multiple-head buttons">
                <strong>Head ${name}</strong>
                <button type="button" class="show" @click=${show(h)} aria-label=${`Show head ${name} alone`}>Show</button>
              </div>
              ${hidden
                ? nothing
                : html`<dl class="scores">
                    <div><dt>previous</dt><dd>${score(h.previousToken)}</dd></div>
                    <div><dt>induction</dt><dd>${score(h.induction)}</dd></div>
                    <div><dt>first</dt><dd>${score(h.firstToken)}</dd></div>
                  </dl>`}
              ${ctx.patternMap(name, current?.patterns[h.layer]?.[h.head], hidden ? undefined : summary, true)}
            </div>`;
          })}
        </div>
      </section>`,
    )}
  `;
}

/** Top predictions with and without the chosen heads, and the loss at each position. */
export function renderAblation(ctx: PanelContext): TemplateResult {
  const current = ctx.current;
  const ablated = current?.ablated;
  const locale = ctx.locale;
  const hidden = ctx.conceals('lossChange');
  const characters = [...(current?.text ?? '')];
  const chart = ctx.memo('position-loss', [current, hidden], () => positionLossChart(current?.positions ?? [], hidden ? undefined : ablated?.positions));
  const heads = ctx.ablate.length ? ctx.ablate.map((name) => `head ${name}`).join(', ') : '';
  const change = ablated?.lossChange;
  const write = (p: Prediction | undefined) => (p ? `“${tokenLabel(p.symbol ?? '')}” ${formatPercent(p.probability, locale, 0)}` : '–');
  const rows = current ? current.positions.slice(0, -1).map((p, t) => ({ t, before: p, after: ablated?.positions[t] })) : [];
  return html`
    <div class="readouts ${ctx.stale ? 'stale' : ''}" aria-busy=${ctx.stale || !current}>
      <ml-readout part="readout" label="Loss on this text" .value=${current?.meanLoss ?? Number.NaN} text=${current ? lossText(current.meanLoss, locale) : '…'} detail=${current && Number.isNaN(current.meanLoss) ? TOO_SHORT : 'per character, all heads on'}></ml-readout>
      <ml-readout
        part="readout"
        label=${RESULT_LABELS.lossChange}
        .value=${change ?? Number.NaN}
        text=${!current ? '…' : hidden ? '?' : heads ? `${formatDifference(change ?? 0, locale)} nats` : 'none off'}
        status=${hidden || change === undefined ? 'none' : change > 0.05 ? 'warning' : 'ok'}
        detail=${hidden ? KEPT_BACK : heads ? `${heads} ${ctx.ablationMode === 'mean' ? 'set to its mean output' : 'zeroed'}; top prediction changed at ${ablated?.changed.length ?? 0} of ${rows.length} positions` : 'choose heads to switch off'}
      ></ml-readout>
    </div>
    <ml-chart
      part="chart"
      class=${ctx.stale ? 'stale' : ''}
      label="Loss of each next character"
      x-label="Position (token)"
      y-label="Loss (nats)"
      height="200"
      .columns=${chart.columns}
      .series=${chart.series}
      summary=${current ? `The loss of predicting each next character of the text${ablated && !hidden ? `, with ${heads} on and off` : ''}.` : 'Running the model…'}
    ></ml-chart>
    <div class="table-scroll" part="table">
      <table class="predictions ${ctx.stale ? 'stale' : ''}">
        <caption>Top predictions at each position${heads && !hidden ? `, with ${heads} off` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">After</th><th scope="col">Next</th><th scope="col">All heads on</th>
            ${ablated && !hidden ? html`<th scope="col">Heads off</th><th scope="col">Loss change</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            ({ t, before, after }) => html`<tr class=${after && after.top[0]?.id !== before.top[0]?.id ? 'changed' : ''}>
              <th scope="row">${t} “${tokenLabel(characters[t] ?? '')}”</th>
              <td>“${tokenLabel(characters[t + 1] ?? '')}”</td>
              <td>${before.top.slice(0, 3).map(write).join(', ')}</td>
              ${ablated && !hidden
                ? html`<td>${after?.top.slice(0, 3).map(write).join(', ')}</td>
                    <td>${after?.loss != null && before.loss != null ? formatDifference(after.loss - before.loss, locale) : '–'}</td>`
                : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
  `;
}

/** One query row, column by column as the reader steps through it. */
export function renderMechanics(ctx: PanelContext): TemplateResult {
  const m = ctx.mechanics;
  const characters = ctx.characters;
  const locale = ctx.locale;
  const stage = ctx.stage;
  const fresh = ctx.mechanicsFresh;
  const write = (value: number) => (Number.isFinite(value) ? formatNumber(value, locale, 3) : '−∞');
  const weights = ctx.memo('row-weights', [m], () => (m ? ([m.keys.map((k) => k.position), m.keys.map((k) => k.weight)] as const) : undefined));
  return html`
    <div class="stepper" role="group" aria-label="Steps of one row of attention">
      <div class="buttons">
        <button type="button" ?disabled=${stage === 0} @click=${() => ctx.moveStage(-1)}>Previous step</button>
        <button type="button" ?disabled=${stage === MECHANICS_STEPS.length - 1} @click=${() => ctx.moveStage(1)}>Next step</button>
        <span class="note">Step ${stage + 1} of ${MECHANICS_STEPS.length}</span>
      </div>
      <p class="step" aria-live="polite">${MECHANICS_STEPS[stage]}</p>
    </div>
    ${weights && stage >= 4
      ? html`<ml-chart
          part="chart"
          class=${fresh ? '' : 'stale'}
          height="180"
          label=${`Attention weights of token ${m!.position} in head ${m!.layer + 1}.${m!.head + 1}`}
          x-label="Key position (token)"
          y-label="Weight"
          y-format="percent"
          y-max="1"
          .columns=${weights}
          .series=${weightSeries}
          summary=${`Softmax weights of query ${m!.position} over keys 0 to ${m!.keys.length - 1}; keys after ${m!.position} are masked to 0.`}
        ></ml-chart>`
      : nothing}
    <div class="table-scroll" part="table">
      <table class="row-table ${fresh ? '' : 'stale'}" aria-busy=${!fresh}>
        <caption>
          ${m
            ? `Query ${m.position} “${tokenLabel(characters[m.position] ?? '')}” in head ${m.layer + 1}.${m.head + 1}: d_k = ${m.headDim}, 1/√d_k = ${formatNumber(m.scale, locale, 4)}; q = [${m.query.slice(0, 4).map(write).join(', ')}, …]`
            : 'Working out the row…'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Key</th><th scope="col">k (first numbers)</th>
            ${stage >= 1 ? html`<th scope="col">q·k</th>` : nothing} ${stage >= 2 ? html`<th scope="col">q·k/√d_k</th>` : nothing}
            ${stage >= 3 ? html`<th scope="col">Masked</th>` : nothing} ${stage >= 4 ? html`<th scope="col">Weight</th>` : nothing}
            ${stage >= 5 ? html`<th scope="col">weight·v (first numbers)</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${(m?.keys ?? []).map(
            (k) => html`<tr class=${k.masked ? 'masked' : ''}>
              <th scope="row">${k.position} “${tokenLabel(characters[k.position] ?? '')}”</th>
              <td>[${k.key.slice(0, 3).map(write).join(', ')}, …]</td>
              ${stage >= 1 ? html`<td>${write(k.dot)}</td>` : nothing} ${stage >= 2 ? html`<td>${k.masked ? write(k.dot * m!.scale) : write(k.scaled)}</td>` : nothing}
              ${stage >= 3 ? html`<td>${k.masked ? 'yes: −∞' : 'no'}</td>` : nothing} ${stage >= 4 ? html`<td>${formatPercent(k.weight, locale, 1)}</td>` : nothing}
              ${stage >= 5 ? html`<td>${k.masked ? '0 (masked)' : `[${k.value.slice(0, 3).map((v) => write(v * k.weight)).join(', ')}, …]`}</td>` : nothing}
            </tr>`,
          )}
        </tbody>
      </table>
    </div>
    ${m && stage >= 5 ? html`<p class="note">Head output o = Σ weight·v = [${m.headOutput.slice(0, 4).map(write).join(', ')}, …] (${m.headDim} numbers); the Math Peek carries on to W_O.</p>` : nothing}
  `;
}

/** FLOPs and memory against context length for a real model's shape (log axes). */
export function renderCost(ctx: PanelContext): TemplateResult {
      const locale = ctx.locale;
  const cost = ctx.cost;
  const curves = ctx.memo('cost-curves', [ctx.costModel], () => costCurves(ctx.costModel));
  const charts = ctx.memo('cost-charts', [curves], () => costCharts(curves));
  const hidden = ctx.conceals('attentionShare');
  const name = cost.model.name;
  const s = formatNumber(ctx.contextLength, locale, 6);
  const marker = { x: ctx.contextLength, label: `${s} tokens` };
  return html`
    <div class="readouts">
      <ml-readout
        part="readout"
        label=${RESULT_LABELS.attentionShare}
        format="percent"
        .value=${cost.attentionShare}
        text=${hidden ? '?' : formatPercent(cost.attentionShare, locale, 1)}
        status=${hidden ? 'none' : cost.attentionShare >= 1 ? 'danger' : cost.attentionShare > 0.3 ? 'warning' : 'ok'}
        detail=${hidden ? KEPT_BACK : `${name} at ${s} tokens, forward pass`}
      ></ml-readout>
      <ml-readout part="readout" label="Scores stored for backward" format="bytes" .value=${cost.scoreBytes} detail=${`per sequence, all layers; FlashAttention keeps ${formatBytes(cost.flashBytes, locale)}`}></ml-readout>
      <ml-readout part="readout" label="KV cache per token" format="bytes" .value=${cost.kvCacheBytesPerToken} detail=${`${formatBytes(cost.kvCacheBytesPerToken * ctx.contextLength, locale)} for the whole context, at 16 bits`}></ml-readout>
    </div>
    <div class="charts">
      ${hidden ? html`<p class="kept-back">${KEPT_BACK}: the FLOPs against context length would give it away.</p>` : nothing}
      <ml-chart
        part="chart"
        ?hidden=${hidden}
        label=${`${name}: forward FLOPs per sequence against context length`}
        x-label="Context length (tokens)"
        x-scale="log2"
        y-label="FLOPs"
        y-scale="log10"
        .columns=${charts.flops}
        .series=${flopSeries}
        .marker=${marker}
        summary=${`Attention’s FLOPs grow with the square of the context, the linear layers’ linearly; for ${name} they cross at ${curves.crossover === null ? 'no length up to 128 k' : `${formatNumber(curves.crossover, locale, 6)} tokens`}.`}
      ></ml-chart>
      <ml-chart
        part="chart"
        label=${`${name}: memory against context length`}
        x-label="Context length (tokens)"
        x-scale="log2"
        y-label="Memory"
        y-scale="log10"
        y-format="bytes"
        .columns=${charts.memory}
        .series=${memorySeries}
        .marker=${marker}
        summary=${`At ${s} tokens a training step stores ${formatBytes(cost.scoreBytes, locale)} of attention scores per sequence (quadratic), FlashAttention ${formatBytes(cost.flashBytes, locale)} (linear); serving, the KV cache holds ${formatBytes(cost.kvCacheBytesPerToken * ctx.contextLength, locale)}.`}
      ></ml-chart>
    </div>
  `;
}

/** Live training of the attention-only model, with its curves. */
export function renderTraining(ctx: PanelContext): TemplateResult {
  const running = ctx.training.running;
  const points = ctx.training.points;
  const locale = ctx.locale;
  const charts = ctx.memo('training', [points], () => trainingCharts(points));
  const rise = inductionRise(points);
  const last = points[points.length - 1];
  return html`
    <section class="training" part="training" aria-label="Live training">
      <p class="note">
        A 2-layer, attention-only transformer (2 heads a layer, 32 dimensions) trained from scratch here, in the compute worker, on random tokens that
        repeat. Watch for the phase change: the loss on the repeat drops as a layer-2 head learns to look up the token after the current one’s earlier
        occurrence (Olsson et al. 2022).
      </p>
      <div class="buttons">
        <button type="button" ?disabled=${running !== undefined} @click=${() => ctx.training.train(false)}>${points.length ? `Train ${TRAINING_STEPS} more steps` : `Train ${TRAINING_STEPS} steps`}</button>
        <button type="button" ?disabled=${running !== undefined || points.length === 0} @click=${() => ctx.training.train(true)}>Start again</button>
        ${running ? html`<button type="button" @click=${ctx.training.cancel}>Cancel</button>` : nothing}
      </div>
      ${running
        ? html`<div class="working"><progress max="1" value=${running.progress} aria-label=${running.label}></progress><span>${running.label}: ${formatPercent(running.progress, locale, 0)}</span></div>`
        : nothing}
      <p class="result" role="status">
        ${last
          ? `Step ${last.step}: loss ${formatNumber(last.loss, locale)} nats, ${formatNumber(last.repeatLoss, locale)} on the repeat; induction score ${formatNumber(last.inductionScore, locale, 2)}. ${rise === null ? 'No induction head yet.' : `The induction score rose past 0.3 at step ${rise}.`}`
          : 'Not trained yet.'}
      </p>
    </section>
    <div class="charts">
      <ml-chart part="chart" label="Loss against training step" x-label="Step" y-label="Loss (nats)" height="200" .columns=${charts.losses} .series=${trainingLossSeries}
        summary=${last ? `Training loss and the loss on the repeated half, over ${points.length} steps.` : 'Train the model to see its loss.'}></ml-chart>
      <ml-chart part="chart" label="Head scores against training step" x-label="Step" y-label="Score" y-max="1" height="200" .columns=${charts.scores} .series=${trainingScoreSeries}
        summary=${last ? `The best layer-2 head’s induction score and the best layer-1 head’s previous-token score over ${points.length} steps.` : 'Train the model to see its heads form.'}></ml-chart>
    </div>
  `;
}

