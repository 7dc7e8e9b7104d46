/**
 * A lab's state, declared once. Each parameter has its kind, range or choices, default, unit and
 * label; everything else derives from this one list: the element's attribute rules and inline
 * notes, its controls and their ranges, the embed code, the story arguments, the bench's
 * defaults and the contract tests. Two lists drift (an attribute taking 512 while its slider
 * stopped at 256); one cannot. In the spirit of TensorFlow Playground's `State.PROPS`.
 *
 * Values travel as attribute text: `parseValue` reads it (undefined when it makes no sense) and
 * `formatValue` writes it back, so a state round-trips through a tag or a URL.
 */

import type { ResultSpecs } from './prediction.js';

export type Scale = 'linear' | 'log' | 'pow2';
export type ValueFormat = 'number' | 'bytes' | 'percent' | 'duration' | 'count';

/** One choice: its value, and the words and group heading a control shows for it. */
export interface Choice<V extends string = string> {
  readonly value: V;
  readonly label?: string;
  readonly group?: string;
}

interface ParamBase {
  /** Words on the control and in the docs. */
  readonly label: string;
  /**
   * `false`: set by its attribute only (or inside another parameter's control), never a control
   * of its own, and not a name the `controls` attribute takes.
   */
  readonly control?: false;
  /**
   * Names this parameter's attribute had in earlier versions. Each still sets the value (and
   * names the control in `controls`), with a console note, for as long as docs/versioning.md
   * promises; the current name wins when both are written.
   */
  readonly formerAttributes?: readonly string[];
  /**
   * A heading for parameters a reader seldom changes (a model's assumptions): their controls
   * sit together, after the others, in a panel that opens on request.
   */
  readonly group?: string;
}

export interface ChoiceParam<V extends string = string> extends ParamBase {
  readonly kind: 'choice';
  readonly choices: readonly Choice<V>[];
  readonly default: NoInfer<V>;
  /** A segmented toggle suits a few short choices; a drop-down (the default) suits more. */
  readonly widget?: 'select' | 'toggle';
}

export interface NumberParam extends ParamBase {
  /** `integer` takes whole numbers only. */
  readonly kind: 'integer' | 'number';
  readonly min: number;
  readonly max: number;
  readonly default: number;
  /**
   * Spacing of a linear control's stops (0: continuous). A log control stops at 1, 1.2, 1.5, 2,
   * 2.5, 3, 4, 5, 6 and 8 times each power of ten; `pow2` steps in powers of two.
   */
  readonly step?: number;
  readonly scale?: Scale;
  /** Unit in the plural ("samples"); the control writes "1 sample". */
  readonly unit?: string;
  readonly format?: ValueFormat;
  /** A slider (the default), or a segmented toggle of each integer for a short range (ZeRO stages 0–3). */
  readonly widget?: 'slider' | 'toggle';
}

export interface TextParam extends ParamBase {
  readonly kind: 'text';
  readonly default: string;
  readonly maxLength: number;
}

/** A comma-separated subset of fixed choices (optimizers to race, heads to ablate), each at most once. */
export interface ListParam<V extends string = string> extends ParamBase {
  readonly kind: 'list';
  readonly choices: readonly Choice<V>[];
  readonly default: readonly NoInfer<V>[];
  /** The fewest items a value may hold (a race needs one runner); 0 when unset. */
  readonly minItems?: number;
}

/** A point in a box, written `x,y` (a start point on a loss surface). */
export interface PointParam extends ParamBase {
  readonly kind: 'point';
  readonly min: readonly [number, number];
  readonly max: readonly [number, number];
  readonly default: readonly [number, number];
  /** Step of each coordinate's arrow keys in the control (any value is accepted). */
  readonly step?: number;
}

export type Param = ChoiceParam | NumberParam | TextParam | ListParam | PointParam;
export type Params = Readonly<Record<string, Param>>;

/** The value type a parameter holds. */
export type ValueOf<P> = P extends ChoiceParam<infer V>
  ? V
  : P extends NumberParam
    ? number
    : P extends TextParam
      ? string
      : P extends ListParam<infer V>
        ? readonly V[]
        : P extends PointParam
          ? readonly [number, number]
          : never;

/** A lab's whole state, inferred from its parameters. */
export type StateOf<P extends Params> = { -readonly [K in keyof P]: ValueOf<P[K]> };

/** The numeric range a parameter has in a state, when other parameters narrow it. */
export interface Bounds {
  min?: number;
  max?: number;
}

