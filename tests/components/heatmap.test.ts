import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/heatmap/ml-heatmap.js';
import { MlHeatmap as MlHeatmapClass } from '../../components/heatmap/ml-heatmap.js';
import type { MlHeatmap } from '../../components/heatmap/ml-heatmap.js';
import {
  buildLut,
  colorDomain,
  colorIndex,
  colormapLut,
  dataExtent,
  paintCells,
  parseHex,
  rdBuAnchors,
  viridisAnchors,
} from '../../components/heatmap/colormaps.js';
import { bandValues, contourLevels, contourSegments, scaledValues } from '../../components/heatmap/contours.js';
import { planeTicks } from '../../components/heatmap/plane.js';

const part = (map: MlHeatmap, selector: string) => map.shadowRoot!.querySelector<HTMLElement>(selector);
const canvasOf = (map: MlHeatmap) => part(map, 'canvas') as HTMLCanvasElement;
const readoutText = (map: MlHeatmap) => part(map, '.readout')!.textContent!.trim();
const lutColor = (lut: Uint8ClampedArray, index: number) => [...lut.slice(index * 4, index * 4 + 3)];

/** Reads back one device pixel of the visible canvas. */
function pixelAt(map: MlHeatmap, x: number, y: number): number[] {
  const canvas = canvasOf(map);
  return [...canvas.getContext('2d')!.getImageData(x, y, 1, 1).data];
}

/** 3 × 4 values 0, 1, …, 11. */
const ramp = Array.from({ length: 12 }, (_, i) => i);

describe('heatmap colour maps', () => {
  it('viridis runs from matplotlib’s first to its last colour', () => {
    const lut = colormapLut('sequential');
    expect(lut.length).to.equal(256 * 4);
    // matplotlib _viridis_data[0] = (0.267004, 0.004874, 0.329415), [255] = (0.993248, 0.906157, 0.143936).
    expect(lutColor(lut, 0)).to.deep.equal([68, 1, 84]);
    expect(lutColor(lut, 255)).to.deep.equal([253, 231, 37]);
    expect(lutColor(lut, 0)).to.deep.equal(parseHex(viridisAnchors[0]!));
    expect(lutColor(lut, 255)).to.deep.equal(parseHex(viridisAnchors[viridisAnchors.length - 1]!));
    // Row 128 of _viridis_data, the middle anchor, sits at entry 127.5: between its neighbours.
    expect(lutColor(lut, 128)[1]).to.be.within(143, 147);
  });

  it('the diverging map runs from ColorBrewer RdBu’s darkest blue to its darkest red through white', () => {
    const lut = colormapLut('diverging');
    expect(lutColor(lut, 0)).to.deep.equal([0x05, 0x30, 0x61]);
    expect(lutColor(lut, 255)).to.deep.equal([0x67, 0x00, 0x1f]);
    expect(rdBuAnchors[5]).to.equal('#f7f7f7');
    const middle = lutColor(lut, 128);
    for (const channel of middle) expect(channel).to.be.within(0xf0, 0xff);
  });

  it('interpolates linearly between anchors and is opaque', () => {
    const lut = buildLut(['#000000', '#ff0000'], 3);
    expect([...lut]).to.deep.equal([0, 0, 0, 255, 128, 0, 0, 255, 255, 0, 0, 255]);
  });

  it('takes the domain from the data, symmetric about 0 for the diverging map', () => {
    const extent = dataExtent([3, -1, NaN, 2, Infinity]);
    expect(extent).to.deep.include({ min: -1, max: 3, argMin: 1, argMax: 0, finite: 3 });
    expect(colorDomain(extent, 'sequential')).to.deep.equal({ min: -1, max: 3 });
    expect(colorDomain(extent, 'diverging')).to.deep.equal({ min: -3, max: 3 });
    expect(colorDomain(extent, 'sequential', 0, 10)).to.deep.equal({ min: 0, max: 10 });
    expect(colorDomain(dataExtent([]), 'sequential')).to.deep.equal({ min: 0, max: 1 });
    expect(colorIndex(0, { min: -3, max: 3 })).to.equal(128);
    expect(colorIndex(-5, { min: -3, max: 3 })).to.equal(0);
    expect(colorIndex(7, { min: 0, max: 1 })).to.equal(255);
  });

  it('paints one pixel per cell and leaves NaN and missing cells transparent', () => {
    const pixels = new Uint8ClampedArray(4 * 4);
    const lut = colormapLut('sequential');
    paintCells([0, NaN, 1], 4, lut, { min: 0, max: 1 }, pixels);
    expect([...pixels.slice(0, 4)]).to.deep.equal([68, 1, 84, 255]);
    expect(pixels[7]).to.equal(0);
    expect([...pixels.slice(8, 12)]).to.deep.equal([253, 231, 37, 255]);
    expect(pixels[15]).to.equal(0);
  });
});

