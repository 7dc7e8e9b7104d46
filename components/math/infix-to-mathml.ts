import { mathml, nothing, type MathMLTemplateResult } from 'lit';

/**
 * Turns the plain infix strings that cores write for their derivations
 * (`"Δ = (x_max − x_min)/(2^b − 1)"`, `"2 × 124,439,808 = 248,879,616 B"`) into MathML, as lit
 * `mathml` templates. Every piece of text goes through a lit binding, so no input can create
 * markup: `<img …>` becomes the operators and identifiers it is made of.
 *
 * What it reads:
 * - numbers, with thousands separators (`,`, no-break or narrow no-break space) and decimals → `<mn>`;
 * - identifiers: a letter followed by letters, marks and digits (`x`, `Ψ`, `max`, `FP16`, `v̂`) → `<mi>`;
 *   a word after a number and a space is a unit (`248 B`, `3.2 TB/s`) and is set upright;
 * - prose: a word of two or more letters, or a number, after a word and a space keeps the
 *   space (`inside the range`, `4 KiB vs 32 KiB`), and a hyphen between two such words
 *   joins them (`per-tensor`) instead of being a minus;
 * - `a/b` → `<mfrac>` when both sides are operands (an atom, a script or a group; parentheses
 *   around a numerator or denominator are dropped, as the bar groups them);
 * - `x^y` → `<msup>`, `x_y` → `<msub>`, `x_y^z` or `x^z_y` → `<msubsup>`; a script is one atom
 *   or group, optionally signed (`10^-3`), and `{…}` groups without showing braces (`2^{b−1}`);
 * - `( )`, `[ ]`, `| |`, `⌈ ⌉`, `⌊ ⌋` → an `<mrow>` with the fences as `<mo>`; `√x` → `<msqrt>`;
 * - any other mathematical symbol → `<mo>` (`-` is shown as `−`, `*` as `·`, `<=` as `≤`), and
 *   any other character → `<mtext>`.
 */

export type MathNode =
  | { kind: 'mi'; text: string; upright?: boolean }
  | { kind: 'mn'; text: string }
  | { kind: 'mo'; text: string }
  | { kind: 'mtext'; text: string }
  | { kind: 'unit'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'space' }
  | { kind: 'mrow'; children: MathNode[] }
  | { kind: 'fenced'; open: string; close?: string; children: MathNode[] }
  | { kind: 'mfrac'; numerator: MathNode; denominator: MathNode }
  | { kind: 'msup'; base: MathNode; sup: MathNode }
  | { kind: 'msub'; base: MathNode; sub: MathNode }
  | { kind: 'msubsup'; base: MathNode; sub: MathNode; sup: MathNode }
  | { kind: 'msqrt'; body: MathNode };

interface Token {
  kind: 'number' | 'identifier' | 'operator' | 'text';
  text: string;
  spaceBefore: boolean;
}

const numberPattern = /\d+(?:[,\u00A0\u202F]\d{3}(?!\d))*(?:\.\d+)?|\.\d+/y;
const identifierPattern = /\p{L}[\p{L}\p{M}\p{N}]*/uy;
/** A hyphenated word of prose: words of two or more letters joined by hyphens. */
const hyphenatedPattern = /\p{L}{2,}(?:-\p{L}{2,})+/uy;
const spacePattern = /\s+/uy;
const mathSymbol = /\p{Sm}/u;

