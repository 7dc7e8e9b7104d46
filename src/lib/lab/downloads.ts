/**
 * What a lab saves when the reader asks: its main chart's data (CSV) or picture (PNG), and the
 * reader's report (Markdown or JSON). Loaded on the first such click: no page pays for it before.
 */
import { describeResult, type ResultSpecs } from '../../core/shared/prediction.js';
import type { Derivation } from '../../core/shared/derivation.js';
import { reportMarkdown, type LabReport, type ReportPrediction } from '../../core/shared/report.js';
import { MlReportEvent } from './course-events.js';
import { formatNumber } from '../format.js';
import { VERSION } from '../define.js';

/** A chart or map the lab shows: it can give its data as CSV and its picture as a PNG. */
export interface Figure {
  /** Its title. */
  readonly label: string;
  toCsv(): string;
  toPngBlob(): Promise<Blob | null>;
}

/** What a lab hands over for its report (loaded when a reader asks for one). */
export interface ReportSource {
  lab: string;
  heading: string;
  embed: string;
  specs: ResultSpecs;
  /** The results the reader may see (one still to be predicted is not among them). */
  results: Record<string, unknown>;
  derivations: Derivation[];
  charts: Figure[];
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

/** Hands the reader a file, as a download. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function saveCsv(chart: Figure, name: string): void {
  save(new Blob([chart.toCsv()], { type: 'text/csv' }), `${name}.csv`);
}

export async function savePng(chart: Figure, name: string): Promise<void> {
  const blob = await chart.toPngBlob();
  if (blob) save(blob, `${name}.png`);
}

/** Saves the report as Markdown or JSON, and hands the same to the page as `ml-report` (from `host`). */
export async function saveReport(host: HTMLElement, source: ReportSource, format: 'md' | 'json'): Promise<void> {
  const report = await makeReport(source);
  const markdown = reportMarkdown(report);
  host.dispatchEvent(new MlReportEvent({ report, markdown }));
  const blob = format === 'md' ? new Blob([markdown], { type: 'text/markdown' }) : new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' });
  save(blob, `${source.lab}-report.${format}`);
}