describe('ml-heatmap', () => {
  it('has sensible defaults and renders with no attributes', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap></ml-heatmap>`);
    expect(map.rows).to.equal(1);
    expect(map.cols).to.equal(1);
    expect(map.colormap).to.equal('sequential');
    expect(map.format).to.equal('number');
    expect(map.min).to.equal(undefined);
    expect(map.max).to.equal(undefined);
    expect(part(map, '.attribute-note')).to.equal(null);
    expect(part(map, '.data-note')).to.equal(null);
    expect(canvasOf(map).tabIndex).to.equal(0);
    expect(part(map, 'figcaption')!.textContent).to.contain('no values yet');
  });

  it('wires attributes to properties and to what it renders', async () => {
    const map = await fixture<MlHeatmap>(html`
      <ml-heatmap rows="3" cols="4" colormap="diverging" x-label="Key (token)" y-label="Query (token)"
        label="Head 0" format="percent" min="-0.5" max="0.25"></ml-heatmap>
    `);
    expect(map.rows).to.equal(3);
    expect(map.cols).to.equal(4);
    expect(map.colormap).to.equal('diverging');
    expect(map.xLabel).to.equal('Key (token)');
    expect(map.min).to.equal(-0.5);
    map.values = ramp.map((v) => (v - 6) / 20);
    await map.updateComplete;
    const labels = [...map.shadowRoot!.querySelectorAll('[part="axis-label"]')].map((el) => el.textContent);
    expect(labels).to.deep.equal(['Query (token)', 'Key (token)']);
    expect(canvasOf(map).getAttribute('aria-label')).to.equal('Head 0');
    // Diverging: symmetric about 0 from the larger bound, with 0 marked.
    expect(part(map, '.legend-min')!.textContent).to.equal('-50.0%');
    expect(part(map, '.legend-max')!.textContent).to.equal('50.0%');
    expect(part(map, '.zero')!.textContent).to.equal('0.0%');
    expect(part(map, 'figcaption')!.textContent).to.equal(
      'Head 0: 3 × 4 heat map of Query (token) by Key (token); values from -30.0% (row 0, col 0) to 25.0% (row 2, col 3).',
    );
    map.setAttribute('summary', 'Attention concentrates on the diagonal.');
    await map.updateComplete;
    expect(part(map, 'figcaption')!.textContent).to.equal('Attention concentrates on the diagonal.');
  });

  it('draws the cells with the colour map, scaled without smoothing', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="1" cols="2"></ml-heatmap>`);
    map.values = [0, 1];
    await map.updateComplete;
    const canvas = canvasOf(map);
    expect(canvas.width).to.be.greaterThan(10);
    expect(pixelAt(map, 2, 2)).to.deep.equal([68, 1, 84, 255]);
    expect(pixelAt(map, canvas.width - 3, canvas.height - 3)).to.deep.equal([253, 231, 37, 255]);
    map.colormap = 'diverging';
    map.values = [-1, 1];
    await map.updateComplete;
    expect(pixelAt(map, 2, 2)).to.deep.equal([0x05, 0x30, 0x61, 255]);
    expect(pixelAt(map, canvas.width - 3, canvas.height - 3)).to.deep.equal([0x67, 0x00, 0x1f, 255]);
  });

  it('refuses hostile attributes with an inline note and keeps its defaults', async () => {
    const map = await fixture<MlHeatmap>(html`
      <ml-heatmap rows="NaN" cols="99999" colormap="rainbow" min="lots" format="<b>"></ml-heatmap>
    `);
    expect(map.rows).to.equal(1);
    expect(map.cols).to.equal(1);
    expect(map.colormap).to.equal('sequential');
    expect(map.min).to.equal(undefined);
    expect(map.format).to.equal('number');
    const notes = [...map.shadowRoot!.querySelectorAll('.attribute-note')].map((note) => note.getAttribute('data-attribute'));
    expect(notes).to.have.members(['rows', 'cols', 'colormap', 'min', 'format']);
    const colormapNote = part(map, '.attribute-note[data-attribute="colormap"]')!.textContent!;
    expect(colormapNote).to.contain('“diverging”');
    expect(map.shadowRoot!.querySelector('b')).to.equal(null);
    map.setAttribute('colormap', 'diverging');
    await map.updateComplete;
    expect(map.colormap).to.equal('diverging');
    expect(part(map, '.attribute-note[data-attribute="colormap"]')).to.equal(null);
  });

  it('keeps the note for a refused attribute when the element upgrades after the page parsed it', async () => {
    // The tag is defined only after the markup is in the page, as when a widget script loads late.
    const tag = 'ml-heatmap-late-upgrade';
    const host = document.createElement('div');
    host.innerHTML = `<${tag} colormap="rainbow"></${tag}>`;
    document.body.append(host);
    try {
      customElements.define(tag, class extends MlHeatmapClass {});
      const map = host.firstElementChild as MlHeatmap;
      // Let later updates (the first resize, anything reflecting attributes) run too.
      await map.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 100));
      map.requestUpdate();
      await map.updateComplete;
      expect(map.getAttribute('colormap'), 'the author’s attribute is left as written').to.equal('rainbow');
      expect(map.colormap).to.equal('sequential');
      expect(part(map, '.attribute-note[data-attribute="colormap"]')).not.to.equal(null);
    } finally {
      host.remove();
    }
  });

  it('says so when values does not match rows × cols', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="3" cols="4"></ml-heatmap>`);
    map.values = [1, 2, 3];
    await map.updateComplete;
    expect(part(map, '.data-note')!.textContent).to.match(/values holds 3 numbers but 3 rows × 4 columns need\s+12/);
    map.values = ramp;
    await map.updateComplete;
    expect(part(map, '.data-note')).to.equal(null);
  });

  it('reads out the cell under the pointer', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="3" cols="4"></ml-heatmap>`);
    map.values = ramp;
    map.rowLabels = ['the', 'cat', 'sat'];
    map.colLabels = ['a', 'b', 'c', 'd'];
    await map.updateComplete;
    const canvas = canvasOf(map);
    const box = canvas.getBoundingClientRect();
    // Centre of row 1, col 2 → value 1 × 4 + 2 = 6.
    canvas.dispatchEvent(
      new PointerEvent('pointermove', {
        clientX: box.left + (box.width * 2.5) / 4,
        clientY: box.top + (box.height * 1.5) / 3,
        bubbles: true,
      }),
    );
    await map.updateComplete;
    expect(readoutText(map)).to.equal('row 1 “cat”, col 2 “c”: 6');
    canvas.dispatchEvent(new PointerEvent('pointerleave'));
    await map.updateComplete;
    expect(readoutText(map)).to.contain('arrow keys');
  });

  it('moves a highlighted cell with the arrow keys, Home and End, and reads it out', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="3" cols="4"></ml-heatmap>`);
    map.values = ramp;
    await map.updateComplete;
    const canvas = canvasOf(map);
    const before = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data.slice();
    canvas.focus();
    await map.updateComplete;
    expect(readoutText(map)).to.equal('row 0, col 0: 0');
    await sendKeys({ press: 'ArrowRight' });
    await sendKeys({ press: 'ArrowDown' });
    await map.updateComplete;
    expect(readoutText(map)).to.equal('row 1, col 1: 5');
    await sendKeys({ press: 'End' });
    await map.updateComplete;
    expect(readoutText(map)).to.equal('row 1, col 3: 7');
    await sendKeys({ press: 'ArrowRight' });
    await map.updateComplete;
    expect(readoutText(map), 'stays inside the map').to.equal('row 1, col 3: 7');
    await sendKeys({ press: 'Home' });
    await map.updateComplete;
    expect(readoutText(map)).to.equal('row 1, col 0: 4');
    await sendKeys({ press: 'Control+End' });
    await map.updateComplete;
    expect(readoutText(map)).to.equal('row 2, col 3: 11');
    const after = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    expect(after.some((value, i) => value !== before[i]), 'the highlight is drawn').to.equal(true);
  });

  it('offers a data table for small maps and says when a map is too large for one', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="3" cols="4"></ml-heatmap>`);
    map.values = ramp;
    await map.updateComplete;
    const cells = [...map.shadowRoot!.querySelectorAll('details[part="table"] tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent!.trim()),
    );
    expect(cells).to.deep.equal([
      ['0', '0', '1', '2', '3'],
      ['1', '4', '5', '6', '7'],
      ['2', '8', '9', '10', '11'],
    ]);
    map.rows = 21;
    map.cols = 20;
    map.values = new Float32Array(420);
    await map.updateComplete;
    expect(part(map, 'details[part="table"]')).to.equal(null);
    expect(part(map, '.table-note')!.textContent).to.contain('too large for a table');
  });

  it('shows row and column labels as ticks only when there are at most 64, columns only when each has room', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="2" cols="2"></ml-heatmap>`);
    map.values = [1, 2, 3, 4];
    map.rowLabels = ['q0', 'q1'];
    map.colLabels = ['k0', 'k1'];
    await map.updateComplete;
    expect([...map.shadowRoot!.querySelectorAll('.col-ticks span')].map((s) => s.textContent)).to.deep.equal(['k0', 'k1']);
    map.rows = 65;
    map.cols = 2;
    map.values = new Float32Array(130);
    map.rowLabels = Array.from({ length: 65 }, (_, i) => `q${i}`);
    await map.updateComplete;
    expect(part(map, '.row-ticks')).to.equal(null);
    expect(part(map, '.col-ticks')).not.to.equal(null);
    // 64 columns in 300 pixels are under 5 pixels each: too narrow for a label.
    map.style.width = '300px';
    map.rows = 2;
    map.cols = 64;
    map.values = new Float32Array(128);
    map.colLabels = Array.from({ length: 64 }, (_, i) => `k${i}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await map.updateComplete;
    expect(part(map, '.col-ticks')).to.equal(null);
  });

  it('draws the highlight in the theme’s background and accent colours', async () => {
    const highlightPixels = async (theme: string) => {
      const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="1" cols="2" theme=${theme}></ml-heatmap>`);
      map.values = [0, 1];
      await map.updateComplete;
      canvasOf(map).focus();
      await map.updateComplete;
      const ratio = Math.max(1, Math.round(devicePixelRatio));
      const middle = Math.floor(canvasOf(map).height / 2);
      // Cell (0, 0): a background ring on the canvas edge, then an accent ring inside it.
      return { outer: pixelAt(map, 0, middle), inner: pixelAt(map, ratio, middle), map };
    };
    const light = await highlightPixels('light');
    expect(light.outer).to.deep.equal([255, 255, 255, 255]);
    expect(light.inner).to.deep.equal([0x0b, 0x63, 0xb6, 255]);
    const dark = await highlightPixels('dark');
    expect(dark.map.matches(':state(dark)')).to.equal(true);
    expect(dark.outer).to.deep.equal([0x16, 0x18, 0x1d, 255]);
    expect(dark.inner).to.deep.equal([0x6c, 0xb6, 0xff, 255]);
    expect(part(dark.map, '.bar')!.style.backgroundImage).to.contain('linear-gradient');
  });

  it('renders 2048 × 2048 cells', async () => {
    const size = 2048;
    const runs = 5;
    const inputs = Array.from({ length: runs }, (_, run) => {
      const values = new Float32Array(size * size);
      for (let i = 0; i < values.length; i++) values[i] = Math.sin(i / 997 + run) * Math.cos(i / size / 31);
      return values;
    });
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows=${size} cols=${size} colormap="diverging"></ml-heatmap>`);
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
    const times: number[] = [];
    for (const values of inputs) {
      // One data change per frame, as when a reader drags a control.
      await nextFrame();
      const start = performance.now();
      map.values = values;
      await map.updateComplete;
      times.push(performance.now() - start);
    }
    await nextFrame();
    const highlightStart = performance.now();
    canvasOf(map).focus();
    await map.updateComplete;
    const highlightMs = performance.now() - highlightStart;
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `ml-heatmap 2048×2048: data change → drawn in ${times.map((t) => t.toFixed(1)).join(', ')} ms ` +
        `(first includes allocating the image; median ${sorted[runs >> 1]!.toFixed(1)} ms); ` +
        `highlight move ${highlightMs.toFixed(1)} ms`,
    );
    expect(part(map, '.table-note')!.textContent).to.contain('4,194,304 cells');
    expect(readoutText(map)).to.match(/^row 0, col 0: /);
    const canvas = canvasOf(map);
    expect(canvas.width).to.be.greaterThan(0);
    expect(pixelAt(map, Math.floor(canvas.width / 2), Math.floor(canvas.height / 2))[3]).to.equal(255);
  });

  it('releases its ResizeObserver when removed and works again when re-added', async () => {
    const observers: ResizeObserver[] = [];
    const disconnected = new Set<ResizeObserver>();
    const Original = window.ResizeObserver;
    window.ResizeObserver = class extends Original {
      constructor(callback: ResizeObserverCallback) {
        super(callback);
        observers.push(this);
      }
      override disconnect(): void {
        disconnected.add(this);
        super.disconnect();
      }
    };
    try {
      const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="2" cols="2"></ml-heatmap>`);
      map.values = [1, 2, 3, 4];
      await map.updateComplete;
      expect(observers.length).to.equal(1);
      const parent = map.parentElement!;
      map.remove();
      expect(disconnected.has(observers[0]!)).to.equal(true);
      // Changes while detached must not throw.
      map.values = [4, 3, 2, 1];
      await map.updateComplete;
      parent.append(map);
      await map.updateComplete;
      expect(observers.length).to.equal(2);
      expect(pixelAt(map, 1, 1)[3]).to.equal(255);
      map.remove();
      expect(disconnected.has(observers[1]!)).to.equal(true);
    } finally {
      window.ResizeObserver = Original;
    }
  });

  it('colours by the logarithm on a log scale, over at most six decades, and shows the values themselves', async () => {
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="1" cols="4" scale="log"></ml-heatmap>`);
    map.values = [1, 10, 100, 1000];
    await map.updateComplete;
    expect(part(map, '.legend-min')!.textContent).to.equal('1');
    expect(part(map, '.legend-max')!.textContent).to.equal('1,000');
    // 10 is a third of the way up the colours, as log₁₀ 10 is of log₁₀ 1000.
    const lut = colormapLut('sequential');
    const width = canvasOf(map).width;
    expect(pixelAt(map, Math.floor((width * 1.5) / 4), 2).slice(0, 3)).to.deep.equal(lutColor(lut, 85));
    map.values = [1e-12, 1, 0, 1e3];
    await map.updateComplete;
    // Nine decades in the data: the colours start six below the largest; zero takes the lowest colour.
    expect(part(map, '.legend-min')!.textContent).to.equal('0.001');
    expect(pixelAt(map, Math.floor((width * 2.5) / 4), 2).slice(0, 3)).to.deep.equal(lutColor(lut, 0));
  });

  it('finds round contour levels, bands between them, and the lines by marching squares', () => {
    expect(contourLevels({ min: -2, max: 1.5 }, 'log').map((level) => Number(level.toFixed(3)))).to.deep.equal([-1.523, -1, -0.523, 0, 0.477, 1, 1.477]);
    expect(contourLevels({ min: -4, max: 4 }, 'linear')).to.deep.equal([-3, -2, -1, 0, 1, 2, 3]);
    expect(Array.from(scaledValues([100, 0, -1, NaN], 4, 'log'))).to.deep.equal([2, -Infinity, -Infinity, NaN]);
    expect(Array.from(bandValues([0.5, 1.5, 2.5, NaN], [1, 2], { min: 0, max: 3 }))).to.deep.equal([0.5, 1.5, 2.5, NaN]);
    // Values 0 | 2 on the left and right columns: the level 1 line runs down the middle, x = 1.
    expect(Array.from(contourSegments([0, 2, 0, 2], 2, 2, [1], 0))).to.deep.equal([1, 0.5, 1, 1.5]);
    // A saddle square is split by its centre: at the level, not above it, the two high corners stay apart.
    expect(Array.from(contourSegments([2, 0, 0, 2], 2, 2, [1], 0))).to.deep.equal([0.5, 1, 1, 0.5, 1, 1.5, 1.5, 1]);
    // Below it, they are joined through the centre, and the two low corners cut off instead.
    expect(Array.from(contourSegments([2, 0, 0, 2], 2, 2, [0.5], 0))).to.deep.equal([0.5, 1.25, 0.75, 1.5, 1.25, 0.5, 1.5, 0.75]);
    expect(planeTicks(-2, 2)).to.deep.equal([-2, -1, 0, 1, 2]);
    expect(planeTicks(-4.5, 4.5)).to.deep.equal([-4, -2, 0, 2, 4]);
  });

  it('draws filled contours: flat bands between levels, with a line at each', async () => {
    const ramp64 = Array.from({ length: 64 }, (_, i) => i);
    const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="1" cols="64"></ml-heatmap>`);
    map.values = ramp64;
    await map.updateComplete;
    const smooth = new Set(Array.from({ length: 60 }, (_, i) => pixelAt(map, 2 + i * Math.floor(canvasOf(map).width / 64), 20).join()));
    map.contours = true;
    await map.updateComplete;
    const banded = new Set(Array.from({ length: 60 }, (_, i) => pixelAt(map, 2 + i * Math.floor(canvasOf(map).width / 64), 20).join()));
    expect(smooth.size).to.be.greaterThan(40);
    // Levels at 10, 20, …, 60: seven bands, and the lines between them.
    expect(banded.size).to.be.lessThan(20);
    expect(part(map, '.bar')!.style.backgroundImage).to.match(/linear-gradient\(to right, rgb\(.*%, rgb/);
  });

  describe('as a plane', () => {
    const extent = { x: [-2, 2] as [number, number], y: [-1, 3] as [number, number] };
    async function plane(pickable = false): Promise<MlHeatmap> {
      const map = await fixture<MlHeatmap>(html`<ml-heatmap rows="40" cols="40" value-label="loss" pick-label="start" ?pickable=${pickable}></ml-heatmap>`);
      map.values = Array.from({ length: 1600 }, (_, i) => (i % 40) + Math.floor(i / 40));
      map.extent = extent;
      await map.updateComplete;
      return map;
    }

    it('numbers its axes and reads out coordinates', async () => {
      const map = await plane();
      const ticks = (axis: string) => [...map.shadowRoot!.querySelectorAll(`.plane-ticks.${axis} span`)].map((tick) => tick.textContent);
      expect(ticks('x')).to.deep.equal(['-2', '-1', '0', '1', '2']);
      expect(ticks('y')).to.deep.equal(['-1', '0', '1', '2', '3']);
      const top = map.shadowRoot!.querySelector<HTMLElement>('.plane-ticks.y span')!;
      expect(top.style.top).to.equal('100%');
      const canvas = canvasOf(map);
      const box = canvas.getBoundingClientRect();
      canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: box.left + box.width * 0.01, clientY: box.top + box.height * 0.01, bubbles: true }));
      await map.updateComplete;
      expect(readoutText(map)).to.equal('x = -1.95, y = 2.95: loss 0');
    });

    it('draws paths and marks where they lie, up to the progress given', async () => {
      const map = await plane();
      const pixels = () => Array.from(canvasOf(map).getContext('2d')!.getImageData(0, 0, canvasOf(map).width, canvasOf(map).height).data);
      const bare = pixels();
      map.paths = [{ label: 'A', xs: [-1.5, 1.5], ys: [2.5, -0.5], line: 'dotted' }];
      map.marks = [{ x: 0, y: 1, label: 'minimum', shape: 'cross' }];
      await map.updateComplete;
      const drawn = pixels();
      const changed = (a: number[], b: number[]) => a.filter((value, i) => value !== b[i]).length;
      expect(changed(bare, drawn)).to.be.greaterThan(400);
      map.progress = 0;
      await map.updateComplete;
      expect(changed(bare, pixels())).to.be.lessThan(changed(bare, drawn));
      expect(map.toCsv().split('\n').slice(0, 3)).to.deep.equal(['Step,A x,A y', '0,-1.5,2.5', '1,1.5,-0.5']);
      const table = map.shadowRoot!.querySelector<HTMLDetailsElement>('details.paths')!;
      table.open = true;
      table.dispatchEvent(new Event('toggle'));
      await map.updateComplete;
      expect([...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => cell.textContent))).to.deep.equal([
        ['0', '-1.5', '2.5'],
        ['1', '1.5', '-0.5'],
      ]);
    });

    it('places a point where it is clicked, and moves it with the arrow keys, firing input and change', async () => {
      const map = await plane(true);
      map.pickStep = 0.5;
      // The arrow keys move the point here, so the note that they read cells is not shown.
      expect(part(map, '.table-note') === null).to.equal(true);
      const events: string[] = [];
      map.addEventListener('input', () => events.push('input'));
      map.addEventListener('change', () => events.push('change'));
      const canvas = canvasOf(map);
      const box = canvas.getBoundingClientRect();
      canvas.dispatchEvent(new MouseEvent('click', { clientX: box.left + box.width * 0.75, clientY: box.top + box.height * 0.5, bubbles: true }));
      expect(map.pick!.x).to.be.closeTo(1, 0.02);
      expect(map.pick!.y).to.be.closeTo(1, 0.02);
      expect(events).to.deep.equal(['input', 'change']);
      canvas.focus();
      map.pick = { x: 1, y: 1 };
      await sendKeys({ press: 'ArrowLeft' });
      await sendKeys({ press: 'Shift+ArrowUp' });
      await map.updateComplete;
      expect(map.pick).to.deep.equal({ x: 0.5, y: 1.05 });
      expect(readoutText(map)).to.match(/^Start at x = 0\.5, y = 1\.05: loss \d+$/);
      // Held inside the plane.
      for (let i = 0; i < 10; i++) await sendKeys({ press: 'ArrowRight' });
      expect(map.pick!.x).to.equal(2);
      expect(events).to.have.length(2 + 2 * 12);
    });
  });
});
