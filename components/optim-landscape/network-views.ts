import { html, nothing } from 'lit';
import type { LandscapeGrid } from '../../src/core/optim/landscape.js';
import { networkLabels, networkNames, optimizerLabels, type NetworkSurface, type RaceOptimizer } from '../../src/core/optim/lab.js';
import { RACE_TEST_EVERY, RACE_WINDOW, finalTrainingLoss, raceLeader, windowMeans, type NetworkRaceResult, type NetworkRun } from '../../src/core/optim/race.js';
import { networkSettingsText } from '../../src/core/optim/network-explain.js';
import { formatNumber, formatPercent } from '../../src/lib/format.js';
import { KEPT_BACK } from '../../src/lib/lab/lab.js';
import type { ChartColumns, ChartSeries } from '../chart/chart-types.js';
import type { HeatmapMark } from '../heatmap/heatmap.component.js';
import { raceStyles, raceSwatch, raceTable } from './race-styles.js';

/**
 * What the optimizer lab shows for a trained network: its loss landscape on a plane through the
 * trained weights, the optimizer race's training loss and test accuracy against step, and a
 * table of the race. Loaded only when a network is chosen, so the lab's first paint carries none
 * of it. Plain functions of the results: the lab keeps the state and asks the worker.
 */
export { networkDerivations, networkNotes } from '../../src/core/optim/network-explain.js';
export { finalTrainingLoss, raceLeader } from '../../src/core/optim/race.js';

/** What the views need from the lab. */
export interface NetworkView {
  model: NetworkSurface;
  optimizers: readonly RaceOptimizer[];
  raceSteps: number;
  grid?: LandscapeGrid;
  race?: NetworkRaceResult;
  locale?: string;
  /** Whether the reader is to predict the race's winner first: then the race's results stay hidden. */
  hidden: boolean;
  /** Whether the work was stopped by the reader (a button then resumes it), and whether any runs. */
  stopped: boolean;
  working: boolean;
  /** Made again only when its inputs change (the lab's memo). */
  memo: <T>(slot: string, deps: readonly unknown[], make: () => T) => T;
  cancel: () => void;
  resume: () => void;
}

const MAP_LABEL = 'Loss landscape around the trained weights';
/** The trained weights, marked at the plane's centre: one array, so that a re-render does not redraw the map. */
const TRAINED: HeatmapMark[] = [{ x: 0, y: 0, label: 'trained weights θ*', shape: 'cross' }];

/** The progress row's buttons: stop the work, or go on with it where it stopped. */
export function workButtons(view: NetworkView) {
  if (view.working) return html`<div class="buttons network-work"><button type="button" @click=${view.cancel}>Stop</button></div>`;
  return view.stopped ? html`<div class="buttons network-work"><button type="button" @click=${view.resume}>Go on</button><span class="position">Stopped part-way.</span></div>` : nothing;
}

export function landscapeMap(view: NetworkView) {
  const grid = view.grid;
  const locale = view.locale;
  if (!grid) return html`<div class="map-frame">Computing the landscape of the ${networkNames[view.model]}…</div>`;
  // Cells centred on the grid's points: the map reaches half a cell beyond ±range.
  const half = grid.range / (grid.size - 1);
  const extent = view.memo('network-extent', [grid.size, grid.range], () => ({ x: [-grid.range - half, grid.range + half] as [number, number], y: [-grid.range - half, grid.range + half] as [number, number] }));
  const write = (value: number) => formatNumber(value, locale, 3);
  const level = grid.complete ? `${grid.size} × ${grid.size} points` : `refining to ${grid.size} × ${grid.size} points (${formatNumber(grid.computed, locale)} of ${formatNumber(grid.total, locale)} computed)`;
  return html`<ml-heatmap
    label=${`${MAP_LABEL}: ${networkLabels[view.model]}`}
    x-label="α (filter-normalised direction δ)"
    y-label="β (filter-normalised direction η)"
    value-label="training loss (cross-entropy)"
    scale="log"
    colormap="sequential"
    contours
    rows=${grid.size}
    cols=${grid.size}
    .values=${grid.values}
    .extent=${extent}
    .marks=${TRAINED}
    summary=${`Training loss of the ${networkLabels[view.model]} on the plane θ* + α·δ + β·η, α and β from −${grid.range} to ${grid.range} (seed ${grid.seed}), ${level}: ${write(grid.trainedLoss)} at the trained weights (the centre), ${write(grid.min)} to ${write(grid.max)} over the plane.`}
  ></ml-heatmap>`;
}