// Method signatures are checked bivariantly: a lab's hooks, typed with its own state, still fit
// where any lab's schema is expected (the runtime's `static schema`).
type StatePredicate<S> = { check(state: S): boolean }['check'];
type StateBounds<S> = { bounds(state: S): Bounds }['bounds'];

/** What a lab module declares about its state. */
export interface LabSchema<P extends Params> {
  readonly params: P;
  /**
   * Whether a parameter applies in a state (group size only per group, image size only for
   * vision models): a control that does not apply is hidden, and the parameter keeps its value.
   */
  readonly applies?: { readonly [K in keyof P]?: StatePredicate<StateOf<P>> };
  /**
   * Ranges that depend on other parameters (a model's context bounds its sequence length):
   * within the declared range, a value beyond them is brought inside (see `constrain`).
   */
  readonly bounds?: { readonly [K in keyof P]?: StateBounds<StateOf<P>> };
  /**
   * The lab's named results (keys of what its `ml-change` carries), about which an author may
   * ask the reader to predict first (see core/shared/prediction).
   */
  readonly results?: ResultSpecs;
}

/**
 * Declares a lab's schema; `const` keeps the choices' values as literal types, so the state's
 * type is exactly what the attributes accept. (Its consistency is checked by `schemaProblems`
 * in the tests, not on every page load.)
 */
export function defineSchema<const P extends Params>(schema: LabSchema<P>): LabSchema<P> {
  return schema;
}

/**
 * What is wrong with a schema: defaults outside their ranges or choices, impossible scales, a
 * former attribute name that another parameter uses.
 */
export function schemaProblems(schema: LabSchema<Params>): string[] {
  const claimed = new Map<string, string>();
  return Object.entries(schema.params).flatMap(([key, param]) => {
    const problems = [checkParam(param)];
    for (const name of attributeNames(key, param)) {
      const owner = claimed.get(name);
      if (owner !== undefined) problems.push(`attribute ${name} is also ${owner}'s`);
      claimed.set(name, key);
    }
    return problems.filter((problem) => problem !== undefined).map((problem) => `parameter ${key}: ${problem}`);
  });
}

function checkParam(param: Param): string | undefined {
  if (param.kind === 'integer' || param.kind === 'number') {
    if (!(param.min <= param.default && param.default <= param.max)) return `default ${param.default} outside [${param.min}, ${param.max}]`;
    if (param.scale === 'pow2' && param.min <= 0) return 'a pow2 scale needs a positive minimum';
  }
  if (param.kind === 'choice' && !param.choices.some((choice) => choice.value === param.default)) return `default "${param.default}" is not a choice`;
  if (param.kind === 'list' && !param.default.every((value) => param.choices.some((choice) => choice.value === value))) return 'a default item is not a choice';
  if (param.kind === 'list' && param.default.length < (param.minItems ?? 0)) return `default has fewer than ${param.minItems} items`;
  if (param.kind === 'text' && param.default.length > param.maxLength) return 'default longer than maxLength';
  if (param.kind === 'point' && ![0, 1].every((i) => param.min[i]! <= param.default[i]! && param.default[i]! <= param.max[i]!)) return 'default outside the box';
  return undefined;
}

/** `batchSize` → `batch-size`: the attribute a parameter is written as. */
export function attributeName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** Every name a parameter's attribute may be written as: the current one, then former ones. */
export function attributeNames(key: string, param: Param): string[] {
  return [attributeName(key), ...(param.formerAttributes ?? [])];
}

/** Former attribute name → current name, for every renamed parameter. */
export function attributeRenames(schema: LabSchema<Params>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(schema.params).flatMap(([key, param]) => (param.formerAttributes ?? []).map((former) => [former, attributeName(key)])),
  );
}

/** Every parameter at its default. */
export function defaults<P extends Params>(schema: LabSchema<P>): StateOf<P> {
  return Object.fromEntries(Object.entries(schema.params).map(([key, param]) => [key, param.default])) as StateOf<P>;
}

/** Names the `controls` attribute takes: the parameters with a control, as attributes. */
export function controlNames(schema: LabSchema<Params>): string[] {
  return Object.entries(schema.params)
    .filter(([, param]) => param.control !== false)
    .map(([key]) => attributeName(key));
}

const plain = new Intl.NumberFormat('en', { maximumFractionDigits: 6, useGrouping: false });
const quote = (values: readonly string[]) => values.map((value) => `“${value}”`).join(', ');

