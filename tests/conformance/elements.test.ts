/**
 * One suite over every element listed in custom-elements.json, so a new element is covered the
 * day it is added: it renders with no attributes; hostile attribute values are refused with an
 * inline note (or accepted as plain text), never rendered as markup and never thrown; axe-core
 * finds no serious violation in light or dark; keyboard reaches and operates every control; no
 * request leaves after load; and many instances added and removed leave nothing behind.
 * (The strict Content-Security-Policy check loads the packed bundles: scripts/pack-check.mjs.)
 */
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { installLeakCounters, leaks } from './instrument.js';
import { deepActiveElement } from '../components/focus.js';
import type { MlElement } from '../../src/lib/ml-element.js';
import '../../src/index.js';

installLeakCounters();

interface ManifestAttribute {
  name: string;
  fieldName?: string;
  type?: { text: string };
}
interface ManifestDeclaration {
  kind: string;
  tagName?: string;
  attributes?: ManifestAttribute[];
}
interface Manifest {
  modules: { declarations?: ManifestDeclaration[] }[];
}

const manifest: Manifest = await (await fetch('/custom-elements.json')).json();
const elements = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .filter((declaration) => declaration.tagName)
  .map((declaration) => ({ tag: declaration.tagName!, attributes: declaration.attributes ?? [] }));

const hostileValues = ['', 'NaN', '-1', '1e308', 'no-such-choice', '"><img src=x onerror=alert(1)>'];

const uncaught: string[] = [];
window.addEventListener('error', (event) => uncaught.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => uncaught.push(String(event.reason)));
// Refused attributes log one warning each by design; keep the test output readable.
console.warn = () => {};

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

async function place<T extends MlElement>(tag: string, attributes: Record<string, string> = {}): Promise<T> {
  const element = document.createElement(tag) as T;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  await element.updateComplete;
  await nextFrame();
  return element;
}

/** Every element in the shadow trees below `root`, depth first. */
function* deepElements(root: ParentNode): Generator<Element> {
  for (const element of root.querySelectorAll('*')) {
    yield element;
    if (element.shadowRoot) yield* deepElements(element.shadowRoot);
  }
}

const focusableSelector = 'input:not([disabled]), select:not([disabled]), textarea, button:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

function focusables(element: Element): Element[] {
  return [...deepElements(element.shadowRoot!)].filter(
    (candidate) => candidate.matches(focusableSelector) && (candidate as HTMLElement).checkVisibility?.() !== false,
  );
}

let axeLoaded: Promise<void> | undefined;
function loadAxe(): Promise<void> {
  axeLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = reject;
    document.head.append(script);
  });
  return axeLoaded;
}

