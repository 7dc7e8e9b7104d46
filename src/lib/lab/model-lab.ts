import { property } from 'lit/decorators.js';
import type { Params } from '../../core/shared/lab-schema.js';
import { assetFolder, folderUrl, type AttributeRule } from '../attribute-rules.js';
import { ComputeController } from '../controllers/compute.js';
import { MlLab } from './lab.js';

/**
 * The runtime of a lab that runs shipped models on shipped data: its model work goes to the
 * page's compute worker (`compute`), and its files load from the copies that came with the
 * script unless the author says where else (`assets`, or `<ml-settings assets>` for the page).
 */
export abstract class MlModelLab<P extends Params = Params> extends MlLab<P> {
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

  /** The absolute URL of the folder files load from, or undefined for the files that came with the script. */
  protected get assetHost(): string | undefined {
    const chosen = this.assets ?? this.settings.page.assets;
    return chosen ? folderUrl(chosen) : undefined;
  }
}
