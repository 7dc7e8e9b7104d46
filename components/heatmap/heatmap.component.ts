import { dataTableStyles } from '../../src/lib/styles/data-table.js';
import { columnsToCsv } from '../chart/chart-data.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { integerIn, numberIn, oneOf, textUpTo } from '../../src/lib/attribute-rules.js';
import { ResizeController } from '../../src/lib/controllers/resize.js';
import { formatNumber, formatValue, type ValueFormat } from '../../src/lib/format.js';
import { dispatchControlEvent } from '../../src/lib/events.js';
import { paletteProbeStyles, paletteProbes, readPalette, type CanvasPalette } from '../../src/lib/styles/canvas-palette.js';
import { heatmapStyles } from './heatmap.styles.js';
import { LOG_DECADES, bandValues, contourLevels, contourSegments, levelFractions, scaledValues, type ColorScale } from './contours.js';
import {
  cellCentre,
  cellOf,
  drawOverlay,
  fromBox,
  pathColor,
  planeTicks,
  type HeatmapExtent,
  type HeatmapMark,
  type HeatmapPath,
  type PlanePoint,
} from './plane.js';
import {
  bandedGradient,
  colorDomain,
  colormapGradient,
  colormapLut,
  colormapNames,
  dataExtent,
  paintCells,
  type ColorDomain,
  type ColormapName,
  type DataExtent,
} from './colormaps.js';

const formats = ['number', 'bytes', 'percent', 'duration', 'count'] as const;
const gridSize = integerIn(1, 4096);
const domainBound = numberIn(-1e12, 1e12);

/** Row and column labels are drawn as ticks up to this many (a sentence's characters on an attention map). */
const maxTickLabels = 64;
/** A data table is offered up to this many cells. */
const maxTableCells = 400;
/** Map height limits in CSS pixels; a row with a tick label gets at least `tickRowHeight`. */
const minPlotHeight = 80;
const maxPlotHeight = 480;
const tickRowHeight = 12;
/** Column labels turn vertical when a column is narrower than this (CSS pixels). */
const horizontalTickWidth = 48;
/** Column labels are left out when a column is narrower than this (CSS pixels): vertical labels would overlap. */
const minTickWidth = 11;

interface Cell {
  row: number;
  col: number;
}

export type { HeatmapExtent, HeatmapMark, HeatmapPath, PlanePoint } from './plane.js';

/**
 * A heat map on one canvas, for attention maps, pruning masks and loss surfaces: a
 * perceptual sequential colour map (viridis) or a colour-blind-safe diverging one (RdBu,
 * centred on 0), a colour bar with the range, axis titles, row and column tick labels when
 * there are few enough, and a readout of the cell under the pointer. The map is focusable:
 * arrow keys move a highlighted cell (Home/End to the row's ends, Ctrl+Home/End to the
 * corners, Page Up/Down by a tenth) and the readout names it. A one-line summary and, for
 * small maps, a data table make the values available without sight.
 *
 * Cells are coloured once per data change into an image of rows × cols pixels, which is
 * scaled to the canvas without smoothing, so maps of 2048 × 2048 cells stay fast.
 *
 * Values that span orders of magnitude take a log colour scale (`scale="log"`); `contours`
 * colours the map in flat bands between round levels and draws a line at each (a filled contour
 * map). Given the region of a plane its cells cover (`extent`), the map becomes a plot of that
 * plane: numbered axes, a readout in coordinates, paths and marked points drawn over it (an
 * optimizer's iterates, a surface's minima), and, with `pickable`, a point the reader places by
 * clicking or with the arrow keys, announced as `input` and `change` like any control. Its paths
 * come with a data table, and the map with its paths is offered as CSV and PNG (`toCsv`,
 * `toPngBlob`).
 *
 * @summary A fast, accessible canvas heat map.
 * @fires input - With `pickable`, when the reader places the point (`pick`).
 * @fires change - With `pickable`, when the reader commits the placed point (each click or arrow key).
 * @csspart figure - The figure around map, legend, readout, caption and table.
 * @csspart plot - The box around the map canvas (its border is the map's frame).
 * @csspart canvas - The map canvas (focusable).
 * @csspart axis-label - The x- and y-axis titles.
 * @csspart ticks - The row and column tick labels.
 * @csspart readout - The line that reads out the highlighted cell.
 * @csspart legend - The colour bar with its range.
 * @csspart summary - The one-line text summary.
 * @csspart table - The data-table fallback (a `<details>` element), or the note saying the map is too large for one.
 * @csspart data-note - The note shown when `values` does not hold rows × cols numbers.
 */
