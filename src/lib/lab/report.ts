import { describeResult, type ResultSpecs } from '../../core/shared/prediction.js';
import type { Derivation } from '../../core/shared/derivation.js';
import type { LabReport, ReportPrediction } from '../../core/shared/report.js';
import type { MlChart } from '../../../components/chart/chart.component.js';
import { formatNumber } from '../format.js';
import { VERSION } from '../define.js';

/** What a lab hands over for its report (loaded when a reader asks for one). */
export interface ReportSource {
  lab: string;
  heading: string;
  embed: string;
  specs: ResultSpecs;
  /** The results the reader may see (one still to be predicted is not among them). */
  results: Record<string, unknown>;
  derivations: Derivation[];
  charts: MlChart[];
  predictions: ReportPrediction[];
  locale: string | undefined;
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The report of the lab as it is now: its named results in words, and each chart drawn as a PNG. */
export async function makeReport(source: ReportSource): Promise<LabReport> {
  const write = (value: number) => formatNumber(value, source.locale, 3);
  const results = Object.entries(source.specs)
    .filter(([key]) => source.results[key] !== undefined)
    .map(([key, spec]) => ({ label: spec.label, value: describeResult(spec, source.results[key], write) }));
  const charts = [];
  for (const chart of source.charts) {
    const blob = await chart.toPngBlob();
    if (blob) charts.push({ title: chart.label || 'Chart', png: await dataUrl(blob) });
  }
  return {
    lab: source.lab,
    heading: source.heading,
    version: VERSION,
    date: new Date().toISOString(),
    embed: source.embed,
    predictions: source.predictions,
    results,
    derivations: source.derivations,
    charts,
  };
}
