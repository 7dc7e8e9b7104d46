import { expect } from '@open-wc/testing';
import { lengthInside, placeLabels, type Box, type LabelRequest, type Obstacles } from '../../components/chart/label-placement.js';

const plot: Box = { left: 0, top: 0, right: 200, bottom: 100 };
const options = { gap: 4, clearance: 3 };
const none: Obstacles = { segments: [], boxes: [] };
const oneLine = (width: number) => [{ width, height: 15 }];
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('label placement', () => {
  it('measures the length of a segment inside a box', () => {
    const box = { left: 10, top: 10, right: 20, bottom: 20 };
    expect(lengthInside({ x1: 0, y1: 15, x2: 30, y2: 15 }, box)).to.equal(10);
    expect(lengthInside({ x1: 12, y1: 12, x2: 18, y2: 12 }, box)).to.equal(6);
    expect(lengthInside({ x1: 0, y1: 0, x2: 30, y2: 30 }, box)).to.be.closeTo(Math.hypot(10, 10), 1e-9);
    expect(lengthInside({ x1: 0, y1: 25, x2: 30, y2: 25 }, box)).to.equal(0);
    expect(lengthInside({ x1: 0, y1: 0, x2: 9, y2: 9 }, box)).to.equal(0);
  });

  it("puts a threshold's label above the right end of its line, where that is free", () => {
    const [label] = placeLabels([{ anchor: { kind: 'horizontal', y: 50 }, sizes: oneLine(60) }], plot, none, options);
    expect(label!.box).to.deep.equal({ left: 136, top: 31, right: 196, bottom: 46 });
    expect(label!.align).to.equal('right');
    expect(label!.clear).to.equal(true);
  });

  it('moves a label off a rising curve: below its line, or to the other end', () => {
    // A curve rising through the line's right end, above the line only.
    const above: Obstacles = { segments: [{ x1: 150, y1: 50, x2: 170, y2: 0 }], boxes: [] };
    const [below] = placeLabels([{ anchor: { kind: 'horizontal', y: 50 }, sizes: oneLine(60) }], plot, above, options);
    expect(below!.box.top).to.equal(54);
    // The same curve going on down: the right end is taken on both sides of the line.
    const through: Obstacles = { segments: [...above.segments, { x1: 150, y1: 50, x2: 130, y2: 100 }], boxes: [] };
    const [left] = placeLabels([{ anchor: { kind: 'horizontal', y: 50 }, sizes: oneLine(60) }], plot, through, options);
    expect(left!.box.left).to.equal(4);
    expect(left!.align).to.equal('left');
  });

  it('keeps labels off each other and off bars, in order of importance', () => {
    const requests: LabelRequest[] = [
      { anchor: { kind: 'horizontal', y: 50 }, sizes: oneLine(80) },
      { anchor: { kind: 'band', box: { left: 0, top: 0, right: 200, bottom: 50 }, corner: 'top-left' }, sizes: oneLine(90) },
      { anchor: { kind: 'vertical', x: 100, from: 'top', side: 'right' }, sizes: oneLine(40) },
    ];
    const bars: Obstacles = { segments: [], boxes: [{ left: 0, top: 0, right: 40, bottom: 100 }] };
    const placed = placeLabels(requests, plot, bars, options);
    expect(placed.every((label) => label.clear)).to.equal(true);
    for (const [i, a] of placed.entries()) {
      expect(overlaps(a.box, bars.boxes[0]!), `label ${i} on the bar`).to.equal(false);
      for (const b of placed.slice(i + 1)) expect(overlaps(a.box, b.box)).to.equal(false);
    }
    // The marker's label took its line's other side rather than the band's label's place.
    expect(placed[2]!.box.right).to.be.at.most(100 - 4);
  });

  it('wraps a label onto more lines only when one line has no free place', () => {
    const steep: Obstacles = { segments: [{ x1: 60, y1: 100, x2: 70, y2: 0 }], boxes: [] };
    const sizes = [
      { width: 150, height: 15 },
      { width: 90, height: 30 },
    ];
    const [wide] = placeLabels([{ anchor: { kind: 'horizontal', y: 50 }, sizes }], plot, none, options);
    expect(wide!.size).to.equal(0);
    const [narrow] = placeLabels([{ anchor: { kind: 'horizontal', y: 50 }, sizes }], plot, steep, options);
    expect(narrow!.size).to.equal(1);
    expect(narrow!.box.left).to.be.greaterThan(70);
  });

  it('settles where it covers least, and says so, when no place is free', () => {
    // A line across the whole plot at every height a label could take.
    const hatched: Obstacles = {
      segments: Array.from({ length: 12 }, (_, i) => ({ x1: 0, y1: i * 9, x2: 200, y2: i * 9 + 4 })),
      boxes: [],
    };
    const [label] = placeLabels([{ anchor: { kind: 'horizontal', y: 50 }, sizes: oneLine(60) }], plot, hatched, options);
    expect(label!.clear).to.equal(false);
    expect(label!.box.left).to.be.at.least(plot.left);
    expect(label!.box.right).to.be.at.most(plot.right);
  });

  it('keeps a label inside the plot: a marker at its edge is labelled on its inner side', () => {
    const line: Obstacles = { segments: [{ x1: 198, y1: 0, x2: 198, y2: 100 }], boxes: [] };
    const [label] = placeLabels([{ anchor: { kind: 'vertical', x: 198, from: 'top', side: 'right' }, sizes: oneLine(40) }], plot, line, options);
    expect(label!.box).to.deep.equal({ left: 154, top: 4, right: 194, bottom: 19 });
    expect(label!.clear).to.equal(true);
    // Wider than the plot, it starts at the plot's left edge and is not clear.
    const [wide] = placeLabels([{ anchor: { kind: 'horizontal', y: 50 }, sizes: oneLine(260) }], plot, none, options);
    expect(wide!.box.left).to.equal(4);
    expect(wide!.clear).to.equal(false);
  });
});