export class MlHeatmap extends MlElement {
  static override styles = [...MlElement.styles, dataTableStyles, heatmapStyles, paletteProbeStyles];

  static override attributeRules = {
    rows: gridSize,
    cols: gridSize,
    colormap: oneOf(colormapNames),
    scale: oneOf(['linear', 'log']),
    'value-label': textUpTo(60),
    'pick-label': textUpTo(60),
    min: domainBound,
    max: domainBound,
    format: oneOf(formats),
    label: textUpTo(200),
    'x-label': textUpTo(120),
    'y-label': textUpTo(120),
    summary: textUpTo(500),
  };

  /** Cell values, row by row (`values[row * cols + col]`). NaN cells are left blank. */
  @property({ attribute: false }) values: Float32Array | number[] = [];
  /** Number of rows (1–4096). */
  @property({ type: Number }) rows = 1;
  /** Number of columns (1–4096). */
  @property({ type: Number }) cols = 1;
  /** `sequential` (viridis) for magnitudes, or `diverging` (RdBu, symmetric about 0) for signed values. */
  @property() colormap: ColormapName = 'sequential';
  /** Value at the low end of the colours; the data's minimum when unset. */
  @property({ type: Number }) min?: number;
  /** Value at the high end of the colours; the data's maximum when unset. */
  @property({ type: Number }) max?: number;
  /** Accessible name of the map, e.g. "Head 3 attention weights". */
  @property() label = '';
  /** Title of the columns axis, with its unit, e.g. "Key position (token)". */
  @property({ attribute: 'x-label' }) xLabel = '';
  /** Title of the rows axis, with its unit, e.g. "Query position (token)". */
  @property({ attribute: 'y-label' }) yLabel = '';
  /** How values are written: `number`, `bytes`, `percent`, `duration` or `count`. */
  @property() format: ValueFormat = 'number';
  /** One-line text summary; one is generated from the data when empty. */
  @property() summary = '';
  /**
   * `linear`, or `log` for values spanning orders of magnitude (a loss surface): the colours
   * follow log₁₀ of the values, over at most six decades below the largest; zero and below take
   * the lowest colour.
   */
  @property() scale: ColorScale = 'linear';
  /** Filled contours: the colours in flat bands between round levels, with a line at each level. */
  @property({ type: Boolean }) contours = false;
  /** What the values are, with their unit (e.g. "Loss"), for the readout, the tables and the CSV. */
  @property({ attribute: 'value-label' }) valueLabel = '';
  /**
   * The region of a plane the cells cover (`{ x: [left, right], y: [bottom, top] }`; row 0 is
   * the top). Set, the map is a plot of that plane: numbered axes, a readout in coordinates, and
   * `paths`, `marks` and `pick` drawn where they lie.
   */
  @property({ attribute: false }) extent?: HeatmapExtent;
  /** Paths drawn over the plane (with `extent`), each in a series colour and line style, its current point marked. */
  @property({ attribute: false }) paths: HeatmapPath[] = [];
  /** Points marked on the plane (with `extent`): `cross` for a known answer, `ring` for a chosen point. */
  @property({ attribute: false }) marks: HeatmapMark[] = [];
  /** Each path is drawn up to this index, its current point (animating them); beyond the end, whole. */
  @property({ attribute: false }) progress = Infinity;
  /**
   * Lets the reader place a point on the plane (with `extent`): a click or tap puts it there,
   * the arrow keys move it while the map has focus (Shift for a tenth of the step). Each move
   * fires `input` and `change`, with the point in `pick`.
   */
  @property({ type: Boolean }) pickable = false;
  /** What the placed point is (e.g. "start"), for the readout. */
  @property({ attribute: 'pick-label' }) pickLabel = 'point';
  /** The point the reader placed (with `pickable`), in the plane's units. */
  @property({ attribute: false }) pick?: PlanePoint;
  /** How far an arrow key moves the placed point, in the plane's units; one cell when 0. */
  @property({ attribute: false }) pickStep = 0;
  /** Names of the rows (e.g. query tokens), shown as ticks when there are at most 64 rows. */
  @property({ attribute: false }) rowLabels?: string[];
  /** Names of the columns (e.g. key tokens), shown as ticks when there are at most 64 columns, each at least 11 pixels wide. */
  @property({ attribute: false }) colLabels?: string[];

  /** The highlighted cell, from the pointer or the keyboard. */
  @state() private cell?: Cell;

