import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { AttributeRule } from './attribute-rules.js';
import { oneOf } from './attribute-rules.js';
import { defineElement } from './define.js';
import { MlErrorEvent } from './events.js';
import { SettingsController } from './controllers/settings.js';
import { tokens } from './styles/tokens.js';

const themeRule = oneOf(['light', 'dark', 'auto']);

/**
 * Base of every mlsys-labs element. It gives each element:
 * - `static define(tag)`: idempotent, version-aware registration that first registers the
 *   sub-elements listed in `static dependencies`;
 * - attribute guarding: an attribute value that fails its rule in `static attributeRules` is
 *   not applied; the element keeps its default (or last good value), shows a short inline note
 *   naming the attribute and what it accepts, logs one warning and fires `ml-error`;
 * - renamed attributes: a former name listed in `static renamedAttributes()` still works, with
 *   one console note per element (docs/versioning.md says for how long);
 * - resolved settings (`this.settings`): theme, locale and reduced motion, from the element's
 *   own attributes, an `<ml-settings>` ancestor, or the reader's system preferences.
 *
 * Subclasses implement `renderContent()`; the base renders the attribute notes above it.
 */
export class MlElement extends LitElement {
  static override styles = [tokens];

  /** Elements this element renders, registered before it. */
  static dependencies: Record<string, typeof MlElement> = {};

  /** What each attribute accepts; values that fail are not applied. */
  static attributeRules: Record<string, AttributeRule> = {};

  /** The rule of an attribute (labs derive theirs from their schema). */
  static ruleFor(attribute: string): AttributeRule | undefined {
    return this.attributeRules[attribute];
  }

  /**
   * Attributes renamed in an earlier version: former name → current name. A former name still
   * sets the value, with one console note per element; the current name wins when both are
   * written. Labs derive theirs from their schema.
   */
  static renamedAttributes(): Readonly<Record<string, string>> {
    return {};
  }

  /** Lit observes the attributes of declared properties; former names are watched too. */
  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, ...Object.keys(this.renamedAttributes())];
  }

  static define(tag: string): void {
    for (const [dependencyTag, dependency] of Object.entries(this.dependencies)) {
      dependency.define(dependencyTag);
    }
    defineElement(tag, this);
  }

  /** Colour theme: `light`, `dark`, or `auto` (from `<ml-settings>` or the reader's system). */
  @property() theme: 'light' | 'dark' | 'auto' = 'auto';

  /** @internal The element's custom states (see showState), for the kit's controllers. */
  readonly internals = this.attachInternals();
  protected readonly settings = new SettingsController(this);

  /** Attribute name → note text, for every attribute whose value was refused. */
  @state() private attributeNotes = new Map<string, string>();
  private readonly defaults = new Map<PropertyKey, unknown>();
  /** Former attribute names this element has already noted in the console. */
  private readonly notedRenames = new Set<string>();

  override attributeChangedCallback(written: string, oldValue: string | null, value: string | null): void {
    const ctor = this.constructor as typeof MlElement;
    const renames = ctor.renamedAttributes();
    const name = renames[written] ?? written;
    if (name !== written) {
      this.noteRename(written, name);
      if (this.hasAttribute(name)) return;
    } else if (value === null) {
      // With the current name removed, a former name still written takes over again.
      const former = Object.keys(renames).find((old) => renames[old] === name && this.hasAttribute(old));
      if (former !== undefined) {
        this.attributeChangedCallback(former, null, this.getAttribute(former));
        return;
      }
    }
    const rule = name === 'theme' ? themeRule : ctor.ruleFor(name);
    const propertyName = this.propertyForAttribute(name);
    if (propertyName !== undefined && !this.defaults.has(propertyName)) {
      this.defaults.set(propertyName, (this as Record<PropertyKey, unknown>)[propertyName]);
    }
    if (value !== null && rule && !rule.test(value)) {
      this.refuseAttribute(name, value, rule.accepts, propertyName === undefined ? undefined : (this as Record<PropertyKey, unknown>)[propertyName], written);
      return;
    }
    this.clearAttributeNote(name);
    if (value === null && propertyName !== undefined && this.defaults.has(propertyName)) {
      // Removing an attribute restores the default rather than Lit's `null`.
      (this as Record<PropertyKey, unknown>)[propertyName] = this.defaults.get(propertyName);
      return;
    }
    super.attributeChangedCallback(name, oldValue, value);
  }

  /**
   * Shows one of a set of exclusive visual states as a custom state (`:host(:state(danger))`).
   * States are used instead of reflected attributes so that a refused attribute value written
   * by an author is never overwritten by the default. `current` undefined clears them all. The
   * set is touched only where a state changes: Chromium invalidates the style of the whole shadow
   * tree on every add or delete, present or not, and a lab calls this on every update.
   */
  protected showState(states: readonly string[], current?: string): void {
    const shown = this.internals.states;
    for (const state of states) {
      if (state === current) {
        if (!shown.has(state)) shown.add(state);
      } else if (shown.has(state)) shown.delete(state);
    }
  }

  protected override render(): TemplateResult {
    return html`${this.renderAttributeNotes()}${this.renderContent()}`;
  }

  /** The element's own content, below any attribute notes. */
  protected renderContent(): unknown {
    return nothing;
  }

  private renderAttributeNotes(): unknown {
    if (this.attributeNotes.size === 0) return nothing;
    return [...this.attributeNotes].map(
      ([name, text]) =>
        html`<p class="attribute-note" part="attribute-note" role="status" data-attribute=${name}>${text}</p>`,
    );
  }

  private propertyForAttribute(attribute: string): PropertyKey | undefined {
    const ctor = this.constructor as typeof MlElement;
    for (const [key, options] of ctor.elementProperties) {
      if (options.attribute === false) continue;
      const name = typeof options.attribute === 'string' ? options.attribute : String(key).toLowerCase();
      if (name === attribute) return key;
    }
    return undefined;
  }

  private noteRename(former: string, current: string): void {
    if (this.notedRenames.has(former)) return;
    this.notedRenames.add(former);
    console.warn(`<${this.localName}> attribute "${former}" is now "${current}"; the old name still works but a later major version removes it.`);
  }

  /**
   * Shows the inline note for an attribute value the element does not use, naming what the
   * attribute accepts and what is used instead; the first time, also one warning and `ml-error`.
   * The note names the attribute as the author wrote it (`written`: a former name, perhaps).
   * Elements call it themselves for a value only their data can judge (a layer of a loaded model).
   */
  protected refuseAttribute(name: string, value: string, accepts: string, using?: unknown, written = name): void {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    // An empty default (no text, an empty list) is not worth naming.
    const instead = using === undefined || String(using) === '' ? '' : ` Using ${String(using)}.`;
    const text = `${written}="${shown}" was ignored: ${written} accepts ${accepts}.${instead}`;
    if (!this.attributeNotes.has(name)) {
      console.warn(`<${this.localName}> ${text}`);
      this.dispatchEvent(new MlErrorEvent(text, name));
    }
    this.attributeNotes = new Map(this.attributeNotes).set(name, text);
  }

  private clearAttributeNote(name: string): void {
    if (!this.attributeNotes.has(name)) return;
    const notes = new Map(this.attributeNotes);
    notes.delete(name);
    this.attributeNotes = notes;
  }
}
