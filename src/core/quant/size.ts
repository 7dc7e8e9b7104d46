/**
 * Bytes a model takes to store with its weights in a given scheme, metadata included.
 *
 * - Codes are bit-packed: ⌈elements · bits / 8⌉ bytes per tensor.
 * - Scales are float32 (4 bytes each), as ONNX QuantizeLinear's `y_scale` and PyTorch's
 *   per-channel scales.
 * - Zero points are stored at the code width, bit-packed (ONNX: `y_zero_point` has the type of
 *   the quantized tensor, so INT4 codes have INT4 zero points). Symmetric schemes store none:
 *   their zero point is fixed by the format (0, or 2^(b−1) for unsigned codes).
 * - Floating formats store their bits per element and nothing else.
 * - Biases and layers left out stay float32.
 */
import type { Sequential } from '../nn/index.js';
import { selectLayers } from './layers.js';
import { scaleCount, schemeBits, schemeLabel, type QuantScheme } from './scheme.js';

export interface ParameterSize {
  name: string;
  elements: number;
  /** Bits per element of the codes (32 for parameters left in float32). */
  bits: number;
  /** Code bytes: ⌈elements · bits / 8⌉. */
  payloadBytes: number;
  scaleCount: number;
  /** 4 bytes per float32 scale. */
  scaleBytes: number;
  /** ⌈scaleCount · bits / 8⌉ for asymmetric schemes, 0 otherwise. */
  zeroPointBytes: number;
  bytes: number;
  /** The substituted formula, for the widget's Math Peek. */
  derivation: string;
}

export interface ModelSize {
  parameters: ParameterSize[];
  bytes: number;
  /** The same parameters all in float32. */
  fp32Bytes: number;
  /** fp32Bytes / bytes. */
  compression: number;
}

export function modelSize(model: Sequential, config: { weights?: QuantScheme; layers?: readonly string[] }): ModelSize {
  const chosen = new Set(config.weights ? selectLayers(model, config.layers).map((layer) => layer.weight) : []);
  const parameters = model.parameters().map((p): ParameterSize => {
    const elements = p.data.length;
    const scheme = chosen.has(p.name) ? config.weights : undefined;
    if (!scheme) {
      const bytes = elements * 4;
      return { name: p.name, elements, bits: 32, payloadBytes: bytes, scaleCount: 0, scaleBytes: 0, zeroPointBytes: 0, bytes, derivation: `${elements} × 4 B (float32) = ${bytes} B` };
    }
    const bits = schemeBits(scheme);
    const payloadBytes = Math.ceil((elements * bits) / 8);
    const scales = scaleCount(p.shape, scheme);
    const scaleBytes = scales * 4;
    const storesZeroPoints = scheme.kind === 'int' && scheme.symmetric === false;
    const zeroPointBytes = storesZeroPoints ? Math.ceil((scales * bits) / 8) : 0;
    const bytes = payloadBytes + scaleBytes + zeroPointBytes;
    let derivation = `⌈${elements} × ${bits} b / 8⌉ = ${payloadBytes} B (${schemeLabel(scheme)})`;
    if (scales) derivation += ` + ${scales} × 4 B scales`;
    if (zeroPointBytes) derivation += ` + ⌈${scales} × ${bits} b / 8⌉ B zero points`;
    return { name: p.name, elements, bits, payloadBytes, scaleCount: scales, scaleBytes, zeroPointBytes, bytes, derivation: `${derivation} = ${bytes} B` };
  });
  const bytes = parameters.reduce((sum, p) => sum + p.bytes, 0);
  const fp32Bytes = parameters.reduce((sum, p) => sum + p.elements * 4, 0);
  return { parameters, bytes, fp32Bytes, compression: fp32Bytes / bytes };
}
