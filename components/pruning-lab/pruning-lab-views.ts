/**
 * The data the pruning lab's pictures take, made from its results: the accuracy-against-sparsity
 * chart (every method's sweep, 2:4's single point, the points fine-tuned so far), a layer's
 * weights with the pruned ones blank, and each layer's share pruned.
 */
import { SWEEP_METHODS, type PruneSweep } from '../../src/core/prune/sweep.js';
import type { PrunableWeight, PruneMethod } from '../../src/core/prune/setting.js';
import type { ChartColumns, ChartSeries } from '../chart/chart-types.js';

/** A setting fine-tuned, where the chart marks it. */
export interface FineTunedPoint {
  method: PruneMethod;
  sparsity: number;
  accuracy: number;
}

/** Palette slots: each method keeps its colour in the curves, its fine-tuned marks and 2:4's point. */
const COLOR: Record<PruneMethod, number> = { magnitude: 1, random: 2, 'l1-structured': 3, 'l2-structured': 4, '2:4': 5 };

/** Names of the methods in the legend. */
export const METHOD_NAMES: Record<PruneMethod, string> = {
  magnitude: 'Magnitude',
  random: 'Random',
  'l1-structured': 'Structured, L1',
  'l2-structured': 'Structured, L2',
  '2:4': '2:4',
};

/**
 * Columns and series of the accuracy chart: one curve per method (drawn across the x values
 * that only fine-tuned points have), 2:4 as one mark at 50 %, and a series of marks for each
 * method with points fine-tuned. x is the share pruned.
 */
export function sweepChart(sweep: PruneSweep | undefined, fineTuned: readonly FineTunedPoint[]): { columns: ChartColumns; series: ChartSeries[] } {
  const grid = sweep?.sparsities ?? [];
  const xs = [...new Set([...grid, ...(sweep ? [0.5] : []), ...fineTuned.map((p) => p.sparsity)])].sort((a, b) => a - b);
  const at = (points: { x: number; y: number | null }[]) => xs.map((x) => points.find((p) => p.x === x)?.y ?? null);
  const curves = SWEEP_METHODS.map((method) => ({
    series: { label: METHOD_NAMES[method], color: COLOR[method], spanGaps: true } as ChartSeries,
    column: at(grid.map((x, i) => ({ x, y: sweep?.series.find((s) => s.method === method)?.accuracy[i] ?? null }))),
  }));
  const semi = { series: { label: '2:4 (one point, 50 %)', color: COLOR['2:4'], marks: true } as ChartSeries, column: at([{ x: 0.5, y: sweep?.semiStructured ?? null }]) };
  const tuned = ([...SWEEP_METHODS, '2:4'] as PruneMethod[])
    .filter((method) => fineTuned.some((p) => p.method === method))
    .map((method) => ({
      series: { label: `${METHOD_NAMES[method]}, fine-tuned`, color: COLOR[method], marks: true } as ChartSeries,
      column: at(fineTuned.filter((p) => p.method === method).map((p) => ({ x: p.sparsity, y: p.accuracy }))),
    }));
  const all = [...curves, semi, ...tuned];
  return { columns: [xs, ...all.map((s) => s.column)], series: all.map((s) => s.series) };
}

/**
 * A weight's magnitudes |w| with its pruned entries NaN, which the heat map leaves blank: on a
 * sequential colour map that never reaches the background, a pruned weight is told from a small
 * one.
 */
export function maskedMagnitudes(values: Float32Array, mask: Uint8Array | undefined): Float32Array {
  const shown = values.map(Math.abs);
  if (mask) for (let i = 0; i < shown.length; i++) if (!mask[i]) shown[i] = NaN;
  return shown;
}

/** The mask picture's axes: what a weight's rows (its outputs) and columns (its inputs) are, with their counts. */
export function maskAxes(weights: readonly PrunableWeight[], index: number): { x: string; y: string } {
  const weight = weights[index]!;
  if (weight.type === 'conv2d') return { x: `Input: channel × 3 × 3 (${weight.cols})`, y: `Filter (${weight.rows})` };
  const input = index === 0 ? 'Input pixel' : weights[index - 1]!.type === 'conv2d' ? 'Input feature' : 'Input neuron';
  const output = index === weights.length - 1 ? 'Class' : 'Neuron';
  return { x: `${input} (${weight.cols})`, y: `${output} (${weight.rows})` };
}
