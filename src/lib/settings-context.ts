import { createContext } from '@lit/context';

/** Page-wide choices that `<ml-settings>` shares with every widget below it. */
export interface LabSettings {
  /** Colour theme; `auto` follows the reader's `prefers-color-scheme`. */
  theme: 'light' | 'dark' | 'auto';
  /** BCP 47 locale for numbers, e.g. `de-DE`; unset means the browser's. */
  locale?: string;
  /** `auto` follows the reader's `prefers-reduced-motion`. */
  motion: 'auto' | 'reduce' | 'full';
  /** Default device id for labs that have a device (a catalog id such as `a100-80gb`). */
  device?: string;
  /** Default model id for labs that have a model. */
  model?: string;
  /**
   * Where labs load their models and data from: a folder laid out as the package's `assets/`.
   * Unset, they use the copies that came with the script (beside the CDN bundle, or wherever the
   * page's bundler put them).
   */
  assets?: string;
  /** Labs with an `id` keep their state in the page's URL hash. */
  hashState?: boolean;
}

export const defaultSettings: LabSettings = { theme: 'auto', motion: 'auto' };

/**
 * A `Symbol.for` key, so that widgets from separately built bundles on one page share the
 * provider: each bundle has its own copy of this module, but the symbol is global.
 */
export const settingsContext = createContext<LabSettings>(Symbol.for('mlsys-labs.settings'));
