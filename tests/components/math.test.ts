import { expect, fixture, html } from '@open-wc/testing';
import { render } from 'lit';
import '../../components/math/ml-math.js';
import type { MathItem, MlMath } from '../../components/math/ml-math.js';
import { infixToMathML, parseInfix, type MathNode } from '../../components/math/infix-to-mathml.js';

const MATHML = 'http://www.w3.org/1998/Math/MathML';

/** Renders an infix string into a `<math>` element and returns it. */
function typeset(source: string): Element {
  const container = document.createElement('div');
  render(html`<math>${infixToMathML(source)}</math>`, container);
  return container.firstElementChild!;
}

/** A compact picture of the MathML tree: `mrow(mi:x mo:= mn:2)`. */
function shape(element: Element): string {
  const children = [...element.children];
  if (children.length === 0) return `${element.localName}:${element.textContent}`;
  return `${element.localName}(${children.map(shape).join(' ')})`;
}

const shapeOf = (source: string) => shape(typeset(source).firstElementChild!);

describe('infix to MathML', () => {
  it('makes MathML elements, not HTML ones', () => {
    const math = typeset('x = 1');
    expect(math.namespaceURI).to.equal(MATHML);
    const row = math.firstElementChild!;
    expect(row.namespaceURI).to.equal(MATHML);
    expect(row.querySelector('mi')!.namespaceURI).to.equal(MATHML);
  });

  it('sets identifiers, Greek letters, operators and subscripts', () => {
    expect(shapeOf('M_weights = 2·Ψ')).to.equal('mrow(msub(mi:M mi:weights) mo:= mn:2 mo:· mi:Ψ)');
    const psi = typeset('2·Ψ').querySelector('mi')!;
    expect(psi.getAttribute('mathvariant'), 'uppercase Greek is upright').to.equal('normal');
    expect(typeset('x').querySelector('mi')!.hasAttribute('mathvariant')).to.equal(false);
  });

  it('makes a fraction when a group or atom is divided, dropping the grouping parentheses', () => {
    expect(shapeOf('Δ = (x_max − x_min)/(2^b − 1)')).to.equal(
      'mrow(mi:Δ mo:= mfrac(mrow(msub(mi:x mi:max) mo:− msub(mi:x mi:min)) mrow(msup(mn:2 mi:b) mo:− mn:1)))',
    );
  });

  it('keeps parentheses as fences and divides atoms inside them', () => {
    expect(shapeOf('s·b·h·(34 + 5·a·s/h)')).to.equal(
      'mrow(mi:s mo:· mi:b mo:· mi:h mo:· mrow(mo:( mrow(mn:34 mo:+ mn:5 mo:· mi:a mo:· mfrac(mi:s mi:h)) mo:)))',
    );
  });

  it('keeps thousands separators inside one number and sets a unit after a number upright', () => {
    const math = typeset('2 × 124,439,808 = 248,879,616 B');
    expect([...math.querySelectorAll('mn')].map((mn) => mn.textContent)).to.deep.equal(['2', '124,439,808', '248,879,616']);
    const unit = [...math.querySelectorAll('mi')].at(-1)!;
    expect(unit.textContent).to.equal('B');
    expect(unit.getAttribute('mathvariant')).to.equal('normal');
    expect(unit.previousElementSibling!.localName, 'space before the unit').to.equal('mspace');
    expect(shapeOf('3.35 TB/s')).to.equal('mrow(mn:3.35 mrow(mspace: mi:TB/s))');
    expect(shapeOf('f(1, 234)'), 'a comma and space separate arguments').to.contain('mn:1 mo:, mn:234');
  });

  it('handles sub- and superscripts together, signed exponents and invisible braces', () => {
    expect(shapeOf('x_i^2')).to.equal('mrow(msubsup(mi:x mi:i mn:2))');
    expect(shapeOf('x^2_i')).to.equal('mrow(msubsup(mi:x mi:i mn:2))');
    expect(shapeOf('10^-3')).to.equal('mrow(msup(mn:10 mrow(mo:− mn:3)))');
    expect(shapeOf('2^{b−1}')).to.equal('mrow(msup(mn:2 mrow(mi:b mo:− mn:1)))');
    expect(shapeOf('√(v + ε)')).to.equal('mrow(msqrt(mrow(mi:v mo:+ mi:ε)))');
  });

  it('shows ASCII stand-ins as proper symbols', () => {
    expect(shapeOf('a - b * c <= d')).to.equal('mrow(mi:a mo:− mi:b mo:· mi:c mo:≤ mi:d)');
  });

  it('copes with stray operators and unbalanced brackets', () => {
    expect(shapeOf('/ x ^')).to.equal('mrow(mo:/ mi:x mo:^)');
    expect(shapeOf('(a')).to.equal('mrow(mrow(mo:( mrow(mi:a)))');
    expect(shapeOf('a)')).to.equal('mrow(mi:a mo:))');
    expect(shapeOf('⌈n/b⌉')).to.equal('mrow(mrow(mo:⌈ mrow(mfrac(mi:n mi:b)) mo:⌉))');
    const deep = '('.repeat(5000) + 'x' + ')'.repeat(5000);
    expect(() => typeset(deep)).not.to.throw();
  });

  it('turns markup in a formula into text, never into elements', () => {
    const math = typeset('<img src=x onerror=alert(1)> & <script>alert(2)</script>');
    expect(math.querySelector('img, script')).to.equal(null);
    for (const element of math.querySelectorAll('*')) expect(element.namespaceURI).to.equal(MATHML);
    expect([...math.querySelectorAll('mo')].map((mo) => mo.textContent)).to.include('<');
    expect([...math.querySelectorAll('mtext')].map((t) => t.textContent)).to.include('&');
    expect(math.querySelector('[onerror]')).to.equal(null);
  });

  it('keeps the spaces of prose and the hyphens inside its words', () => {
    const children = (source: string) => (parseInfix(source) as Extract<MathNode, { kind: 'mrow' }>).children;
    expect(children('Δ/2 = 0.1267 inside the range').slice(-3)).to.deep.equal([
      { kind: 'unit', text: 'inside' },
      { kind: 'word', text: 'the' },
      { kind: 'word', text: 'range' },
    ]);
    expect(children('(INT4 per-tensor symmetric)')[0]).to.deep.equal({
      kind: 'fenced',
      open: '(',
      close: ')',
      children: [{ kind: 'mi', text: 'INT4' }, { kind: 'word', text: 'per-tensor' }, { kind: 'word', text: 'symmetric' }],
    });
    // Variables stay variables, and a minus between them stays a minus.
    expect(children('x y')).to.deep.equal([{ kind: 'mi', text: 'x' }, { kind: 'mi', text: 'y' }]);
    expect(children('b-1').map((node) => node.kind)).to.deep.equal(['mi', 'mo', 'mn']);
    expect(shapeOf('scales + zero points')).to.equal('mrow(mi:scales mo:+ mi:zero mrow(mspace: mi:points))');
    expect(shapeOf('4.23 KiB vs 32.4 KiB')).to.equal('mrow(mn:4.23 mrow(mspace: mi:KiB) mrow(mspace: mi:vs) mrow(mspace: mn:32.4) mrow(mspace: mi:KiB))');
  });

  it('parses to a plain tree that tests and tools can read', () => {
    const tree = parseInfix('a/b');
    const expected: MathNode = {
      kind: 'mrow',
      children: [{ kind: 'mfrac', numerator: { kind: 'mi', text: 'a' }, denominator: { kind: 'mi', text: 'b' } }],
    };
    expect(tree).to.deep.equal(expected);
  });
});