/** Operators written with two ASCII characters, and the symbol shown for them. */
const digraphs: Record<string, string> = { '<=': '≤', '>=': '≥', '!=': '≠', '->': '→', '<-': '←' };
/** ASCII stand-ins shown as the proper symbol. */
const shownAs: Record<string, string> = { '-': '−', '*': '·' };
/** Characters that are operators although Unicode does not class them as mathematical symbols. */
const operatorCharacters = new Set([...'−-·⋅∙×*/^_,;:!()[]{}⌈⌉⌊⌋|√∑∏∞…%′″']);
/** Opening fence → closing fence. `{…}` groups without showing the braces. */
const fences: Record<string, string> = { '(': ')', '[': ']', '{': '}', '|': '|', '⌈': '⌉', '⌊': '⌋' };
const signs = new Set(['-', '−', '+']);
/** Uppercase Greek letters, set upright by convention (Δ, Ψ). */
const uprightLetter = /^[\u0391-\u03A9]$/u;
/** Nesting deeper than this is shown flat rather than recursed into. */
const maxDepth = 32;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  let spaceBefore = false;
  const match = (pattern: RegExp) => {
    pattern.lastIndex = position;
    return pattern.exec(source)?.[0];
  };
  while (position < source.length) {
    const space = match(spacePattern);
    if (space) {
      position += space.length;
      spaceBefore = true;
      continue;
    }
    const number = match(numberPattern);
    const identifier = number ? undefined : (match(hyphenatedPattern) ?? match(identifierPattern));
    const pair = source.slice(position, position + 2);
    let token: Token;
    if (number) token = { kind: 'number', text: number, spaceBefore };
    else if (identifier) token = { kind: 'identifier', text: identifier, spaceBefore };
    else if (digraphs[pair]) token = { kind: 'operator', text: pair, spaceBefore };
    else {
      const character = String.fromCodePoint(source.codePointAt(position)!);
      const isOperator = operatorCharacters.has(character) || mathSymbol.test(character);
      token = { kind: isOperator ? 'operator' : 'text', text: character, spaceBefore };
    }
    tokens.push(token);
    position += token.text.length;
    spaceBefore = false;
  }
  return tokens;
}

const isOperator = (token: Token | undefined, text: string) => token?.kind === 'operator' && token.text === text;
const isOperand = (node: MathNode | undefined) => node !== undefined && node.kind !== 'mo';

/** A group's parentheses are dropped where a fraction bar already groups it. */
function unfence(node: MathNode): MathNode {
  if (node.kind === 'fenced' && node.open === '(' && node.close === ')') return { kind: 'mrow', children: node.children };
  return node;
}

class InfixParser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): MathNode {
    return { kind: 'mrow', children: this.parseSequence() };
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }

  /** Items up to (not including) the closing fence `close`, or to the end. */
  private parseSequence(close?: string): MathNode[] {
    const nodes: MathNode[] = [];
    while (this.position < this.tokens.length) {
      const token = this.peek()!;
      if (close !== undefined && isOperator(token, close)) break;
      if (isOperator(token, '/') && isOperand(nodes[nodes.length - 1]) && this.startsOperand(1)) {
        this.position++;
        const numerator = nodes.pop()!;
        nodes.push({ kind: 'mfrac', numerator: unfence(numerator), denominator: unfence(this.parseScripted()) });
        continue;
      }
      nodes.push(this.parseScripted());
    }
    return nodes;
  }

  /** One operand with its sub- and superscript, if any. */
  private parseScripted(): MathNode {
    const base = this.parsePrimary();
    if (!isOperand(base)) return base;
    let sub: MathNode | undefined;
    let sup: MathNode | undefined;
    for (;;) {
      const token = this.peek();
      if (!sub && isOperator(token, '_') && this.startsScript(1)) {
        this.position++;
        sub = this.parseScript();
      } else if (!sup && isOperator(token, '^') && this.startsScript(1)) {
        this.position++;
        sup = this.parseScript();
      } else break;
    }
    if (sub && sup) return { kind: 'msubsup', base, sub, sup };
    if (sub) return { kind: 'msub', base, sub };
    if (sup) return { kind: 'msup', base, sup };
    return base;
  }

  private parseScript(): MathNode {
    const token = this.peek()!;
    if (token.kind === 'operator' && signs.has(token.text)) {
      this.position++;
      return { kind: 'mrow', children: [{ kind: 'mo', text: shownAs[token.text] ?? token.text }, this.parsePrimary()] };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): MathNode {
    const token = this.tokens[this.position++]!;
    switch (token.kind) {
      case 'number':
        return this.afterWord(token) ? { kind: 'mrow', children: [{ kind: 'space' }, { kind: 'mn', text: token.text }] } : { kind: 'mn', text: token.text };
      case 'identifier':
        return this.identifier(token);
      case 'text':
        return { kind: 'mtext', text: token.text };
    }
    const close = fences[token.text];
    if (close !== undefined && this.depth < maxDepth) return this.group(token.text, close);
    if (token.text === '√' && this.depth < maxDepth && this.startsOperand(0)) {
      this.depth++;
      const body = unfence(this.parseScripted());
      this.depth--;
      return { kind: 'msqrt', body };
    }
    return { kind: 'mo', text: digraphs[token.text] ?? shownAs[token.text] ?? token.text };
  }

  private group(open: string, close: string): MathNode {
    this.depth++;
    const children = this.parseSequence(close);
    this.depth--;
    const closed = isOperator(this.peek(), close);
    if (closed) this.position++;
    if (open === '{' && closed) return { kind: 'mrow', children };
    return closed ? { kind: 'fenced', open, close, children } : { kind: 'fenced', open, children };
  }

  private identifier(token: Token): MathNode {
    const previous = this.tokens[this.position - 2];
    if (token.spaceBefore && previous?.kind === 'number') {
      // A unit after a number, with any "/s"-style denominators: `3.2 TB/s`.
      let text = token.text;
      while (isOperator(this.peek(), '/') && !this.peek()!.spaceBefore && this.peek(1)?.kind === 'identifier' &&
          !this.peek(1)!.spaceBefore) {
        text += `/${this.peek(1)!.text}`;
        this.position += 2;
      }
      return { kind: 'unit', text };
    }
    if (this.afterWord(token) && [...token.text].length > 1) return { kind: 'word', text: token.text };
    return uprightLetter.test(token.text) ? { kind: 'mi', text: token.text, upright: true } : { kind: 'mi', text: token.text };
  }

  /** Whether `token` (just read) follows a word with a space between, as prose does. */
  private afterWord(token: Token): boolean {
    const previous = this.tokens[this.position - 2];
    return token.spaceBefore && previous?.kind === 'identifier';
  }

  private startsOperand(offset: number): boolean {
    const token = this.peek(offset);
    if (!token) return false;
    if (token.kind !== 'operator') return true;
    return fences[token.text] !== undefined || token.text === '√';
  }

  private startsScript(offset: number): boolean {
    const token = this.peek(offset);
    if (token?.kind === 'operator' && signs.has(token.text)) return this.startsOperand(offset + 1);
    return this.startsOperand(offset);
  }
}

