import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ContextConsumer } from '@lit/context';
import { defaultSettings, settingsContext, type LabSettings } from '../settings-context.js';

type Host = ReactiveControllerHost &
  HTMLElement & {
    theme: 'light' | 'dark' | 'auto';
    readonly internals: ElementInternals;
  };

const darkQuery = '(prefers-color-scheme: dark)';
const reducedMotionQuery = '(prefers-reduced-motion: reduce)';

/** One list per query for the whole page: elements read the theme on every update, and `matchMedia` builds a new list per call. */
const mediaLists = new Map<string, MediaQueryList>();
function mediaList(query: string): MediaQueryList {
  let list = mediaLists.get(query);
  if (!list) mediaLists.set(query, (list = matchMedia(query)));
  return list;
}

/**
 * Resolves the settings an element renders with: its own `theme` attribute first, then the
 * nearest `<ml-settings>` (if any), then the reader's system preferences, which it follows
 * live. It reflects the resolved theme as the custom state `:state(dark)` for the styles.
 */
export class SettingsController implements ReactiveController {
  private readonly consumer: ContextConsumer<typeof settingsContext, Host>;
  private readonly onMediaChange = () => this.host.requestUpdate();

  constructor(private readonly host: Host) {
    host.addController(this);
    this.consumer = new ContextConsumer(host, { context: settingsContext, subscribe: true });
  }

  /** The page-wide settings, or the defaults when no `<ml-settings>` is above this element. */
  get page(): LabSettings {
    return this.consumer.value ?? defaultSettings;
  }

  get theme(): 'light' | 'dark' {
    const chosen = this.host.theme !== 'auto' ? this.host.theme : this.page.theme;
    if (chosen !== 'auto') return chosen;
    return mediaList(darkQuery).matches ? 'dark' : 'light';
  }

  get reducedMotion(): boolean {
    const { motion } = this.page;
    return motion === 'auto' ? mediaList(reducedMotionQuery).matches : motion === 'reduce';
  }

  get locale(): string | undefined {
    return this.page.locale;
  }

  hostConnected(): void {
    for (const query of [darkQuery, reducedMotionQuery]) mediaList(query).addEventListener('change', this.onMediaChange);
  }

  hostDisconnected(): void {
    for (const query of [darkQuery, reducedMotionQuery]) mediaList(query).removeEventListener('change', this.onMediaChange);
  }

  hostUpdate(): void {
    const states = this.host.internals.states;
    if (this.theme === 'dark') states.add('dark');
    else states.delete('dark');
  }
}