  @query('.plot') private plotElement?: HTMLElement;
  @query('canvas') private canvas?: HTMLCanvasElement;
  @query('.bar') private bar?: HTMLElement;
  @query('.probes') private probes?: HTMLElement;

  /** The paths' table is built only while the reader has it open. */
  @state() private pathTableOpen = false;

  private readonly resize = new ResizeController(this, () => this.plotElement);
  /** The values as the colours see them (log₁₀ on a log scale), and their extremes. */
  private scaled: ArrayLike<number> = [];
  private valueRange: DataExtent = dataExtent([]);
  /** The colours' range and the contour levels, in scaled units. */
  private domain: ColorDomain = { min: 0, max: 1 };
  private levels: number[] = [];
  /** Level lines in cell units (see contourSegments), made with the image. */
  private segments: Float32Array = new Float32Array(0);
  /** The cells at the canvas's size with their level lines (see cellLayer), and whether it shows the current image. */
  private layer?: HTMLCanvasElement;
  private layerDrawn = false;
  /** Cells at rows × cols pixels; redrawn only when data or colours change. */
  private image?: HTMLCanvasElement;
  private pixels?: ImageData;
  private imageDirty = true;
  private pointerInside = false;
  /** Whether the readout is about the placed point (moved by keys) rather than the cell under the pointer. */
  @state() private pickFocused = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.imageDirty = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Give the pixel memory back now rather than when the element is collected.
    for (const canvas of [this.image, this.layer]) if (canvas) canvas.width = canvas.height = 0;
    this.image = undefined;
    this.layer = undefined;
    this.layerDrawn = false;
    this.pixels = undefined;
    this.imageDirty = true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const data = changed.has('values') || changed.has('rows') || changed.has('cols') || changed.has('scale');
    if (data) {
      this.scaled = scaledValues(this.values, this.cellCount(), this.scale);
      this.valueRange = dataExtent(this.scaled, this.cellCount());
      if (this.cell && (this.cell.row >= this.gridRows() || this.cell.col >= this.gridCols())) this.cell = undefined;
    }
    if (data || changed.has('colormap') || changed.has('min') || changed.has('max') || changed.has('contours')) {
      this.domain = this.colorRange();
      this.levels = this.contours ? contourLevels(this.domain, this.scale) : [];
      this.imageDirty = true;
    }
  }

  /** The colours' range in scaled units: the given min and max, else the data's (at most LOG_DECADES on a log scale). */
  private colorRange(): ColorDomain {
    const toScale = (value: number | undefined) => {
      const finite = finiteOrUndefined(value);
      if (finite === undefined || this.scale === 'linear') return finite;
      return finite > 0 ? Math.log10(finite) : undefined;
    };
    const domain = colorDomain(this.valueRange, this.colormap, toScale(this.min), toScale(this.max));
    if (this.scale === 'log' && toScale(this.min) === undefined) domain.min = Math.max(domain.min, domain.max - LOG_DECADES);
    return domain;
  }

  /** A scaled value back in the values' own units. */
  private unscale(value: number): number {
    return this.scale === 'log' ? 10 ** value : value;
  }

  protected override renderContent() {
    const rows = this.gridRows();
    const cols = this.gridCols();
    const summary = this.summary || this.describe();
    const plane = this.extent;
    const rowTicks = !plane && rows <= maxTickLabels && this.rowLabels?.length ? this.rowLabels : undefined;
    const columnWidth = (this.resize.width || 600) / cols;
    const colTicks = !plane && cols <= maxTickLabels && columnWidth >= minTickWidth && this.colLabels?.length ? this.colLabels : undefined;
    const verticalTicks = columnWidth < horizontalTickWidth;
    return html`
      <figure part="figure" aria-label=${this.label || nothing}>
        ${this.renderDataNote()}
        <div class="layout">
          ${this.yLabel ? html`<div class="y-label" part="axis-label">${this.yLabel}</div>` : nothing}
          ${plane ? this.renderPlaneTicks('y', plane) : nothing}
          ${rowTicks
            ? html`<div class="row-ticks" part="ticks" aria-hidden="true">
                ${Array.from({ length: rows }, (_, i) => html`<span>${rowTicks[i] ?? ''}</span>`)}
              </div>`
            : nothing}
          <div class="plot" part="plot">
            <canvas
              part="canvas"
              tabindex="0"
              role="img"
              aria-label=${this.label || 'Heat map'}
              aria-describedby="readout summary"
              @pointermove=${this.onPointer}
              @pointerdown=${this.onPointer}
              @click=${this.onClick}
              @pointerleave=${this.onPointerLeave}
              @keydown=${this.onKeyDown}
              @focus=${this.onFocus}
              @blur=${this.onBlur}
            ></canvas>
          </div>
          ${plane ? this.renderPlaneTicks('x', plane) : nothing}
          ${colTicks
            ? html`<div class="col-ticks ${verticalTicks ? 'vertical' : ''}" part="ticks" aria-hidden="true">
                ${Array.from({ length: cols }, (_, j) => html`<span>${colTicks[j] ?? ''}</span>`)}
              </div>`
            : nothing}
          ${this.xLabel ? html`<div class="x-label" part="axis-label">${this.xLabel}</div>` : nothing}
        </div>
        <p class="readout" id="readout" part="readout" aria-live="polite">${this.readout()}</p>
        ${this.renderLegend()}
        <figcaption id="summary" part="summary">${summary}</figcaption>
        ${this.renderTable()} ${this.renderPathTable()}
      </figure>
      ${paletteProbes()}
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.isConnected) return;
    const rows = this.gridRows();
    const cols = this.gridCols();
    // CSSOM rather than style attributes, which a strict Content-Security-Policy blocks.
    // Styles are written only when they change: each write would cost the page a style pass.
    if (this.imageDirty || !this.bar?.style.backgroundImage) {
      const gradient = this.levels.length ? bandedGradient(this.colormap, levelFractions(this.levels, this.domain)) : colormapGradient(this.colormap);
      this.bar?.style.setProperty('background-image', gradient);
    }
    // Numbered ticks of a plane, each at its place along its axis.
    if (changed.has('extent')) {
      for (const tick of this.renderRoot.querySelectorAll<HTMLElement>('.plane-ticks span')) {
        tick.style.setProperty(tick.parentElement!.classList.contains('x') ? 'left' : 'top', `${Number(tick.dataset.at) * 100}%`);
      }
    }
    const rowTicks = this.renderRoot.querySelector<HTMLElement>('.row-ticks');
    if (rowTicks) rowTicks.style.gridTemplateRows = `repeat(${rows}, minmax(0, 1fr))`;
    const colTicks = this.renderRoot.querySelector<HTMLElement>('.col-ticks');
    if (colTicks) colTicks.style.gridTemplateColumns = `repeat(${cols}, minmax(0, 1fr))`;
    if (this.imageDirty) this.paintImage();
    this.draw();
  }

  /** The rows × cols image of the cells, one pixel each. */
  private paintImage(): void {
    const rows = this.gridRows();
    const cols = this.gridCols();
    const image = (this.image ??= document.createElement('canvas'));
    if (image.width !== cols || image.height !== rows) {
      image.width = cols;
      image.height = rows;
    }
    const context = image.getContext('2d')!;
    if (this.pixels?.width !== cols || this.pixels.height !== rows) this.pixels = context.createImageData(cols, rows);
    const pixels = this.pixels;
    const painted = this.levels.length ? bandValues(this.scaled, this.levels, this.domain) : this.scaled;
    paintCells(painted, rows * cols, colormapLut(this.colormap), this.domain, pixels.data);
    context.putImageData(pixels, 0, 0);
    this.segments = this.levels.length ? contourSegments(this.scaled, rows, cols, this.levels, this.domain.min) : new Float32Array(0);
    this.imageDirty = false;
    this.layerDrawn = false;
  }

  /** Scales the cell image to the canvas (device pixels, no smoothing) and marks the highlighted cell. */
  private draw(): void {
    const canvas = this.canvas;
    const plot = this.plotElement;
    if (!canvas || !plot || !this.image) return;
    const rows = this.gridRows();
    const cols = this.gridCols();
    const width = this.resize.width || plot.clientWidth || 300;
    const hasRowTicks = rows <= maxTickLabels && !!this.rowLabels?.length;
    const minimum = hasRowTicks ? Math.max(minPlotHeight, rows * tickRowHeight) : minPlotHeight;
    // Cells keep the data's aspect within [minimum, maxPlotHeight]; an empty map stays low.
    const natural = this.values.length === 0 ? 0 : (width * rows) / cols;
    const height = Math.round(Math.min(Math.max(natural, minimum), Math.max(maxPlotHeight, minimum)));
    const ratio = window.devicePixelRatio || 1;
    const deviceWidth = Math.max(1, Math.round(width * ratio));
    const deviceHeight = Math.max(1, Math.round(height * ratio));
    if (canvas.style.height !== `${height}px`) canvas.style.height = `${height}px`;
    if (canvas.width !== deviceWidth || canvas.height !== deviceHeight) {
      canvas.width = deviceWidth;
      canvas.height = deviceHeight;
    }
    const context = canvas.getContext('2d')!;
    context.clearRect(0, 0, deviceWidth, deviceHeight);
    context.drawImage(this.cellLayer(deviceWidth, deviceHeight, ratio), 0, 0);
    const plane = this.extent;
    if (plane) {
      const marks = this.pickable && this.pick ? [...this.marks, { ...this.pick, label: this.pickLabel, shape: 'ring' as const }] : this.marks;
      drawOverlay(context, { extent: plane, paths: this.paths, marks, progress: this.progress, colors: this.palette(), ratio });
    }
    if (this.cell) this.drawHighlight(context, this.cell, deviceWidth / cols, deviceHeight / rows, ratio);
  }

  /**
   * The cells scaled to the canvas (no smoothing) with their level lines, drawn once per data and
   * size: what is drawn over them (paths that animate, the highlight) then costs one copy.
   */
  private cellLayer(width: number, height: number, ratio: number): HTMLCanvasElement {
    const layer = (this.layer ??= document.createElement('canvas'));
    if (this.layerDrawn && layer.width === width && layer.height === height) return layer;
    layer.width = width;
    layer.height = height;
    const context = layer.getContext('2d')!;
    context.imageSmoothingEnabled = false;
    context.drawImage(this.image!, 0, 0, width, height);
    this.drawLevelLines(context, width / this.gridCols(), height / this.gridRows(), ratio);
    this.layerDrawn = true;
    return layer;
  }

  /** A thin line at each contour level, dark and translucent so that it reads on every band. */
  private drawLevelLines(context: CanvasRenderingContext2D, cellWidth: number, cellHeight: number, ratio: number): void {
    const segments = this.segments;
    if (segments.length === 0) return;
    context.save();
    context.strokeStyle = 'rgba(0, 0, 0, 0.28)';
    context.lineWidth = ratio;
    context.beginPath();
    for (let i = 0; i < segments.length; i += 4) {
      context.moveTo(segments[i]! * cellWidth, segments[i + 1]! * cellHeight);
      context.lineTo(segments[i + 2]! * cellWidth, segments[i + 3]! * cellHeight);
    }
    context.stroke();
    context.restore();
  }

  /**
   * A two-tone frame inside the cell (a background-coloured ring, then an accent ring) that
   * stays visible on any cell colour; at least 8 CSS pixels wide so tiny cells still show it.
   * Edges are whole device pixels so the rings are crisp.
   */
  private drawHighlight(context: CanvasRenderingContext2D, cell: Cell, cellWidth: number, cellHeight: number, ratio: number): void {
    const { width: canvasWidth, height: canvasHeight } = context.canvas;
    const minimum = Math.round(8 * ratio);
    const box = (start: number, size: number, limit: number) => {
      const length = Math.min(Math.max(Math.round(size), minimum), limit);
      const from = Math.round(start + size / 2 - length / 2);
      return [Math.min(Math.max(from, 0), limit - length), length] as const;
    };
    const [x, width] = box(cell.col * cellWidth, cellWidth, canvasWidth);
    const [y, height] = box(cell.row * cellHeight, cellHeight, canvasHeight);
    const outer = Math.max(1, Math.round(ratio));
    const inner = Math.max(1, Math.round(2 * ratio));
    const colors = this.palette();
    context.lineWidth = outer;
    context.strokeStyle = colors.bg;
    context.strokeRect(x + outer / 2, y + outer / 2, width - outer, height - outer);
    context.lineWidth = inner;
    context.strokeStyle = colors.accent;
    context.strokeRect(x + outer + inner / 2, y + outer + inner / 2, width - 2 * outer - inner, height - 2 * outer - inner);
  }

  /** Literal colours and font for the canvas, from the tokens in the current theme (read once per theme). */
  private palette(): CanvasPalette {
    const theme = this.settings.theme;
    if (this.paletteCache?.theme !== theme) this.paletteCache = { theme, palette: readPalette(this.probes!) };
    return this.paletteCache.palette;
  }

  private paletteCache?: { theme: string; palette: CanvasPalette };

  private renderDataNote() {
    const expected = this.cellCount();
    const length = this.values.length;
    if (length === 0 || length === expected) return nothing;
    const count = (n: number) => formatNumber(n, this.settings.locale, 21);
    const gap = length < expected ? 'Missing cells are left blank.' : 'Extra values are ignored.';
    return html`<p class="data-note" part="data-note" role="status">
      values holds ${count(length)} numbers but ${count(this.gridRows())} rows × ${count(this.gridCols())} columns need
      ${count(expected)}. ${gap}
    </p>`;
  }

  private renderLegend() {
    const diverging = this.colormap === 'diverging';
    return html`
      <div class="legend" part="legend">
        <span class="visually-hidden">${this.scale === 'log' ? 'Log colour scale from' : 'Colour scale from'}</span>
        <span class="legend-min">${this.valueText(this.unscale(this.domain.min))}</span>
        <span class="scale" aria-hidden="true">
          <span class="bar"></span>
          ${diverging ? html`<span class="zero">${this.valueText(0)}</span>` : nothing}
        </span>
        <span class="visually-hidden">to</span>
        <span class="legend-max">${this.valueText(this.unscale(this.domain.max))}</span>
      </div>
    `;
  }

  private renderTable() {
    const rows = this.gridRows();
    const cols = this.gridCols();
    if (this.values.length === 0) return nothing;
    if (rows * cols > maxTableCells) {
      // Where the arrow keys place a point, they read no cells: the note's advice would be wrong.
      if (this.pickable && this.extent) return nothing;
      return html`<p class="table-note" part="table">
        Data table: ${formatNumber(rows * cols, this.settings.locale, 21)} cells is too large for a table; focus the map and
        use the arrow keys to read values.
      </p>`;
    }
    return html`
      <details part="table">
        <summary>Data table</summary>
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">${this.label || this.describe()}</caption>
            <thead>
              <tr>
                <th scope="col">${`${this.yLabel || 'row'} \\ ${this.xLabel || 'col'}`}</th>
                ${Array.from({ length: cols }, (_, j) => html`<th scope="col">${this.colName(j)}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${Array.from(
                { length: rows },
                (_, i) => html`<tr>
                  <th scope="row">${this.rowName(i)}</th>
                  ${Array.from({ length: cols }, (_, j) => html`<td>${this.cellText(i, j)}</td>`)}
                </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    `;
  }

  private describe(): string {
    const rows = this.gridRows();
    const cols = this.gridCols();
    const name = this.label ? `${this.label}: ` : '';
    const shape = `${rows} × ${cols} heat map`;
    const axes = this.yLabel || this.xLabel ? ` of ${this.yLabel || 'rows'} by ${this.xLabel || 'columns'}` : '';
    const range = this.valueRange;
    if (range.finite === 0) return `${name}${shape}${axes}, no values yet.`;
    const at = (index: number) => this.placeText(Math.floor(index / cols), index % cols);
    return (
      `${name}${shape}${axes}; values from ${this.valueText(this.unscale(range.min))} (${at(range.argMin)}) ` +
      `to ${this.valueText(this.unscale(range.max))} (${at(range.argMax)}).`
    );
  }

  /** Where a cell is, in words: its row and column, or on a plane its centre's coordinates. */
  private placeText(row: number, col: number): string {
    if (!this.extent) return `row ${row}, col ${col}`;
    return this.pointText(cellCentre(this.extent, row, col, this.gridRows(), this.gridCols()));
  }

  private pointText({ x, y }: PlanePoint): string {
    const write = (value: number) => formatNumber(value, this.settings.locale, 3);
    return `x = ${write(x)}, y = ${write(y)}`;
  }

  private readout(): string {
    const cell = this.cell;
    const value = this.valueLabel ? `${this.valueLabel} ` : '';
    if (!cell) {
      if (this.pickable && this.extent) return `Click or tap to place the ${this.pickLabel}, or focus the map and move it with the arrow keys.`;
      return 'Point at a cell, or focus the map and use the arrow keys, to read its value.';
    }
    if (this.extent) {
      const place = this.pickable && this.pick && this.pickFocused ? `${capitalised(this.pickLabel)} at ${this.pointText(this.pick)}` : this.placeText(cell.row, cell.col);
      return `${place}: ${value}${this.cellText(cell.row, cell.col)}`;
    }
    const rowLabel = this.rowLabels?.[cell.row];
    const colLabel = this.colLabels?.[cell.col];
    const row = rowLabel ? `row ${cell.row} “${rowLabel}”` : `row ${cell.row}`;
    const col = colLabel ? `col ${cell.col} “${colLabel}”` : `col ${cell.col}`;
    return `${row}, ${col}: ${value}${this.cellText(cell.row, cell.col)}`;
  }

  /** Round values along a plane's axis, each at its place from 0 (left, or top) to 1. */
  private renderPlaneTicks(axis: 'x' | 'y', plane: HeatmapExtent) {
    const [low, high] = plane[axis];
    const write = (value: number) => formatNumber(value, this.settings.locale, 3);
    return html`<div class="plane-ticks ${axis}" part="ticks" aria-hidden="true">
      ${planeTicks(low, high).map((value) => {
        const at = axis === 'x' ? (value - low) / (high - low) : (high - value) / (high - low);
        return html`<span data-at=${at}>${write(value)}</span>`;
      })}
    </div>`;
  }

  /** The paths as columns: the step, then each path's x, y and value, named in `header`. */
  private pathColumns(): { header: string[]; columns: (number | null)[][] } {
    const paths = this.paths;
    const value = this.valueLabel || 'value';
    const length = Math.max(0, ...paths.map((path) => path.xs.length));
    const column = (data: ArrayLike<number>) => Array.from({ length }, (_, step) => (step < data.length ? data[step]! : null));
    const header = ['Step'];
    const columns: (number | null)[][] = [Array.from({ length }, (_, step) => step)];
    for (const path of paths) {
      header.push(`${path.label} x`, `${path.label} y`);
      columns.push(column(path.xs), column(path.ys));
      if (path.values) {
        header.push(`${path.label} ${value}`);
        columns.push(column(path.values));
      }
    }
    return { header, columns };
  }

  /** Every point of every path as a table, behind a disclosure built when opened. */
  private renderPathTable() {
    if (!this.extent || this.paths.length === 0) return nothing;
    const toggle = (event: Event) => (this.pathTableOpen = (event.currentTarget as HTMLDetailsElement).open);
    const write = (cell: number | null) => (cell === null ? '–' : formatNumber(cell, this.settings.locale, 4));
    const table = () => {
      const { header, columns } = this.pathColumns();
      const rows = columns[0]!.map((_, step) => columns.map((column) => column[step]!));
      return html`<div class="table-wrap">
        <table>
          <caption class="visually-hidden">Paths over ${this.label || 'the map'}</caption>
          <thead><tr>${header.map((name) => html`<th scope="col">${name}</th>`)}</tr></thead>
          <tbody>${rows.map(([step, ...cells]) => html`<tr><th scope="row">${step}</th>${cells.map((cell) => html`<td>${write(cell)}</td>`)}</tr>`)}</tbody>
        </table>
      </div>`;
    };
    return html`<details part="table" class="paths" @toggle=${toggle}>
      <summary>Paths (data table)</summary>
      ${this.pathTableOpen ? table() : nothing}
    </details>`;
  }

  /**
   * The data as CSV: on a plane with paths, one row per step with each path's x, y and value;
   * otherwise one row per cell, with its place and value.
   */
  toCsv(): string {
    const label = (name: string) => ({ label: name });
    if (this.extent && this.paths.length > 0) {
      const [steps, ...columns] = this.pathColumns().columns;
      const [first, ...names] = this.pathColumns().header;
      return columnsToCsv([steps as number[], ...columns], names.map(label), first!);
    }
    const rows = this.gridRows();
    const cols = this.gridCols();
    const across: number[] = [];
    const down: number[] = [];
    const values: (number | null)[] = [];
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const place = this.extent ? cellCentre(this.extent, row, col, rows, cols) : { x: row, y: col };
        const cell = this.values[row * cols + col];
        across.push(place.x);
        down.push(place.y);
        values.push(cell === undefined || Number.isNaN(cell) ? null : cell);
      }
    }
    const [first, second] = this.extent ? ['x', 'y'] : ['row', 'col'];
    return columnsToCsv([across, down, values], [label(second!), label(this.valueLabel || 'value')], first!);
  }

  /** The map as a PNG on the theme's background: its label as a title, the canvas with what is drawn over it, and a key of the paths. */
  async toPngBlob(): Promise<Blob | null> {
    await this.updateComplete;
    const canvas = this.canvas;
    if (!canvas || canvas.width <= 1) return null;
    const colors = this.palette();
    const { drawExport } = await import('../chart/chart-export.js');
    const image = drawExport({
      title: this.label,
      plots: [canvas],
      legend: this.paths.map((path, i) => ({ label: path.label, color: pathColor(colors, path, i), dash: path.line ?? 'solid' })),
      swatch: 'line',
      palette: colors,
      ratio: window.devicePixelRatio || 1,
    });
    return new Promise((resolve) => image.toBlob(resolve, 'image/png'));
  }

  private rowName(row: number): string {
    return this.rowLabels?.[row] ?? String(row);
  }

  private colName(col: number): string {
    return this.colLabels?.[col] ?? String(col);
  }

  private cellText(row: number, col: number): string {
    const value = this.values[row * this.gridCols() + col];
    return value === undefined || Number.isNaN(value) ? 'no value' : this.valueText(value);
  }

  private valueText(value: number): string {
    return formatValue(value, this.format, this.settings.locale);
  }

  /** Rows and columns as whole numbers in range, whatever was set from code. */
  private gridRows(): number {
    return clampInteger(this.rows);
  }

  private gridCols(): number {
    return clampInteger(this.cols);
  }

  private cellCount(): number {
    return this.gridRows() * this.gridCols();
  }

  private onPointer(event: PointerEvent): void {
    const canvas = event.currentTarget as HTMLCanvasElement;
    const box = canvas.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    this.pointerInside = true;
    this.pickFocused = false;
    const col = Math.floor(((event.clientX - box.left) / box.width) * this.gridCols());
    const row = Math.floor(((event.clientY - box.top) / box.height) * this.gridRows());
    this.moveTo(row, col);
  }

  /** A click or tap places the point, where the map is pickable. */
  private onClick(event: MouseEvent): void {
    const plane = this.extent;
    if (!this.pickable || !plane) return;
    const box = (event.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    this.placePoint(fromBox(plane, event.clientX - box.left, event.clientY - box.top, box.width, box.height));
  }

  private onPointerLeave(): void {
    this.pointerInside = false;
    if (this.shadowRoot?.activeElement !== this.canvas) this.cell = undefined;
  }

  private onFocus(): void {
    if (this.pickable && this.extent && this.pick) {
      this.pickFocused = true;
      this.cell = cellOf(this.extent, this.pick, this.gridRows(), this.gridCols());
    }
    this.cell ??= { row: 0, col: 0 };
  }

  private onBlur(): void {
    this.pickFocused = false;
    if (!this.pointerInside) this.cell = undefined;
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.pickable && this.extent && this.movePick(event)) return;
    const rows = this.gridRows();
    const cols = this.gridCols();
    const { row, col } = this.cell ?? { row: 0, col: 0 };
    const corner = event.ctrlKey || event.metaKey;
    const page = Math.max(1, Math.round(rows / 10));
    const moves: Record<string, Cell> = {
      ArrowLeft: { row, col: col - 1 },
      ArrowRight: { row, col: col + 1 },
      ArrowUp: { row: row - 1, col },
      ArrowDown: { row: row + 1, col },
      PageUp: { row: row - page, col },
      PageDown: { row: row + page, col },
      Home: corner ? { row: 0, col: 0 } : { row, col: 0 },
      End: corner ? { row: rows - 1, col: cols - 1 } : { row, col: cols - 1 },
    };
    const target = moves[event.key];
    if (!target) return;
    event.preventDefault();
    this.moveTo(target.row, target.col);
  }

  /** The arrow keys move the placed point by `pickStep` (Shift: a tenth); whether the key was one of them. */
  private movePick(event: KeyboardEvent): boolean {
    const plane = this.extent!;
    const directions: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const direction = directions[event.key];
    if (!direction) return false;
    event.preventDefault();
    const cellWidth = (plane.x[1] - plane.x[0]) / this.gridCols();
    const step = (this.pickStep > 0 ? this.pickStep : cellWidth) * (event.shiftKey ? 0.1 : 1);
    const from = this.pick ?? cellCentre(plane, this.cell?.row ?? 0, this.cell?.col ?? 0, this.gridRows(), this.gridCols());
    this.placePoint({ x: from.x + direction[0] * step, y: from.y + direction[1] * step });
    return true;
  }

  /** Puts the point where the reader asked (inside the plane), highlights its cell, and says so with `input` and `change`. */
  private placePoint(point: PlanePoint): void {
    const plane = this.extent!;
    const clamp = (value: number, [low, high]: readonly [number, number]) => Math.min(Math.max(value, Math.min(low, high)), Math.max(low, high));
    this.pick = { x: clamp(point.x, plane.x), y: clamp(point.y, plane.y) };
    this.pickFocused = this.shadowRoot?.activeElement === this.canvas;
    this.cell = cellOf(plane, this.pick, this.gridRows(), this.gridCols());
    dispatchControlEvent(this, 'input');
    dispatchControlEvent(this, 'change');
  }

  private moveTo(row: number, col: number): void {
    const next = {
      row: Math.min(Math.max(row, 0), this.gridRows() - 1),
      col: Math.min(Math.max(col, 0), this.gridCols() - 1),
    };
    if (this.cell?.row !== next.row || this.cell?.col !== next.col) this.cell = next;
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function clampInteger(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), 1), 4096) : 1;
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
