import { html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ContextProvider } from '@lit/context';
import { MlElement } from '../../src/lib/ml-element.js';
import { assetFolder, oneOf, textUpTo, type AttributeRule } from '../../src/lib/attribute-rules.js';
import { settingsContext, type LabSettings } from '../../src/lib/settings-context.js';
import { css } from 'lit';

const localeRule: AttributeRule = {
  accepts: 'a BCP 47 locale such as “en-GB” or “de-DE”',
  test: (raw) => {
    try {
      return raw.trim() !== '' && Intl.NumberFormat.supportedLocalesOf(raw).length > 0;
    } catch {
      return false;
    }
  },
};

/**
 * Page-wide choices shared with every lab inside it: theme, number format (locale), reduced
 * motion, the default device and model, and where models load from. Labs work without it; with it, a course page sets
 * these once. Built on @lit/context with a global `Symbol.for` key, so labs loaded from
 * separate bundles share one provider.
 *
 * @summary Page-wide settings for the labs inside it.
 * @slot - The page content holding labs.
 */
export class MlSettings extends MlElement {
  static override styles = [...MlElement.styles, css`:host { display: contents; }`];

  static override attributeRules = {
    locale: localeRule,
    motion: oneOf(['auto', 'reduce', 'full']),
    device: textUpTo(60),
    model: textUpTo(60),
    assets: assetFolder,
  };

  /** Number format for every lab inside, as a BCP 47 locale; unset uses the browser's. */
  @property() locale?: string;
  /** `reduce` stops animations, `full` allows them, `auto` follows the reader's system. */
  @property() motion: LabSettings['motion'] = 'auto';
  /** Default device id for labs that have one (e.g. `a100-80gb`). */
  @property() device?: string;
  /** Default model id for labs that have one (e.g. `gpt2`). */
  @property() model?: string;
  /**
   * Where the labs inside load their models and data from: the URL of a folder holding a copy of
   * the package's `assets/` (for a site that serves them itself). Unset, each lab uses the files
   * that came with its script.
   */
  @property() assets?: string;
  /**
   * Labs inside that have an `id` keep their state in the page's URL hash (`#<id>=<attributes>`),
   * so a link or a reload gives back the reader's view.
   */
  @property({ type: Boolean, attribute: 'hash-state' }) hashState = false;

  private readonly provider = new ContextProvider(this, { context: settingsContext, initialValue: this.snapshot() });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (['theme', 'locale', 'motion', 'device', 'model', 'assets', 'hashState'].some((key) => changed.has(key as keyof MlSettings))) {
      this.provider.setValue(this.snapshot());
    }
  }

  protected override renderContent() {
    return html`<slot></slot>`;
  }

  private snapshot(): LabSettings {
    return { theme: this.theme, locale: this.locale, motion: this.motion, device: this.device, model: this.model, assets: this.assets, hashState: this.hashState };
  }
}