const memoryItems: MathItem[] = [
  {
    label: 'Weights',
    formula: 'M_weights = 2·Ψ',
    substituted: '2 × 124,439,808 = 248,879,616 B',
    result: '249 MB',
    source: 'ZeRO (Rajbhandari et al. 2020), §3',
  },
  { label: 'Activations', formula: 's·b·h·(34 + 5·a·s/h)', result: '≈ 1.2 GB' },
  { label: 'Step size', formula: 'Δ = (x_max − x_min)/(2^b − 1)' },
];

describe('ml-math', () => {
  it('has sensible defaults: a closed panel called Math Peek', async () => {
    const panel = await fixture<MlMath>(html`<ml-math></ml-math>`);
    expect(panel.label).to.equal('Math Peek');
    expect(panel.open).to.equal(false);
    expect(panel.items).to.deep.equal([]);
    const details = panel.shadowRoot!.querySelector('details')!;
    expect(details.open).to.equal(false);
    expect(details.querySelector('summary')!.textContent).to.equal('Math Peek');
    // The formulas are typeset only when the reader opens the panel.
    expect(panel.shadowRoot!.querySelector('.empty')).to.equal(null);
    panel.open = true;
    await panel.updateComplete;
    expect(panel.shadowRoot!.querySelector('.empty')).not.to.equal(null);
    expect(panel.shadowRoot!.querySelector('.attribute-note')).to.equal(null);
  });

  it('wires label and open from attributes, and reflects the reader opening it', async () => {
    const panel = await fixture<MlMath>(html`<ml-math label="How memory adds up" open></ml-math>`);
    expect(panel.label).to.equal('How memory adds up');
    expect(panel.open).to.equal(true);
    const details = panel.shadowRoot!.querySelector('details')!;
    expect(details.open).to.equal(true);
    expect(details.querySelector('summary')!.textContent).to.equal('How memory adds up');
    details.querySelector('summary')!.click();
    await new Promise((resolve) => details.addEventListener('toggle', resolve, { once: true }));
    await panel.updateComplete;
    expect(panel.open).to.equal(false);
    expect(panel.hasAttribute('open')).to.equal(false);
    panel.open = true;
    await panel.updateComplete;
    expect(details.open).to.equal(true);
  });

  it('renders each item as label, block formula, substituted numbers with the result, and source', async () => {
    const panel = await fixture<MlMath>(html`<ml-math open .items=${memoryItems}></ml-math>`);
    const items = [...panel.shadowRoot!.querySelectorAll('li')];
    expect(items).to.have.length(3);
    const [weights, activations, step] = items as [HTMLLIElement, HTMLLIElement, HTMLLIElement, ...HTMLLIElement[]];
    expect(weights.querySelector('.label')!.textContent).to.equal('Weights');
    const formula = weights.querySelector('math[display="block"]')!;
    expect(formula.namespaceURI).to.equal(MATHML);
    expect(formula.getAttribute('aria-label')).to.equal('M_weights = 2·Ψ');
    expect(formula.querySelector('msub')).not.to.equal(null);
    const substituted = weights.querySelector('.substituted math')!;
    expect(substituted.getAttribute('aria-label')).to.equal('2 × 124,439,808 = 248,879,616 B');
    expect(weights.querySelector('.result')!.textContent).to.equal('= 249 MB');
    expect(weights.querySelector('.source')!.textContent).to.equal('ZeRO (Rajbhandari et al. 2020), §3');
    expect(activations.querySelector('.result')!.textContent, 'a result that starts with a relation keeps it').to.equal('≈ 1.2 GB');
    expect(activations.querySelector('.substituted math')).to.equal(null);
    expect(step.querySelector('mfrac')).not.to.equal(null);
    expect(step.querySelector('.substituted')).to.equal(null);
    expect(step.querySelector('.source')).to.equal(null);
  });

  it('lays formulas out as MathML (a fraction is taller than one line of text)', async () => {
    const panel = await fixture<MlMath>(html`<ml-math open .items=${memoryItems}></ml-math>`);
    const fraction = panel.shadowRoot!.querySelector('mfrac')!;
    const identifier = panel.shadowRoot!.querySelector('mi')!;
    expect(fraction.getBoundingClientRect().height).to.be.greaterThan(identifier.getBoundingClientRect().height * 1.5);
  });

  it('shows hostile item text as text', async () => {
    const panel = await fixture<MlMath>(html`<ml-math open></ml-math>`);
    panel.items = [
      {
        label: '<img src=x onerror=alert(1)>',
        formula: '<img src=x onerror=alert(1)>',
        substituted: '<svg onload=alert(1)>',
        result: '<b>1</b>',
        source: '<a href="javascript:alert(1)">x</a>',
      },
    ];
    await panel.updateComplete;
    const root = panel.shadowRoot!;
    expect(root.querySelector('img, svg, b, a, script')).to.equal(null);
    expect(root.querySelector('.label')!.textContent).to.equal('<img src=x onerror=alert(1)>');
    expect(root.querySelector('math')!.getAttribute('aria-label')).to.equal('<img src=x onerror=alert(1)>');
  });

  it('refuses an over-long label with an inline note and keeps the default', async () => {
    const panel = await fixture<MlMath>(html`<ml-math label=${'x'.repeat(500)}></ml-math>`);
    expect(panel.label).to.equal('Math Peek');
    const note = panel.shadowRoot!.querySelector('.attribute-note')!;
    expect(note.getAttribute('data-attribute')).to.equal('label');
    expect(note.textContent).to.contain('at most 120 characters');
  });
});
