import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Choice, Params } from '../../core/shared/lab-schema.js';
import { assetFolder, folderUrl, type AttributeRule } from '../attribute-rules.js';
import { MlErrorEvent } from '../events.js';
import { ComputeController, type ChannelState } from '../controllers/compute.js';
import { formatPercent } from '../format.js';
import { MlLab } from './lab.js';
import { modelLabStyles } from './model-lab.styles.js';

/**
 * The runtime of a lab that runs shipped models on shipped data: its model work goes to the
 * page's compute worker (`compute`), and its files load from the copies that came with the
 * script unless the author says where else (`assets`, or `<ml-settings assets>` for the page).
 * It keeps what such labs share: files loaded on the page once per model (and forgotten when
 * they are to come from elsewhere), what could not be loaded or computed, the row that shows the
 * work under way, a diagnosis callout, and the picker of the loaded model's layers (a `layer`
 * parameter of kind text, drawn by the lab's `customControl`).
 */
export abstract class MlModelLab<P extends Params = Params> extends MlLab<P> {
  static override styles = [...MlLab.styles, modelLabStyles];

  static override ruleFor(attribute: string): AttributeRule | undefined {
    return attribute === 'assets' ? assetFolder : super.ruleFor(attribute);
  }

  /**
   * Where the lab loads its models and data from: the URL of a folder holding a copy of the
   * package's `assets/`, for a site that serves them itself. Unset, the page's `<ml-settings
   * assets>` applies, then the files that came with the script.
   */
  @property() assets?: string;

  protected readonly compute = new ComputeController(this);

  /** Why the model's files could not be loaded (the lab shows it instead of its body), or ''. */
  @state() protected loadError = '';
  /** Why the setting asked for cannot be computed, or ''. */
  protected problem = '';
  /** Models whose files are being loaded on this page. */
  protected readonly loading = new Set<string>();
  /** Where the files the lab holds were loaded from (see assetHost). */
  protected loadedFrom?: string;

