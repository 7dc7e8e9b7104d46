/** A Float32 tensor: row-major data with its shape (the last dimension is contiguous). */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** A trainable tensor with its gradient, named `<layer>.<role>` (for example `fc1.weight`). */
export interface Parameter extends Tensor {
  readonly name: string;
  readonly grad: Float32Array;
}

/** Number of elements in a tensor of this shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

export function createParameter(name: string, shape: readonly number[]): Parameter {
  const size = sizeOf(shape);
  return { name, shape: [...shape], data: new Float32Array(size), grad: new Float32Array(size) };
}

/**
 * A grow-only scratch array. Layers keep one per output so that repeated forward passes
 * (every slider move re-evaluates a whole test set) allocate nothing once warmed up.
 */
export class Scratch {
  private data = new Float32Array(0);

  /** A zero-filled view of exactly `size` elements when `zero` is set, otherwise stale contents. */
  take(size: number, zero = false): Float32Array {
    if (this.data.length < size) this.data = new Float32Array(size);
    const view = this.data.length === size ? this.data : this.data.subarray(0, size);
    if (zero) view.fill(0);
    return view;
  }
}
