/**
 * What a sparse kernel runs: every linear and conv weight stored in CSR (compressed sparse row:
 * the nonzero values, their column indices, where each row starts), and a forward pass that
 * multiplies only those. It computes what the masked model computes (to float32 rounding) and
 * lets a page time both: a dense kernel does every multiply-add whatever the zeros, this one does
 * one per nonzero, at the price of an index read and a scattered load each.
 */
import type { Conv2d, Layer, Sequential } from '../nn/index.js';
import { sizeOf } from '../nn/index.js';

export interface CsrMatrix {
  rows: number;
  cols: number;
  values: Float32Array;
  columns: Int32Array;
  /** rows + 1 offsets: row r's entries are [rowStart[r], rowStart[r + 1]). */
  rowStart: Int32Array;
}

/** A row-major `rows` × n/rows matrix in CSR, its zeros left out. */
export function toCsr(matrix: Float32Array, rows: number): CsrMatrix {
  const cols = matrix.length / rows;
  let nonzeros = 0;
  for (const value of matrix) if (value !== 0) nonzeros++;
  const values = new Float32Array(nonzeros);
  const columns = new Int32Array(nonzeros);
  const rowStart = new Int32Array(rows + 1);
  let q = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = matrix[r * cols + c]!;
      if (value === 0) continue;
      values[q] = value;
      columns[q++] = c;
    }
    rowStart[r + 1] = q;
  }
  return { rows, cols, values, columns, rowStart };
}

/**
 * out[n][o][p] = bias[o] + Σ_q values[q] · input[(n·positions + p)·cols + columns[q]], over row o's
 * entries: a linear layer (positions = 1) or a conv on its patches (positions = output pixels),
 * written in the layer's own output layout.
 */
export function csrProduct(input: Float32Array, batch: number, positions: number, weight: CsrMatrix, bias: Float32Array, out: Float32Array): void {
  const { rows: outputs, cols, values, columns, rowStart } = weight;
  for (let n = 0; n < batch; n++) {
    for (let p = 0; p < positions; p++) {
      const base = (n * positions + p) * cols;
      for (let o = 0; o < outputs; o++) {
        let sum = bias[o]!;
        const end = rowStart[o + 1]!;
        for (let q = rowStart[o]!; q < end; q++) sum += values[q]! * input[base + columns[q]!]!;
        out[(n * outputs + o) * positions + p] = sum;
      }
    }
  }
}

type Step = (input: Float32Array, batch: number) => Float32Array;

/** A buffer of at least `size` values, grown when a larger batch comes. */
function grown(buffer: { data: Float32Array }, size: number): Float32Array {
  if (buffer.data.length < size) buffer.data = new Float32Array(size);
  return buffer.data.subarray(0, size);
}

function sparseStep(model: Sequential, layer: Layer): Step {
  const weight = toCsr(model.parameter(`${layer.name}.weight`).data, layer.params[0]!.shape[0]!);
  const bias = model.parameter(`${layer.name}.bias`).data;
  const out = { data: new Float32Array(0) };
  const outputSize = sizeOf(layer.outputShape);
  if (layer.spec.type === 'linear') {
    if (layer.inputShape.length !== 1) throw new RangeError(`${layer.name}: the sparse forward handles linear layers on vectors`);
    return (input, batch) => {
      const output = grown(out, batch * outputSize);
      csrProduct(input, batch, 1, weight, bias, output);
      return output;
    };
  }
  const conv = layer as Conv2d;
  const positions = layer.outputShape[1]! * layer.outputShape[2]!;
  const patches = { data: new Float32Array(0) };
  return (input, batch) => {
    const unfolded = grown(patches, batch * positions * weight.cols);
    conv.unfold(input, unfolded, batch);
    const output = grown(out, batch * outputSize);
    csrProduct(unfolded, batch, positions, weight, bias, output);
    return output;
  };
}

/** `model`'s forward pass with its linear and conv weights, as they are now, in CSR. */
export class CsrForward {
  private readonly steps: Step[];

  constructor(readonly model: Sequential) {
    this.steps = model.layers.map((layer) => (layer.spec.type === 'linear' || layer.spec.type === 'conv2d' ? sparseStep(model, layer) : (input: Float32Array, batch: number) => layer.forward(input, batch)));
  }

  forward(input: Float32Array, batch: number): Float32Array {
    let values = input;
    for (const step of this.steps) values = step(values, batch);
    return values;
  }
}
