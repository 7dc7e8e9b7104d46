/**
 * The focus ring (the `:focus-visible` rule in src/lib/styles/tokens.ts, and the toggle's, which
 * rings the option's label) is seen on every kit control whatever the control's own fill, in
 * light and dark: the colours on both sides of the ring differ from it by WCAG's 3:1 for
 * non-text contrast. Axe does not check focus rings, so this test does.
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../components/batch-memory/ml-batch-memory.js';
import '../../components/select/ml-select.js';
import '../../components/slider/ml-slider.js';
import '../../components/toggle/ml-toggle.js';
import type { MlElement } from '../../src/lib/ml-element.js';
import { frames } from './frames.js';
import { deepActiveElement } from './focus.js';

type Rgba = [number, number, number, number];

function parseColour(colour: string): Rgba {
  const match = /^rgba?\(([^)]*)\)$/.exec(colour);
  if (!match) throw new Error(`unexpected computed colour ${colour}`);
  const [r = 0, g = 0, b = 0, a = 1] = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
  return [r, g, b, a];
}

/** WCAG 2 contrast ratio of two opaque colours. */
function contrast(one: Rgba, other: Rgba): number {
  const luminance = ([r, g, b]: Rgba) => {
    const linear = (channel: number) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const [light, dark] = [luminance(one), luminance(other)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const parentOf = (element: Element) => element.parentElement ?? ((element.getRootNode() as ShadowRoot).host as Element | undefined);

/** The first background painted behind `element`, across shadow roots. */
function surfaceBehind(element: Element): Rgba {
  for (let node = parentOf(element); node; node = parentOf(node)) {
    const colour = parseColour(getComputedStyle(node).backgroundColor);
    if (colour[3] > 0) return colour;
  }
  throw new Error('no background behind the control');
}

/** A spread-only box shadow, the band a ring may draw around the control. */
function bandOf(boxShadow: string): { colour: Rgba; spread: number } | undefined {
  const match = /^(rgba?\([^)]*\)) 0px 0px 0px ([\d.]+)px$/.exec(boxShadow);
  return match ? { colour: parseColour(match[1]!), spread: Number(match[2]) } : undefined;
}

interface RingReport {
  ring: Rgba;
  width: number;
  /** The colours touching the ring's inner and outer edges. */
  inner: Rgba;
  outer: Rgba;
}

function measureRing(ringed: Element): RingReport {
  const style = getComputedStyle(ringed);
  const width = style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
  const offset = parseFloat(style.outlineOffset);
  const surface = surfaceBehind(ringed);
  const ownFill = parseColour(style.backgroundColor);
  const own = ownFill[3] > 0 ? ownFill : surface;
  const band = bandOf(style.boxShadow);
  // The colour `distance` px outside the control's border box: the band's while it reaches.
  const outside = (distance: number) => (band && band.spread >= distance ? band.colour : surface);
  return {
    ring: parseColour(style.outlineColor),
    width,
    inner: offset <= 0 ? own : outside(offset),
    outer: offset + width < 0 ? own : outside(offset + width + 1),
  };
}

const isRadio = (element: Element): element is HTMLInputElement => element instanceof HTMLInputElement && element.type === 'radio';

/** A radio's ring is drawn by its option's label (the input itself is transparent). */
const ringedBy = (focused: Element) => (isRadio(focused) ? focused.closest('label')! : focused);

function describeControl(focused: Element): string {
  const host = (focused.getRootNode() as ShadowRoot).host?.localName ?? 'page';
  if (isRadio(focused)) return `${host} option "${focused.value}" (${focused.checked ? 'checked' : 'unchecked'})`;
  const name = (focused as HTMLInputElement).labels?.[0]?.textContent ?? focused.textContent ?? '';
  return `${host} ${focused.localName} "${name.trim()}"`;
}

function expectVisibleRing(focused: Element, theme: string): void {
  const name = `${theme}: ${describeControl(focused)}`;
  expect(focused.matches(':focus-visible'), `${name} matches :focus-visible`).to.equal(true);
  const { ring, width, inner, outer } = measureRing(ringedBy(focused));
  expect(width, `${name}: ring width`).to.be.at.least(2);
  expect(ring[3], `${name}: ring opacity`).to.equal(1);
  expect(contrast(ring, inner), `${name}: ring against its inner side`).to.be.at.least(3);
  expect(contrast(ring, outer), `${name}: ring against its outer side`).to.be.at.least(3);
}

/** Standalone toggle, select and slider, then a lab, between two page buttons; focuses the first and returns the last. */
async function placeControls(theme: string): Promise<HTMLElement> {
  // The page around a dark widget is dark too, as on a real dark-mode page.
  document.documentElement.style.colorScheme = theme;
  document.body.style.background = 'Canvas';
  const page = document.createElement('div');
  const options = [
    { value: 'mlp', label: 'MLP' },
    { value: 'cnn', label: 'CNN' },
    { value: 'vit', label: 'ViT' },
  ];
  const start = document.createElement('button');
  start.textContent = 'start';
  const toggle = Object.assign(document.createElement('ml-toggle'), { label: 'Model', value: 'cnn', options });
  const select = Object.assign(document.createElement('ml-select'), { label: 'Model', value: 'mlp', options });
  const slider = Object.assign(document.createElement('ml-slider'), { label: 'Bits', min: 2, max: 8, value: 4 });
  const lab = document.createElement('ml-batch-memory');
  const end = document.createElement('button');
  end.textContent = 'end';
  for (const element of [toggle, select, slider, lab]) element.setAttribute('theme', theme);
  page.append(start, toggle, select, slider, lab, end);
  document.body.append(page);
  await Promise.all([toggle, select, slider, lab].map((element) => (element as MlElement).updateComplete));
  await frames(2);
  start.focus();
  return end;
}

describe('focus ring', () => {
  afterEach(() => {
    document.body.replaceChildren();
    document.documentElement.style.colorScheme = '';
    document.body.style.background = '';
  });

  for (const theme of ['light', 'dark']) {
    it(`contrasts with both of its sides on every control reached by Tab, and on an unchecked option (${theme})`, async () => {
      const end = await placeControls(theme);
      const reached: Element[] = [];
      for (let i = 0; i < 60; i++) {
        await sendKeys({ press: 'Tab' });
        const focused = deepActiveElement();
        if (!focused || focused === end) break;
        reached.push(focused);
        expectVisibleRing(focused, theme);
      }
      const kinds = new Set(reached.map((focused) => (isRadio(focused) ? 'radio' : focused instanceof HTMLInputElement ? focused.type : focused.localName)));
      expect([...kinds]).to.include.members(['radio', 'range', 'select', 'button', 'summary']);

      // Arrow keys move the choice with the focus; focus on an unchecked option comes from a script.
      const checked = reached.find(isRadio)!;
      const unchecked = [...checked.closest('.options')!.querySelectorAll('input')].find((radio) => !radio.checked)!;
      unchecked.focus();
      expectVisibleRing(unchecked, theme);
    });
  }
});
