/**
 * What the compute jobs of every lab keep in their context (a worker, or the page as fallback):
 * a thing loaded once per key, and a thing made once per key in steps by the first job that needs
 * it. Nothing here touches the DOM.
 */
import type { Steps } from '../../core/shared/steps.js';

/** Where a job's model comes from (see ModelSource in compute-jobs.ts), as a key. */
export const sourceKey = ({ model, assets = '' }: { model: string; assets?: string }) => `${assets}|${model}`;

/** The promise `make` gives, made once per key; a failed one is forgotten, so a later job may try again. */
export function loadOnce<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let loading = cache.get(key);
  if (!loading) {
    loading = make();
    loading.catch(() => cache.delete(key));
    cache.set(key, loading);
  }
  return loading;
}

/**
 * What `make`'s steps return, made once per key: as steps of the job that first needs it, so a
 * cancelled job leaves nothing half made and the next one starts it again.
 */
export function* madeOnce<T>(cache: Map<string, T>, key: string, make: () => Steps<T>): Steps<T> {
  let made = cache.get(key);
  if (made === undefined) {
    made = yield* make();
    cache.set(key, made);
  }
  return made;
}
