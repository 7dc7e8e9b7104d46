import { dataTableStyles } from '../../src/lib/styles/data-table.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { MlElement } from '../../src/lib/ml-element.js';
import { integerIn, numberIn, oneOf, textUpTo } from '../../src/lib/attribute-rules.js';
import { ResizeController } from '../../src/lib/controllers/resize.js';
import { formatNumber, formatValue, type ValueFormat } from '../../src/lib/format.js';
import { heatmapStyles } from './heatmap.styles.js';
import {
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

/** Row and column labels are drawn as ticks up to this many. */
const maxTickLabels = 32;
/** A data table is offered up to this many cells. */
const maxTableCells = 400;
/** Map height limits in CSS pixels; a row with a tick label gets at least `tickRowHeight`. */
const minPlotHeight = 80;
const maxPlotHeight = 480;
const tickRowHeight = 14;
/** Column labels turn vertical when a column is narrower than this (CSS pixels). */
const horizontalTickWidth = 48;

interface Cell {
  row: number;
  col: number;
}

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
 * @summary A fast, accessible canvas heat map.
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
  static override styles = [...MlElement.styles, dataTableStyles, heatmapStyles];

  static override attributeRules = {
    rows: gridSize,
    cols: gridSize,
    colormap: oneOf(colormapNames),
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
  /** Names of the rows (e.g. query tokens), shown as ticks when there are at most 32 rows. */
  @property({ attribute: false }) rowLabels?: string[];
  /** Names of the columns (e.g. key tokens), shown as ticks when there are at most 32 columns. */
  @property({ attribute: false }) colLabels?: string[];

  /** The highlighted cell, from the pointer or the keyboard. */
  @state() private cell?: Cell;

  @query('.plot') private plotElement?: HTMLElement;
  @query('canvas') private canvas?: HTMLCanvasElement;
  @query('.bar') private bar?: HTMLElement;
  @query('.probe') private probe?: HTMLElement;

  private readonly resize = new ResizeController(this, () => this.plotElement);
  private extent: DataExtent = dataExtent([]);
  private domain: ColorDomain = { min: 0, max: 1 };
  /** Cells at rows × cols pixels; redrawn only when data or colours change. */
  private image?: HTMLCanvasElement;
  private pixels?: ImageData;
  private imageDirty = true;
  private pointerInside = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.imageDirty = true;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Give the pixel memory back now rather than when the element is collected.
    if (this.image) this.image.width = this.image.height = 0;
    this.image = undefined;
    this.pixels = undefined;
    this.imageDirty = true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('values') || changed.has('rows') || changed.has('cols')) {
      this.extent = dataExtent(this.values, this.cellCount());
      this.imageDirty = true;
      if (this.cell && (this.cell.row >= this.gridRows() || this.cell.col >= this.gridCols())) this.cell = undefined;
    }
    if (changed.has('values') || changed.has('rows') || changed.has('cols') || changed.has('colormap') ||
        changed.has('min') || changed.has('max')) {
      this.domain = colorDomain(this.extent, this.colormap, finiteOrUndefined(this.min), finiteOrUndefined(this.max));
      this.imageDirty = true;
    }
  }

  protected override renderContent() {
    const rows = this.gridRows();
    const cols = this.gridCols();
    const summary = this.summary || this.describe();
    const rowTicks = rows <= maxTickLabels && this.rowLabels?.length ? this.rowLabels : undefined;
    const colTicks = cols <= maxTickLabels && this.colLabels?.length ? this.colLabels : undefined;
    const verticalTicks = (this.resize.width || 600) / cols < horizontalTickWidth;
    return html`
      <figure part="figure" aria-label=${this.label || nothing}>
        ${this.renderDataNote()}
        <div class="layout">
          ${this.yLabel ? html`<div class="y-label" part="axis-label">${this.yLabel}</div>` : nothing}
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
              @pointerleave=${this.onPointerLeave}
              @keydown=${this.onKeyDown}
              @focus=${this.onFocus}
              @blur=${this.onBlur}
            ></canvas>
          </div>
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
        ${this.renderTable()}
      </figure>
      <span class="probe"></span>
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    if (!this.isConnected) return;
    const rows = this.gridRows();
    const cols = this.gridCols();
    // CSSOM rather than style attributes, which a strict Content-Security-Policy blocks.
    this.bar?.style.setProperty('background-image', colormapGradient(this.colormap));
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
    paintCells(this.values, rows * cols, colormapLut(this.colormap), this.domain, pixels.data);
    context.putImageData(pixels, 0, 0);
    this.imageDirty = false;
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
    canvas.style.height = `${height}px`;
    if (canvas.width !== deviceWidth || canvas.height !== deviceHeight) {
      canvas.width = deviceWidth;
      canvas.height = deviceHeight;
    }
    const context = canvas.getContext('2d')!;
    context.clearRect(0, 0, deviceWidth, deviceHeight);
    context.imageSmoothingEnabled = false;
    context.drawImage(this.image, 0, 0, deviceWidth, deviceHeight);
    if (this.cell) this.drawHighlight(context, this.cell, deviceWidth / cols, deviceHeight / rows, ratio);
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

  /** Literal colours for the canvas, resolved from the tokens in the current theme. */
  private palette(): { bg: string; accent: string } {
    const probe = this.probe!;
    const resolve = (token: string) => {
      probe.style.color = `var(${token})`;
      return getComputedStyle(probe).color;
    };
    return { bg: resolve('--_bg'), accent: resolve('--_accent') };
  }

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
        <span class="visually-hidden">Colour scale from</span>
        <span class="legend-min">${this.valueText(this.domain.min)}</span>
        <span class="scale" aria-hidden="true">
          <span class="bar"></span>
          ${diverging ? html`<span class="zero">${this.valueText(0)}</span>` : nothing}
        </span>
        <span class="visually-hidden">to</span>
        <span class="legend-max">${this.valueText(this.domain.max)}</span>
      </div>
    `;
  }

  private renderTable() {
    const rows = this.gridRows();
    const cols = this.gridCols();
    if (this.values.length === 0) return nothing;
    if (rows * cols > maxTableCells) {
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
    if (this.extent.finite === 0) return `${name}${shape}${axes}, no values yet.`;
    const at = (index: number) => `row ${Math.floor(index / cols)}, col ${index % cols}`;
    return (
      `${name}${shape}${axes}; values from ${this.valueText(this.extent.min)} (${at(this.extent.argMin)}) ` +
      `to ${this.valueText(this.extent.max)} (${at(this.extent.argMax)}).`
    );
  }

  private readout(): string {
    const cell = this.cell;
    if (!cell) return 'Point at a cell, or focus the map and use the arrow keys, to read its value.';
    const rowLabel = this.rowLabels?.[cell.row];
    const colLabel = this.colLabels?.[cell.col];
    const row = rowLabel ? `row ${cell.row} “${rowLabel}”` : `row ${cell.row}`;
    const col = colLabel ? `col ${cell.col} “${colLabel}”` : `col ${cell.col}`;
    return `${row}, ${col}: ${this.cellText(cell.row, cell.col)}`;
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
    const col = Math.floor(((event.clientX - box.left) / box.width) * this.gridCols());
    const row = Math.floor(((event.clientY - box.top) / box.height) * this.gridRows());
    this.moveTo(row, col);
  }

  private onPointerLeave(): void {
    this.pointerInside = false;
    if (this.shadowRoot?.activeElement !== this.canvas) this.cell = undefined;
  }

  private onFocus(): void {
    this.cell ??= { row: 0, col: 0 };
  }

  private onBlur(): void {
    if (!this.pointerInside) this.cell = undefined;
  }

  private onKeyDown(event: KeyboardEvent): void {
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

  private moveTo(row: number, col: number): void {
    const next = {
      row: Math.min(Math.max(row, 0), this.gridRows() - 1),
      col: Math.min(Math.max(col, 0), this.gridCols() - 1),
    };
    if (this.cell?.row !== next.row || this.cell?.col !== next.col) this.cell = next;
  }
}

function clampInteger(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.floor(value), 1), 4096) : 1;
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}