  /**
   * Files that are to come from elsewhere (the `assets` attribute changed) make everything loaded
   * and measured moot; another model may load where the last one could not.
   */
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.assetHost !== this.loadedFrom) {
      this.loadedFrom = this.assetHost;
      this.compute.cancelAll();
      this.loading.clear();
      this.loadError = this.problem = '';
      this.forgetLoaded();
    }
    if ((changed as Map<PropertyKey, unknown>).has('model')) this.loadError = '';
  }

  /** Drops what the lab loaded and measured (see willUpdate). */
  protected abstract forgetLoaded(): void;

  /**
   * Loads what model `name` needs on this page, after first paint: `fetch` gets the folder to load
   * from and returns how to keep what it loaded, which is kept only if the lab has not left that
   * folder meanwhile. A failure is shown instead of the lab's body, and fires `ml-error`.
   */
  protected async loadOnPage(name: string, fetch: (from: string | undefined) => Promise<() => void>): Promise<void> {
    const from = this.loadedFrom;
    this.loading.add(name);
    this.loadError = '';
    try {
      const keep = await fetch(from);
      // Files from a place the lab has since left are not this lab's any more.
      if (from === this.loadedFrom) keep();
    } catch (error) {
      if (from !== this.loadedFrom) return;
      this.loadError = error instanceof Error ? error.message : String(error);
      this.dispatchEvent(new MlErrorEvent(this.loadError));
    } finally {
      if (from === this.loadedFrom) this.loading.delete(name);
      this.requestUpdate();
    }
  }

  /** A computation failed: the lab says why, and fires `ml-error`. */
  protected fail(error: unknown): void {
    this.problem = error instanceof Error ? error.message : String(error);
    this.dispatchEvent(new MlErrorEvent(this.problem));
    this.requestUpdate();
  }

  /** What the lab shows instead of its body when its files could not be loaded. */
  protected renderLoadError(): TemplateResult {
    return html`<ml-callout tone="danger" heading="The model could not be loaded">
      <p>
        ${this.loadError}.
        ${this.loadedFrom
          ? `Check that ${this.loadedFrom} holds a copy of the package’s assets/ folder (the lab’s assets attribute, or the page’s <ml-settings assets>).`
          : 'Check that the page can reach the files that came with the script (assets/).'}
      </p>
    </ml-callout>`;
  }

  /** Why the setting cannot be computed, if it cannot. */
  protected renderProblem(): TemplateResult | typeof nothing {
    return this.problem ? html`<ml-callout tone="warning" heading="This setting cannot be computed"><p>${this.problem}.</p></ml-callout>` : nothing;
  }

  /**
   * A diagnosis (a cliff: what happened, and what to try) in a callout that stays in the tree,
   * hidden while there is none: moving a control back and forth across the cliff then shows and
   * hides one element instead of building it anew.
   */
  protected renderDiagnosis(diagnosis: { heading: string; reasons: readonly string[] } | undefined, stale: boolean): TemplateResult {
    return html`<ml-callout class=${stale ? 'stale' : ''} aria-busy=${stale} tone="danger" ?hidden=${!diagnosis} heading=${diagnosis?.heading ?? ''}>
      <ul class="reasons">${diagnosis?.reasons.map((reason) => html`<li>${reason}</li>`) ?? nothing}</ul>
    </ml-callout>`;
  }

  /** The absolute URL of the folder files load from, or undefined for the files that came with the script. */
  protected get assetHost(): string | undefined {
    const chosen = this.assets ?? this.settings.page.assets;
    return chosen ? folderUrl(chosen) : undefined;
  }

  /**
   * The work under way for this lab, in a row that keeps its place when idle so nothing below it
   * moves: `loading` (the files being fetched) if given, else the reader's evaluation (channel
   * `evaluate`), else any work but that on the `apart` channels (which the lab shows elsewhere).
   * Not a live region: a lab announces its results once they are in, not every step.
   */
  protected renderProgress(loading?: string, apart: readonly string[] = []): TemplateResult {
    const others = [...this.compute.running].filter(([channel]) => !apart.includes(channel)).map(([, state]) => state);
    const work: ChannelState | undefined = loading !== undefined ? { label: loading, progress: NaN } : (this.compute.running.get('evaluate') ?? others[0]);
    return html`<div class="working ${work ? '' : 'idle'}">
      ${work
        ? html`<progress max="1" value=${Number.isNaN(work.progress) ? nothing : work.progress} aria-label=${work.label}></progress>
            <span>${work.label}…${Number.isNaN(work.progress) ? '' : ` ${formatPercent(work.progress, this.settings.locale, 0)}`}</span>`
        : nothing}
    </div>`;
  }

  /**
   * `:state(loading)` until the lab has its model and first results (not while a load has failed),
   * then `:state(running)` while work runs for it in the background; `:state(stale)` while the
   * results shown are those of an earlier setting.
   */
  protected showWorkState({ loaded, failed, stale }: { loaded: boolean; failed: boolean; stale: boolean }): void {
    this.showState(['loading', 'running', 'ready'], failed ? 'ready' : !loaded ? 'loading' : this.compute.running.size > 0 ? 'running' : 'ready');
    this.showState(['stale'], stale ? 'stale' : undefined);
  }

  /** The lab's `layer` parameter (see the class notes). */
  private get layerValue(): string {
    return String((this as unknown as { layer?: string }).layer ?? '');
  }

  /**
   * A `layer` the loaded model does not have (named in `layers`, `owner` saying whose) is dropped
   * once the model tells: the lab shows its first layer. Written by the author, it is refused like
   * any value that makes no sense, with a note naming the layers.
   */
  protected dropUnknownLayer(layers: readonly string[] | undefined, owner: string): void {
    const layer = this.layerValue;
    if (!layers || !layer || layers.includes(layer)) return;
    if (layer === this.getAttribute('layer')) this.refuseAttribute('layer', layer, `a layer of ${owner} (${layers.join(', ')})`, layers[0]);
    (this as unknown as { layer: string }).layer = '';
  }

  /**
   * The drop-down of the loaded model's layers, bound to `layer`, showing `shown`; `choices` are
   * made again only when `source` (the loaded weights) changes. Until they load, one placeholder
   * choice keeps the control's place.
   */
  protected layerControl(label: string, source: unknown, choices: () => Choice[], shown: string): TemplateResult {
    const options = this.memo('layers', [source], () => (source ? choices() : [{ value: '', label: 'Loading the layers…' }]));
    return this.selectControl('layer', label, shown, options);
  }
}
