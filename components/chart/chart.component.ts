import { dataTableStyles } from '../../src/lib/styles/data-table.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import { MlElement } from '../../src/lib/ml-element.js';
import { changedInValue } from '../../src/lib/changed.js';
import { integerIn, numberIn, oneOf, textUpTo } from '../../src/lib/attribute-rules.js';
import { ResizeController } from '../../src/lib/controllers/resize.js';
import { VisibilityController } from '../../src/lib/controllers/visibility.js';
import { formatValue, type ValueFormat } from '../../src/lib/format.js';
import { paletteProbeStyles, paletteProbes, readPalette } from '../../src/lib/styles/canvas-palette.js';
import { uplotStyles } from './uplot-css.generated.js';
import { chartStyles } from './chart.styles.js';
import {
  buildChartOptions,
  buildSeriesOptions,
  colorOf,
  panelSpec,
  stacksAxes,
  tiltsCategories,
  type ChartPalette,
  type ChartSpec,
} from './chart-options.js';
import { columnsToCsv, describeChart, stackColumns } from './chart-data.js';
import { seriesLineStyle } from './chart-types.js';
import type {
  ChartColumns,
  ChartKind,
  ChartMarker,
  ChartRegion,
  ChartScale,
  ChartSeries,
  ChartThreshold,
} from './chart-types.js';

const formats = ['number', 'bytes', 'percent', 'duration', 'count'] as const;
const scales = ['linear', 'log2', 'log10'] as const;

/**
 * A chart for the labs, drawn by uPlot: lines, stacked areas or bars, on linear or log axes,
 * with labelled threshold lines, shaded regions, a marker for the current setting, a legend
 * that reads out values under the cursor (or at the marker), a one-line text summary and a data-table fallback.
 * Annotation labels are placed clear of the data and of each other. On a narrow chart, series on
 * a second y axis are drawn in a second plot under the first, rather than squeezing both axes
 * beside one plot.
 * It follows the theme, resizes with its container, puts off redrawing while far from the
 * viewport (catching up as it comes near, and before a PNG or printing) and releases uPlot
 * when removed.
 *
 * Data are uPlot-shaped columns (`[xs, ys1, ys2, …]`) set as properties by the widget.
 *
 * @summary A themed, accessible uPlot chart.
 * @csspart figure - The figure around plot, caption and table.
 * @csspart plot - The plot area (uPlot's canvas and legend).
 * @csspart summary - The one-line text summary under the plot.
 * @csspart table - The data-table fallback (a `<details>` element).
 */
export class MlChart extends MlElement {
  static override styles = [...MlElement.styles, uplotStyles, dataTableStyles, chartStyles, paletteProbeStyles];

  static override attributeRules = {
    kind: oneOf(['line', 'stacked', 'bars']),
    'x-scale': oneOf(scales),
    'y-scale': oneOf(scales),
    'x-format': oneOf(formats),
    'y-format': oneOf(formats),
    'y2-format': oneOf(formats),
    height: integerIn(120, 1200),
    label: textUpTo(200),
    'x-label': textUpTo(120),
    'y-label': textUpTo(120),
    'y2-label': textUpTo(120),
    summary: textUpTo(500),
    'y-max': numberIn(0, 1e300),
  };

  /** How series are drawn: `line`, `stacked` areas, or `bars`. */
  @property() kind: ChartKind = 'line';
  /** Accessible name of the chart, e.g. "Memory against batch size". */
  @property() label = '';
  /** x-axis title, with its unit. */
  @property({ attribute: 'x-label' }) xLabel = '';
  /** Left y-axis title, with its unit. */
  @property({ attribute: 'y-label' }) yLabel = '';
  /** Right y-axis title, for series with `axis: 'right'`. */
  @property({ attribute: 'y2-label' }) y2Label = '';
  /** x-axis scale: `linear`, `log2` or `log10`. */
  @property({ attribute: 'x-scale' }) xScale: ChartScale = 'linear';
  /** Left y-axis scale: `linear`, `log2` or `log10`. */
  @property({ attribute: 'y-scale' }) yScale: ChartScale = 'linear';
  /** How x values are written: `number`, `bytes`, `percent`, `duration` or `count`. */
  @property({ attribute: 'x-format' }) xFormat: ValueFormat = 'number';
  /** How left-axis values are written. */
  @property({ attribute: 'y-format' }) yFormat: ValueFormat = 'number';
  /** How right-axis values are written. */
  @property({ attribute: 'y2-format' }) y2Format: ValueFormat = 'number';
  /** Plot height in CSS pixels (120–1200). */
  @property({ type: Number }) height = 260;
  /**
   * Top of the left y axis; 0 fits the data. Labs set it to keep the interesting range (such as
   * the device capacity) readable when the largest values are far above it.
   */
  @property({ type: Number, attribute: 'y-max' }) yMax = 0;
  /** One-line text summary; a description is generated from the data when empty. */
  @property() summary = '';

