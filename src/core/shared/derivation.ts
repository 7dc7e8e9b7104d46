/**
 * One step of a computation as a reader checks it: the formula, the same with the numbers put
 * in, the result and where the formula comes from. Cores return these beside their numbers, so
 * a lab's Math Peek shows exactly what was computed and node tests reach every explanation.
 */
export interface Derivation {
  /** What the step computes, e.g. "Weights". */
  label: string;
  /** The formula as plain infix text, e.g. `"M_weights = 2·Ψ"`. */
  formula: string;
  /** The formula with the current numbers put in, e.g. `"2 × 124,439,808 = 248,879,616 B"`. */
  substituted?: string;
  /** The result as a reader reads it, e.g. `"249 MB"`; shown after "=" unless it starts with a relation such as `≈`. */
  result?: string;
  /** Where the formula comes from, e.g. "ZeRO (Rajbhandari et al. 2020), §3". */
  source?: string;
  /** The lab's named results the step shows (kept back while the reader is to predict one). */
  reveals?: string[];
}