describe('conformance', () => {
  it('finds the elements in custom-elements.json', () => {
    expect(elements.length).to.be.greaterThan(5);
    for (const { tag } of elements) expect(customElements.get(tag), `${tag} is registered`).to.not.equal(undefined);
  });

  afterEach(() => {
    document.body.replaceChildren();
    expect(uncaught, 'uncaught errors').to.deep.equal([]);
  });

  for (const { tag, attributes } of elements) {
    describe(`<${tag}>`, () => {
      it('renders with no attributes', async () => {
        const element = await place(tag);
        const rendered = [...element.shadowRoot!.children].filter((child) => child.localName !== 'style');
        expect(rendered.length, `${tag} renders elements, not only markers`).to.be.greaterThan(0);
        // A provider such as <ml-settings> shows only what it wraps; everything else takes room on the page.
        if (!rendered.every((child) => child.localName === 'slot')) {
          expect(element.getBoundingClientRect().height, `${tag} takes room`).to.be.greaterThan(0);
          expect(element.shadowRoot!.textContent!.trim() !== '' || element.shadowRoot!.querySelector('canvas, svg, input, select, fieldset, math') !== null, `${tag} shows something`).to.equal(true);
        }
        expect(element.shadowRoot!.querySelector('.attribute-note')).to.equal(null);
      });

      it('guards every attribute that takes a value', () => {
        const ctor = customElements.get(tag) as unknown as typeof MlElement;
        for (const attribute of attributes) {
          if (attribute.type?.text === 'boolean' || attribute.name === 'theme') continue;
          expect(ctor.ruleFor(attribute.name), `${tag} has a rule for ${attribute.name}`).to.not.equal(undefined);
        }
      });

      for (const attribute of attributes.filter((a) => a.type?.text !== 'boolean')) {
        it(`refuses or safely accepts hostile values of ${attribute.name}`, async () => {
          const field = attribute.fieldName ?? attribute.name;
          for (const value of hostileValues) {
            const element = await place(tag);
            const fallback = (element as unknown as Record<string, unknown>)[field];
            element.setAttribute(attribute.name, value);
            await element.updateComplete;
            await nextFrame();
            const current = (element as unknown as Record<string, unknown>)[field];
            const note = element.shadowRoot!.querySelector(`.attribute-note[data-attribute="${attribute.name}"]`);
            const context = `${tag} ${attribute.name}="${value}"`;
            if (note) {
              expect((note as HTMLElement).checkVisibility(), `${context}: note visible`).to.equal(true);
              expect(note.textContent, `${context}: note names the attribute`).to.contain(attribute.name);
              expect(current, `${context}: default kept`).to.deep.equal(fallback);
            } else if (/\bnumber\b/.test(attribute.type?.text ?? '')) {
              expect(value.trim() !== '' && Number.isFinite(Number(value)), `${context}: must be refused`).to.equal(true);
              expect(Number.isFinite(current), `${context}: stays a finite number`).to.equal(true);
            } else {
              // A list reads its items from the text ('' is the empty list).
              expect(Array.isArray(current) ? current.join(',') : current, `${context}: accepted as written`).to.equal(value);
            }
            const injected = [...deepElements(element.shadowRoot!)].some((node) => node.localName === 'img');
            expect(injected, `${context}: rendered as markup`).to.equal(false);
            element.remove();
          }
        });
      }

      for (const theme of ['light', 'dark']) {
        it(`has no serious accessibility violation (${theme})`, async () => {
          await loadAxe();
          // The page around a dark widget is dark too, as on a real dark-mode page.
          document.documentElement.style.colorScheme = theme;
          document.body.style.background = 'Canvas';
          const element = await place(tag, { theme });
          const axe = (window as unknown as { axe: { run: (context: Element, options: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
          const { violations } = await axe.run(element, { resultTypes: ['violations'] });
          const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          document.documentElement.style.colorScheme = '';
          expect(serious.map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.map((n) => (n as { target: unknown }).target))}`)).to.deep.equal([]);
        });
      }

      it('lets the keyboard reach and operate every control', async () => {
        const start = document.createElement('button');
        start.textContent = 'start';
        document.body.append(start);
        const element = await place(tag);
        const targets = focusables(element);
        start.focus();
        const visited = new Set<Element>();
        for (let i = 0; i < targets.length + 2; i++) {
          await sendKeys({ press: 'Tab' });
          const active = deepActiveElement();
          if (active) visited.add(active);
        }
        for (const target of targets) {
          const radio = target instanceof HTMLInputElement && target.type === 'radio';
          // A radio group is one tab stop: any radio of the group counts.
          const reached = radio
            ? [...visited].some((v) => v instanceof HTMLInputElement && v.name === target.name)
            : visited.has(target);
          expect(reached, `${tag}: ${target.localName}${radio ? ` (group ${target.name})` : ''} reachable by Tab`).to.equal(true);
        }
        for (const target of targets) {
          if (!(target instanceof HTMLInputElement && target.type === 'range')) continue;
          const events: string[] = [];
          element.addEventListener('input', () => events.push('input'));
          target.focus();
          await sendKeys({ press: Number(target.value) >= Number(target.max) ? 'ArrowLeft' : 'ArrowRight' });
          expect(events.length, `${tag}: arrow key moves a slider`).to.be.greaterThan(0);
        }
      });

      it('makes no network request after load', async () => {
        const before = performance.getEntriesByType('resource').length;
        const element = await place(tag);
        await new Promise((resolve) => setTimeout(resolve, 100));
        element.remove();
        const requests = performance
          .getEntriesByType('resource')
          .slice(before)
          .map((entry) => entry.name)
          // Models and data sets ship with the package and load after first paint.
          .filter((url) => !new URL(url).pathname.includes('/assets/'));
        expect(requests).to.deep.equal([]);
      });

      it('leaves no observers, listeners or animation loops behind after 100 × 20 instances', async () => {
        const baseline = leaks();
        for (let round = 0; round < 100; round++) {
          const batch = Array.from({ length: 20 }, () => document.createElement(tag) as MlElement);
          document.body.append(...batch);
          await Promise.all(batch.map((element) => element.updateComplete));
          for (const element of batch) element.remove();
        }
        await nextFrame();
        expect(leaks()).to.deep.equal(baseline);
      });
    });
  }
});
