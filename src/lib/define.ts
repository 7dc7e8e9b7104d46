/**
 * One idempotent, version-aware registration for every element. Several widget bundles on one
 * page each carry their own copy of the shared pieces (`ml-chart`, `ml-slider`, ...): the first
 * definition of a tag wins and later ones are ignored without an error. When two different
 * versions meet, one warning says which version is in use.
 */
export const VERSION = '0.1.0';

const registryKey = Symbol.for('mlsys-labs.versions');
type VersionRegistry = Map<string, string>;

function versions(): VersionRegistry {
  const host = globalThis as typeof globalThis & { [registryKey]?: VersionRegistry };
  return (host[registryKey] ??= new Map());
}

/** Defines `tag` unless it is already defined; returns the constructor in use. */
export function defineElement(tag: string, constructor: CustomElementConstructor): CustomElementConstructor {
  const existing = customElements.get(tag);
  if (existing) {
    const inUse = versions().get(tag);
    if (inUse !== undefined && inUse !== VERSION) {
      console.warn(`mlsys-labs: <${tag}> ${inUse} is already defined on this page; ${VERSION} is not used.`);
    }
    return existing;
  }
  customElements.define(tag, constructor);
  versions().set(tag, VERSION);
  return constructor;
}