  /** uPlot-shaped columns: `[xs, ys1, ys2, …]`; set a new array when the data change. */
  @property({ attribute: false }) columns: ChartColumns = [[]];
  /** Label, colour and axis of each y column. */
  @property({ attribute: false, hasChanged: changedInValue }) series: ChartSeries[] = [];
  /** Names of the x positions for bar charts of categories (x = 0, 1, 2, …). */
  @property({ attribute: false, hasChanged: changedInValue }) categories?: string[];
  /** Labelled lines, e.g. device capacity. */
  @property({ attribute: false, hasChanged: changedInValue }) thresholds: ChartThreshold[] = [];
  /** Shaded bands, e.g. "out of memory". */
  @property({ attribute: false, hasChanged: changedInValue }) regions: ChartRegion[] = [];
  /** Faint vertical lines at these x values, e.g. the levels a quantizer can represent. */
  @property({ attribute: false, hasChanged: changedInValue }) levels: number[] = [];
  /** The current setting, marked with a vertical line. */
  @property({ attribute: false, hasChanged: changedInValue }) marker?: ChartMarker;

  @query('.plot') private plotElement?: HTMLElement;
  @query('.probes') private probes?: HTMLElement;
  /** The table is built only while the reader has it open. */
  @state() private tableOpen = false;

  private plot?: uPlot;
  /** The second y axis's series, in a plot under `plot`, while the chart is too narrow for two axes side by side. */
  private lowerPlot?: uPlot;
  /** `plotKey()` and `seriesKey()` of what the plot currently draws. */
  private drawnPlotKey = '';
  private drawnSeriesKey = '';
  private drawnTitles = '';
  private readonly resize = new ResizeController(this, () => this.plotElement);
  /**
   * Far from the viewport the plot keeps its last drawing (or is not made yet) and catches up
   * as it comes near: a lab's input then redraws only the charts a reader can see.
   */
  private readonly visibility = new VisibilityController(this, () => this.catchUp());

  /** The chart data as CSV text (original values, not running sums). */
  toCsv(): string {
    return columnsToCsv(this.columns, this.series, this.xLabel);
  }