/** The structure of an infix string, as a tree of MathML node kinds (one `mrow` at the top). */
export function parseInfix(source: string): MathNode {
  return new InfixParser(tokenize(source)).parse();
}

/** A lit `mathml` template for one node; put it inside a `<math>` element. */
function renderMathNode(node: MathNode): MathMLTemplateResult {
  switch (node.kind) {
    case 'mi':
      return mathml`<mi mathvariant=${node.upright ? 'normal' : nothing}>${node.text}</mi>`;
    case 'mn':
      return mathml`<mn>${node.text}</mn>`;
    case 'mo':
      return mathml`<mo>${node.text}</mo>`;
    case 'mtext':
      return mathml`<mtext>${node.text}</mtext>`;
    case 'space':
      return mathml`<mspace width="0.25em"></mspace>`;
    // A unit after its number, or a word of prose after a word: upright, after a space.
    case 'unit':
    case 'word':
      return mathml`<mrow><mspace width="0.25em"></mspace><mi mathvariant="normal">${node.text}</mi></mrow>`;
    case 'mrow':
      return mathml`<mrow>${node.children.map(renderMathNode)}</mrow>`;
    case 'fenced':
      return mathml`<mrow><mo>${node.open}</mo><mrow>${node.children.map(renderMathNode)}</mrow>${
        node.close === undefined ? nothing : mathml`<mo>${node.close}</mo>`
      }</mrow>`;
    case 'mfrac':
      return mathml`<mfrac>${renderMathNode(node.numerator)}${renderMathNode(node.denominator)}</mfrac>`;
    case 'msup':
      return mathml`<msup>${renderMathNode(node.base)}${renderMathNode(node.sup)}</msup>`;
    case 'msub':
      return mathml`<msub>${renderMathNode(node.base)}${renderMathNode(node.sub)}</msub>`;
    case 'msubsup':
      return mathml`<msubsup>${renderMathNode(node.base)}${renderMathNode(node.sub)}${renderMathNode(node.sup)}</msubsup>`;
    case 'msqrt':
      return mathml`<msqrt>${renderMathNode(node.body)}</msqrt>`;
  }
}

/** An infix string as a lit `mathml` template (one `<mrow>`), for use inside `<math>`. */
export function infixToMathML(source: string): MathMLTemplateResult {
  return renderMathNode(parseInfix(source));
}