/** What a parameter's attribute accepts, in words, for the inline note of a refused value. */
export function accepts(param: Param): string {
  switch (param.kind) {
    case 'choice':
      return `one of ${quote(param.choices.map((choice) => choice.value))}`;
    case 'integer':
      return `an integer from ${plain.format(param.min)} to ${plain.format(param.max)}`;
    case 'number':
      return `a number from ${plain.format(param.min)} to ${plain.format(param.max)}`;
    case 'text':
      return `text of at most ${param.maxLength} characters`;
    case 'list': {
      const fewest = param.minItems ?? 0;
      const count = fewest > 1 ? `${fewest} or more of ` : fewest === 1 ? 'one or more of ' : '';
      return `a comma-separated list of ${count}${quote(param.choices.map((choice) => choice.value))}, each at most once`;
    }
    case 'point':
      return `two numbers “x,y” with x from ${plain.format(param.min[0])} to ${plain.format(param.max[0])} and y from ${plain.format(param.min[1])} to ${plain.format(param.max[1])}`;
  }
}

function finite(raw: string): number | undefined {
  if (raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** The value an attribute's text stands for, or undefined when it makes no sense. */
export function parseValue<P extends Param>(param: P, raw: string): ValueOf<P> | undefined {
  const choiceValues = () => (param as ChoiceParam | ListParam).choices.map((choice) => choice.value as string);
  switch (param.kind) {
    case 'choice':
      return (choiceValues().includes(raw) ? raw : undefined) as ValueOf<P> | undefined;
    case 'integer':
    case 'number': {
      const value = finite(raw);
      const ok = value !== undefined && value >= param.min && value <= param.max && (param.kind === 'number' || Number.isInteger(value));
      return (ok ? value : undefined) as ValueOf<P> | undefined;
    }
    case 'text':
      return (raw.length <= param.maxLength ? raw : undefined) as ValueOf<P> | undefined;
    case 'list': {
      const items = raw.trim() === '' ? [] : raw.split(',').map((item) => item.trim());
      const ok = items.length >= (param.minItems ?? 0) && new Set(items).size === items.length && items.every((item) => choiceValues().includes(item));
      return (ok ? items : undefined) as ValueOf<P> | undefined;
    }
    case 'point': {
      const parts = raw.split(',').map(finite);
      if (parts.length !== 2 || parts.some((part) => part === undefined)) return undefined;
      const [x, y] = parts as [number, number];
      const inside = x >= param.min[0] && x <= param.max[0] && y >= param.min[1] && y <= param.max[1];
      return (inside ? [x, y] : undefined) as ValueOf<P> | undefined;
    }
  }
}

/** A value as its attribute's text (parseValue reads it back). */
export function formatValue(param: Param, value: unknown): string {
  if (param.kind === 'list' || param.kind === 'point') return (value as readonly unknown[]).join(',');
  return String(value);
}

/** The range a numeric parameter has in `state`: the declared one, narrowed by its bounds. */
export function rangeIn<P extends Params>(schema: LabSchema<P>, key: keyof P & string, state: StateOf<P>): { min: number; max: number } {
  const param = schema.params[key] as Param;
  if (param.kind !== 'integer' && param.kind !== 'number') throw new TypeError(`${key} is not numeric`);
  const bounds = schema.bounds?.[key]?.(state) ?? {};
  return { min: Math.max(param.min, bounds.min ?? -Infinity), max: Math.min(param.max, bounds.max ?? Infinity) };
}

/** Whether a parameter applies in `state` (see LabSchema.applies). */
export function appliesIn<P extends Params>(schema: LabSchema<P>, key: keyof P & string, state: StateOf<P>): boolean {
  return schema.applies?.[key]?.(state) ?? true;
}

/**
 * The state with every bounded parameter brought inside its range in that state (BERT reads at
 * most 512 tokens); the changed parameters only, so a caller can apply just those.
 */
export function constrain<P extends Params>(schema: LabSchema<P>, state: StateOf<P>): Partial<StateOf<P>> {
  const changes: Record<string, number> = {};
  for (const key of Object.keys(schema.bounds ?? {}) as (keyof P & string)[]) {
    const { min, max } = rangeIn(schema, key, state);
    const value = state[key] as number;
    const inside = Math.min(Math.max(value, min), max);
    if (inside !== value) changes[key] = inside;
  }
  return changes as Partial<StateOf<P>>;
}