  /**
   * The chart as a PNG image on the theme's background: its label as a title, the plot (or both
   * stacked plots) with axes and annotations, and a legend of the series.
   */
  async toPngBlob(): Promise<Blob | null> {
    await this.updateComplete;
    this.visibility.flush();
    await null; // uPlot commits a redraw in a microtask
    if (!this.plot) return null;
    const palette = this.palette();
    // Loaded when first asked for: a page draws charts far more often than it downloads one.
    const { drawExport } = await import('./chart-export.js');
    const canvas = drawExport({
      title: this.label,
      plots: this.plots().map((plot) => plot.ctx.canvas),
      legend: this.series.map((series, i) => ({ label: series.label, color: colorOf(palette, series, i), dash: seriesLineStyle(series) })),
      swatch: this.kind === 'line' ? 'line' : 'box',
      palette,
      ratio: devicePixelRatio || 1,
    });
    return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Put back in a page, the chart makes its plot again once it is near (the visibility
    // controller counts its drawing as behind).
    this.destroyPlot();
  }

  protected override renderContent() {
    const summary = this.summary || this.describe();
    return html`
      <figure part="figure" aria-label=${this.label || nothing}>
        <div class="plot" part="plot" role="img" aria-label=${summary}></div>
        <figcaption part="summary">${summary}</figcaption>
        ${this.renderTable()}
      </figure>
      ${paletteProbes()}
    `;
  }

  private describe(): string {
    return describeChart({
      columns: this.columns,
      series: this.series,
      xLabel: this.xLabel,
      yLabel: this.yLabel,
      xFormat: this.xFormat,
      yFormat: this.yFormat,
      locale: this.settings.locale,
    });
  }

  /** The data as a table, behind a disclosure that is there before the data are, so the chart keeps its height as they come. */
  private renderTable() {
    const [xs, ...ys] = this.columns;
    const toggle = (event: Event) => (this.tableOpen = (event.currentTarget as HTMLDetailsElement).open);
    return html`
      <details part="table" @toggle=${toggle}>
        <summary>Data table</summary>
        ${!this.tableOpen ? nothing : xs.length === 0 ? html`<p>No data yet.</p>` : this.renderTableBody(xs, ys)}
      </details>
    `;
  }

  private renderTableBody(xs: readonly number[], ys: readonly (readonly (number | null)[])[]) {
    const locale = this.settings.locale;
    const xText = (x: number) => (this.categories ? (this.categories[x] ?? String(x)) : formatValue(x, this.xFormat, locale));
    return html`
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">${this.label || this.describe()}</caption>
            <thead>
              <tr>
                <th scope="col">${this.xLabel || 'x'}</th>
                ${ys.map((_, i) => html`<th scope="col">${this.series[i]?.label ?? `series ${i + 1}`}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${xs.map(
                (x, row) => html`<tr>
                  <th scope="row">${xText(x)}</th>
                  ${ys.map((column, i) => {
                    const value = column[row];
                    const format = this.series[i]?.axis === 'right' ? this.y2Format : this.yFormat;
                    return html`<td>${value === null || value === undefined ? '–' : formatValue(value, format, locale)}</td>`;
                  })}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const element = this.plotElement;
    if (!element || !this.isConnected) return;
    // CSSOM rather than a style attribute, which a strict Content-Security-Policy blocks.
    const width = this.resize.width || this.plot?.width || 0;
    element.style.minHeight = `${this.height * (stacksAxes(this.series, width) ? 2 : 1)}px`;
    // The plot is made once the container's width is known (the ResizeObserver reports it
    // before the first paint), so no layout is forced here and the plot is drawn once. A chart
    // that is far from the viewport, or not yet known to be near (the report comes before the
    // frame in which the width arrives), keeps its plot as it is, or has none yet, and catches
    // up when it is near (`catchUp`). A hidden chart (width 0) keeps its plot's width and its
    // data current instead, so it is right the moment it is shown again.
    if (width === 0) return;
    if (this.resize.width > 0 && this.visibility.putOff()) return;
    this.sync(
      width,
      this.visibility.takeBehind() || changed.has('columns') || changed.has('yMax') || changed.has('thresholds'),
      changed.has('regions') || changed.has('marker') || changed.has('levels'),
    );
  }

  /** Draws what the chart put off while it was far from the viewport. */
  private catchUp(): void {
    const width = this.resize.width || this.plot?.width || 0;
    if (width > 0) this.sync(width, true, true);
  }

  /**
   * Brings the plot up to date: a new plot when its axes changed, else an update in place.
   * Annotations are read by the draw hooks, so they need only a redraw; new data, a new axis top
   * or new thresholds (the axes widen to show them, e.g. a clipping range) need setData, which
   * rescales.
   */
  private sync(width: number, dataChanged: boolean, annotationsChanged: boolean): void {
    const plotKey = this.plotKey(width);
    const specs = this.panels(width);
    if (!this.plot || plotKey !== this.drawnPlotKey) {
      this.destroyPlot();
      this.drawnPlotKey = plotKey;
      this.drawnSeriesKey = this.seriesKey();
      this.drawnTitles = JSON.stringify([this.xLabel, this.yLabel, this.y2Label]);
      const [upper, lower] = specs.map((spec) => new uPlot(buildChartOptions(spec), spec.drawnColumns, this.plotElement!));
      this.plot = upper;
      this.lowerPlot = lower;
      return;
    }
    const seriesKey = this.seriesKey();
    const seriesChanged = seriesKey !== this.drawnSeriesKey;
    this.drawnSeriesKey = seriesKey;
    // New axis titles are drawn on the same plot: uPlot reads them at each draw.
    const titles = JSON.stringify([this.xLabel, this.yLabel, this.y2Label]);
    const retitled = titles !== this.drawnTitles;
    this.drawnTitles = titles;
    this.plots().forEach((plot, i) => {
      const spec = specs[i]!;
      if (retitled) {
        buildChartOptions(spec).axes!.forEach((axis, a) => (plot.axes[a]!.label = axis.label));
        annotationsChanged = true;
      }
      if (plot.width !== width || plot.height !== this.height) plot.setSize({ width, height: this.height });
      if (seriesChanged) this.replaceSeries(plot, spec);
      else if (dataChanged) plot.setData(spec.drawnColumns);
      else if (annotationsChanged) {
        plot.redraw(false, false);
        // The legend reads out the values at the marker while the cursor is off the plot.
        plot.setLegend({});
      }
    });
  }

  private plots(): uPlot[] {
    return [this.plot, this.lowerPlot].filter((plot) => plot !== undefined);
  }

  /** What each plot draws: the whole chart, or its two axes' series one above the other. */
  private panels(width: number): ChartSpec[] {
    const spec = this.spec(width);
    return stacksAxes(this.series, width) ? [panelSpec(spec, 'left'), panelSpec(spec, 'right')] : [spec];
  }

  /**
   * What forces a new plot: axes, scales, formats, colours. Series and categories are swapped
   * into the live plot instead (see `replaceSeries`).
   */
  private plotKey(width: number): string {
    return JSON.stringify([
      this.kind,
      this.categories !== undefined,
      tiltsCategories(this.categories, width),
      this.series.some((series) => series.axis === 'right'),
      stacksAxes(this.series, width),
      // Only whether each axis has a title sets the plot's layout; the words change in place.
      [this.xLabel, this.yLabel, this.y2Label].map(Boolean),
      this.xScale,
      this.yScale,
      this.xFormat,
      this.yFormat,
      this.y2Format,
      this.settings.theme,
      this.settings.locale,
    ]);
  }

  private seriesKey(): string {
    return JSON.stringify([this.series, this.categories]);
  }

  /**
   * Replaces the plot's y series and bands, and redraws with the current columns and categories.
   * Keeping the plot keeps its canvas: the first draw on a new one alone takes 7–14 ms in
   * headless Chromium, most of an input's 16 ms budget. Not in `plot.batch`, which draws at
   * once: uPlot's own microtask draws after the lab's other elements have updated their DOM,
   * and a draw on a dirty DOM forces a layout (setting the canvas font does).
   */
  private replaceSeries(plot: uPlot, spec: ChartSpec): void {
    const { series, bands } = buildSeriesOptions(spec);
    for (let i = plot.series.length - 1; i > 0; i--) plot.delSeries(i);
    for (const options of series) plot.addSeries(options);
    plot.delBand();
    for (const band of bands) plot.addBand(band);
    plot.setData(spec.drawnColumns);
    // New category names may keep the x range; recomputing the axes picks them up.
    plot.redraw(false, true);
  }

  private drawnColumns(): uPlot.AlignedData {
    const columns = this.kind === 'stacked' ? stackColumns(this.columns) : this.columns;
    return columns as unknown as uPlot.AlignedData;
  }

  private spec(width: number): ChartSpec {
    // The data, series and annotations are read lazily by uPlot's hooks and callbacks, so they
    // stay current after `setData` or `replaceSeries` without rebuilding the plot.
    const chart = this;
    return {
      get kind() { return chart.kind; },
      get columns() { return chart.columns; },
      get drawnColumns() { return chart.drawnColumns(); },
      get series() { return chart.series; },
      get categories() { return chart.categories; },
      get thresholds() { return chart.thresholds; },
      get regions() { return chart.regions; },
      get marker() { return chart.marker; },
      get levels() { return chart.levels; },
      get yMax() { return chart.yMax; },
      xLabel: this.xLabel,
      yLabel: this.yLabel,
      y2Label: this.y2Label,
      xScale: this.xScale,
      yScale: this.yScale,
      formats: { x: this.xFormat, y: this.yFormat, y2: this.y2Format },
      locale: this.settings.locale,
      palette: this.palette(),
      width,
      height: this.height,
    };
  }

  /**
   * Literal colours and font for the canvas, resolved from the tokens in the current theme: each
   * probe span is coloured by its token in the stylesheet, and their box has the text's font
   * family (`--ml-font`), so one style pass resolves them all.
   */
  private palette(): ChartPalette {
    // Reading computed styles forces a style pass; the colours change only with the theme.
    const theme = this.settings.theme;
    if (this.paletteCache?.theme !== theme) this.paletteCache = { theme, palette: readPalette(this.probes!) };
    return this.paletteCache.palette;
  }

  private paletteCache?: { theme: string; palette: ChartPalette };

  private destroyPlot(): void {
    for (const plot of this.plots()) plot.destroy();
    this.plot = undefined;
    this.lowerPlot = undefined;
  }
}
