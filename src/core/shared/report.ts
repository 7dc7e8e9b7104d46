/**
 * A student's report of a lab session: what they looked at (the tag that reproduces the final
 * view), what they predicted and how it compared, the key results with their derivations and
 * the charts. One object, written as Markdown (every learning-management system accepts it)
 * or as JSON (the object itself) for tools.
 */
import type { Derivation } from './derivation.js';

export interface ReportPrediction {
  question: string;
  /** The named result asked about. */
  result: string;
  prediction: string;
  answer: string;
  /** How far off, in words: "off by 3.2× (too high)". */
  judgement: string;
  right: boolean;
}

export interface LabReport {
  /** The lab's tag, e.g. `ml-batch-memory`. */
  lab: string;
  heading: string;
  /** The package version that computed it. */
  version: string;
  /** When the report was made, ISO 8601. */
  date: string;
  /** A tag that reproduces the final view. */
  embed: string;
  predictions: ReportPrediction[];
  results: { label: string; value: string }[];
  derivations: Derivation[];
  /** Each chart as a PNG `data:` URL, so the file stands alone. */
  charts: { title: string; png: string }[];
}

/** Table cells hold no pipes or line breaks. */
const cell = (text: string) => text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');

/** The report as one self-contained Markdown file. */
export function reportMarkdown(report: LabReport): string {
  const lines = [
    `# ${report.heading || report.lab}: report`,
    '',
    `\`<${report.lab}>\`, mlsys-labs ${report.version}, ${report.date}`,
    '',
    '## The view',
    '',
    'Paste this tag into a page with the lab’s script to see the same view:',
    '',
    '```html',
    report.embed,
    '```',
  ];
  if (report.predictions.length > 0) {
    lines.push('', '## Predictions', '');
    for (const p of report.predictions) lines.push(`- **${p.question}** Predicted ${p.prediction}; the lab computed ${p.answer}: ${p.judgement}.`);
  }
  if (report.results.length > 0) {
    lines.push('', '## Results', '', '| Result | Value |', '| --- | --- |');
    for (const r of report.results) lines.push(`| ${cell(r.label)} | ${cell(r.value)} |`);
  }
  if (report.derivations.length > 0) {
    lines.push('', '## How they were computed', '');
    for (const d of report.derivations) {
      lines.push(`- **${d.label}**: \`${d.formula}\``);
      // As the Math Peek writes it: "= result", unless the result starts with a relation (≈, ≤).
      const result = d.result ? (/^\s*[=≈≤≥<>~→]/u.test(d.result) ? d.result : `= ${d.result}`) : '';
      if (d.substituted || result) lines.push(`  - ${[d.substituted && `\`${d.substituted}\``, result].filter(Boolean).join(' ')}`);
      if (d.source) lines.push(`  - Source: ${d.source}`);
    }
  }
  if (report.charts.length > 0) {
    lines.push('', '## Charts', '');
    for (const c of report.charts) lines.push(`### ${c.title}`, '', `![${c.title}](${c.png})`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