export function networkReadouts(view: NetworkView) {
  const { grid, race, locale } = view;
  // Every run starts from the same weights: the first score that tells them apart is after step 0.
  const best = race && !view.hidden ? raceLeader(race.runs) : undefined;
  const rise = grid ? grid.max / grid.trainedLoss : Number.NaN;
  return html`<ml-readout
      part="readout"
      label="Training loss at the trained weights"
      .value=${grid?.trainedLoss ?? Number.NaN}
      text=${grid ? '' : '…'}
      detail=${grid ? `on ${formatNumber(grid.samples, locale)} training digits; ${formatNumber(rise, locale, 3)}× higher at the plane’s worst point` : 'the plane’s centre, computed first'}
    ></ml-readout>
    <ml-readout
      part="readout"
      label=${race?.complete ? 'Best test accuracy after the race' : 'Best test accuracy so far'}
      text=${view.hidden ? '?' : best ? `${optimizerLabels[best.name]}, ${formatPercent(best.testAccuracies.at(-1)!, locale, 1)}` : '…'}
      status=${race?.complete && !view.hidden ? 'ok' : 'none'}
      detail=${view.hidden ? `${KEPT_BACK}: the race’s charts and table would give it away` : best ? `at step ${best.testSteps.at(-1)} of ${race!.steps}, on the 2,000 test digits` : `training each optimizer for ${view.raceSteps} steps`}
    ></ml-readout>`;
}

/** Each run's training loss (means of RACE_WINDOW steps) against step, and its test accuracy against step. */
function raceColumns(race: NetworkRaceResult): { loss: ChartColumns; accuracy: ChartColumns; series: ChartSeries[] } {
  const windows = Array.from({ length: Math.ceil(race.steps / RACE_WINDOW) }, (_, k) => Math.min((k + 1) * RACE_WINDOW, race.steps));
  // Every step the test set will be scored at, so that the axis spans the whole race from the start.
  const testSteps = [...Array.from({ length: Math.floor(race.steps / RACE_TEST_EVERY) + 1 }, (_, k) => k * RACE_TEST_EVERY), ...(race.steps % RACE_TEST_EVERY ? [race.steps] : [])];
  const series = race.runs.map((run): ChartSeries => ({ label: optimizerLabels[run.name], color: raceStyles[run.name].color, dash: raceStyles[run.name].line }));
  // Each run's values at the chart's x, null where it has none (yet).
  const at = (xs: readonly number[], steps: readonly number[], values: readonly number[]) =>
    xs.map((x) => {
      const value = values[steps.indexOf(x)];
      return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
    });
  const loss = race.runs.map((run) => {
    const { steps, means } = windowMeans(run.losses, run.taken);
    return at(windows, steps, means);
  });
  const accuracy = race.runs.map((run) => at(testSteps, run.testSteps, run.testAccuracies));
  return { loss: [windows, ...loss], accuracy: [testSteps, ...accuracy], series };
}

export function raceCharts(view: NetworkView) {
  const race = view.race;
  const columns = view.memo('race-columns', [race], () => (race ? raceColumns(race) : undefined));
  const write = (value: number) => formatNumber(value, view.locale, 3);
  const lossSummary = race
    ? race.runs.map((run) => `${optimizerLabels[run.name]}: training loss ${write(run.losses[0]!)} at step 0, ${write(finalTrainingLoss(run))} over the last ${RACE_WINDOW} of ${run.taken} steps`).join('; ') + '.'
    : 'Training…';
  const accuracySummary = race
    ? race.runs.map((run) => `${optimizerLabels[run.name]}: ${formatPercent(run.testAccuracies.at(-1) ?? Number.NaN, view.locale, 1)} at step ${run.testSteps.at(-1) ?? 0}`).join('; ') + '.'
    : 'Training…';
  return html`<div class="race-charts">
    <ml-chart
      part="chart"
      label=${`Training loss against step (mean of every ${RACE_WINDOW} steps)`}
      x-label="Step"
      y-label="Training loss (log)"
      y-scale=${columns?.loss.slice(1).some((column) => column.some((value) => value !== null)) ? 'log10' : 'linear'}
      .columns=${columns?.loss ?? [[]]}
      .series=${columns?.series ?? []}
      summary=${lossSummary}
    ></ml-chart>
    <ml-chart
      part="chart"
      label="Test accuracy against step"
      x-label="Step"
      y-label="Test accuracy"
      y-format="percent"
      .columns=${columns?.accuracy ?? [[]]}
      .series=${columns?.series ?? []}
      summary=${accuracySummary}
    ></ml-chart>
  </div>`;
}

/** The race as a table a screen reader can walk: each optimizer's settings, final loss and accuracy. */
export function networkRaceTable(view: NetworkView) {
  const race = view.race;
  if (!race) return nothing;
  const locale = view.locale;
  const caption = `Each optimizer training the ${networkNames[view.model]}’s architecture for ${formatNumber(race.steps, locale)} steps from the same initialisation (seed ${race.seed})${race.complete ? '' : ', so far'}`;
  const row = (run: NetworkRun) => html`<tr>
    <th scope="row">${raceSwatch(run.name)} ${optimizerLabels[run.name]}</th>
    <td>${networkSettingsText(run.name)}</td>
    <td>${formatNumber(run.taken, locale)}</td>
    <td>${run.stop ? run.stop.reason : formatNumber(finalTrainingLoss(run), locale, 3)}</td>
    <td>${run.testAccuracies.length ? formatPercent(run.testAccuracies.at(-1)!, locale, 1) : '–'}</td>
  </tr>`;
  return raceTable(caption, ['Settings', 'Steps', `Training loss, last ${RACE_WINDOW} steps`, 'Test accuracy'], race.runs.map(row));
}
