/**
 * `hasChanged` for small plain-data properties (options, series, annotations) that a lab makes
 * afresh on every render: they count as changed, and update the element, only when their
 * content differs, not whenever the array does.
 */
export function changedInValue(value: unknown, old: unknown): boolean {
  return value !== old && JSON.stringify(value) !== JSON.stringify(old);
}
