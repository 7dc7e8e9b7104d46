/**
 * Vision models as layer tables built from their torchvision architectures: parameters, forward
 * FLOPs and the activation tensors a training step keeps for backward, per sample.
 *
 * What is saved follows PyTorch autograd's formulas (tools/autograd/derivatives.yaml,
 * https://github.com/pytorch/pytorch/blob/main/tools/autograd/derivatives.yaml):
 * - Conv2d and Linear save their input; BatchNorm and LayerNorm save their input (LayerNorm also
 *   its per-row mean and rstd in FP32);
 * - in-place ReLU / ReLU6 save their output, which shares storage with the tensor they modify;
 * - max-pool saves its input and int64 indices; GELU saves its input; residual adds save nothing;
 * - dropout with p > 0 saves a 1-byte mask; torchvision's ViT has p = 0, which is the identity;
 * - ViT attention is torch's scaled_dot_product_attention (flash / memory-efficient kernels,
 *   as PyTorch 2 picks with need_weights=False): it saves q, k, v, its output and an FP32
 *   log-sum-exp per head and token, never the s×s score matrix.
 * A tensor saved by two operations is counted once. BatchNorm's per-channel statistics and the
 * transient buffers of a single operation are not counted.
 */
import type { MobileNetV2Architecture, ResNetArchitecture, VisionArchitecture, VitArchitecture } from '../catalog/models.js';

export interface VisionLayer {
  name: string;
  kind: 'conv' | 'batchnorm' | 'relu' | 'maxpool' | 'avgpool' | 'linear' | 'dropout' | 'add' | 'layernorm' | 'gelu' | 'attention' | 'embedding';
  params: number;
  /** Shapes of this layer's parameter tensors, in PyTorch's layout. */
  paramShapes: number[][];
  /** Output shape for one sample: [C, H, W] for feature maps, [tokens, features] for ViT. */
  outputShape: number[];
  /** Activation-precision elements this layer is first to keep for backward, per sample. */
  savedElements: number;
  /** Bytes kept whose width does not follow the activation precision (indices, masks, FP32 stats). */
  savedFixedBytes: number;
  /** 2 × multiply–accumulates of convolutions, linear layers and attention matmuls. */
  forwardFlops: number;
  /** Elements live while this layer runs (its inputs and output), per sample. */
  workingElements: number;
}

export interface VisionTable {
  layers: VisionLayer[];
  params: number;
  savedElements: number;
  savedFixedBytes: number;
  forwardFlops: number;
  /** Sum of the inputs of the checkpointed blocks (kept under full recomputation). */
  blockInputElements: number;
  /** The largest `workingElements` of any layer (the peak transient in inference). */
  peakWorkingElements: number;
}

interface Tensor {
  id: number;
  shape: number[];
}

const elements = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const convOut = (size: number, kernel: number, stride: number, padding: number) =>
  Math.floor((size + 2 * padding - kernel) / stride) + 1;

/** Records layers while tracking which tensors are kept for backward. */
class TableBuilder {
  readonly layers: VisionLayer[] = [];
  private readonly saved = new Set<number>();
  private nextId = 0;
  blockInputElements = 0;

  tensor(shape: number[]): Tensor {
    return { id: this.nextId++, shape };
  }

  /** Starts a checkpoint unit whose input is kept under full recomputation. */
  block(input: Tensor): void {
    this.blockInputElements += elements(input.shape);
  }

  layer(
    name: string,
    kind: VisionLayer['kind'],
    inputs: Tensor[],
    output: Tensor,
    opts: { paramShapes?: number[][]; flops?: number; save?: Tensor[]; fixedBytes?: number },
  ): Tensor {
    let savedElements = 0;
    for (const t of opts.save ?? []) {
      if (this.saved.has(t.id)) continue;
      this.saved.add(t.id);
      savedElements += elements(t.shape);
    }
    const fresh = inputs.every((t) => t.id !== output.id);
    const paramShapes = opts.paramShapes ?? [];
    this.layers.push({
      name,
      kind,
      params: paramShapes.reduce((sum, shape) => sum + elements(shape), 0),
      paramShapes,
      outputShape: output.shape,
      savedElements,
      savedFixedBytes: opts.fixedBytes ?? 0,
      forwardFlops: opts.flops ?? 0,
      workingElements: inputs.reduce((sum, t) => sum + elements(t.shape), 0) + (fresh ? elements(output.shape) : 0),
    });
    return output;
  }

  conv(name: string, x: Tensor, out: number, kernel: number, stride: number, opts: { groups?: number; bias?: boolean } = {}): Tensor {
    const [cin, height, width] = x.shape as [number, number, number];
    const groups = opts.groups ?? 1;
    const padding = Math.floor((kernel - 1) / 2);
    const y = this.tensor([out, convOut(height, kernel, stride, padding), convOut(width, kernel, stride, padding)]);
    const weight = [out, cin / groups, kernel, kernel];
    return this.layer(name, 'conv', [x], y, {
      paramShapes: opts.bias ? [weight, [out]] : [weight],
      flops: 2 * elements(weight) * y.shape[1]! * y.shape[2]!,
      save: [x],
    });
  }

  batchNorm(name: string, x: Tensor): Tensor {
    return this.layer(name, 'batchnorm', [x], this.tensor(x.shape), {
      paramShapes: [[x.shape[0]!], [x.shape[0]!]],
      save: [x],
    });
  }

  reluInPlace(name: string, x: Tensor): Tensor {
    return this.layer(name, 'relu', [x], x, { save: [x] });
  }

  convBnRelu(name: string, x: Tensor, out: number, kernel: number, stride: number, groups = 1): Tensor {
    const y = this.batchNorm(`${name}.bn`, this.conv(`${name}.conv`, x, out, kernel, stride, { groups }));
    return this.reluInPlace(`${name}.relu`, y);
  }

  linear(name: string, x: Tensor, out: number, savedInput: Tensor = x): Tensor {
    const tokens = x.shape.length === 2 ? x.shape[0]! : 1;
    const features = x.shape[x.shape.length - 1]!;
    const y = this.tensor(x.shape.length === 2 ? [tokens, out] : [out]);
    return this.layer(name, 'linear', [x], y, {
      paramShapes: [[out, features], [out]],
      flops: 2 * tokens * features * out,
      save: [savedInput],
    });
  }

  layerNorm(name: string, x: Tensor): Tensor {
    const [tokens, dim] = x.shape as [number, number];
    return this.layer(name, 'layernorm', [x], this.tensor(x.shape), {
      paramShapes: [[dim], [dim]],
      save: [x],
      fixedBytes: 8 * tokens,
    });
  }

  dropout(name: string, x: Tensor, p: number): Tensor {
    if (p === 0) return x;
    return this.layer(name, 'dropout', [x], this.tensor(x.shape), { fixedBytes: elements(x.shape) });
  }

  add(name: string, a: Tensor, b: Tensor): Tensor {
    return this.layer(name, 'add', [a, b], this.tensor(a.shape), {});
  }

  globalAvgPool(name: string, x: Tensor): Tensor {
    return this.layer(name, 'avgpool', [x], this.tensor([x.shape[0]!]), { save: [x] });
  }

  finish(): VisionTable {
    const sum = (key: 'params' | 'savedElements' | 'savedFixedBytes' | 'forwardFlops') =>
      this.layers.reduce((total, layer) => total + layer[key], 0);
    return {
      layers: this.layers,
      params: sum('params'),
      savedElements: sum('savedElements'),
      savedFixedBytes: sum('savedFixedBytes'),
      forwardFlops: sum('forwardFlops'),
      blockInputElements: this.blockInputElements,
      peakWorkingElements: Math.max(...this.layers.map((layer) => layer.workingElements)),
    };
  }
}

/** torchvision.models.resnet (v1.5: a Bottleneck downsamples in its 3×3 convolution). */
function buildResNet(arch: ResNetArchitecture, imageSize: number): VisionTable {
  const b = new TableBuilder();
  const image = b.tensor([3, imageSize, imageSize]);
  b.block(image);
  let x = b.convBnRelu('stem', image, 64, 7, 2);
  const pooled = b.tensor([64, convOut(x.shape[1]!, 3, 2, 1), convOut(x.shape[2]!, 3, 2, 1)]);
  x = b.layer('maxpool', 'maxpool', [x], pooled, { save: [x], fixedBytes: 8 * elements(pooled.shape) });

  const expansion = arch.block === 'basic' ? 1 : 4;
  let channels = 64;
  arch.blocksPerStage.forEach((blocks, stage) => {
    const planes = 64 * 2 ** stage;
    for (let i = 0; i < blocks; i++) {
      const name = `layer${stage + 1}.${i}`;
      const stride = stage > 0 && i === 0 ? 2 : 1;
      const input = x;
      b.block(input);
      let out: Tensor;
      if (arch.block === 'basic') {
        out = b.convBnRelu(`${name}.1`, input, planes, 3, stride);
        out = b.batchNorm(`${name}.bn2`, b.conv(`${name}.conv2`, out, planes, 3, 1));
      } else {
        out = b.convBnRelu(`${name}.1`, input, planes, 1, 1);
        out = b.convBnRelu(`${name}.2`, out, planes, 3, stride);
        out = b.batchNorm(`${name}.bn3`, b.conv(`${name}.conv3`, out, planes * expansion, 1, 1));
      }
      let identity = input;
      if (stride !== 1 || channels !== planes * expansion) {
        identity = b.batchNorm(`${name}.downsample.bn`, b.conv(`${name}.downsample.conv`, input, planes * expansion, 1, stride));
      }
      // torchvision writes `out += identity; out = relu(out)`, both in place.
      out = b.layer(`${name}.add`, 'add', [out, identity], out, {});
      x = b.reluInPlace(`${name}.relu`, out);
      channels = planes * expansion;
    }
  });
  b.block(x);
  const features = b.globalAvgPool('avgpool', x);
  b.linear('fc', features, arch.numClasses);
  return b.finish();
}

/** torchvision.models.mobilenetv2 (width multiplier 1.0). */
function buildMobileNetV2(arch: MobileNetV2Architecture, imageSize: number): VisionTable {
  const b = new TableBuilder();
  const image = b.tensor([3, imageSize, imageSize]);
  b.block(image);
  let x = b.convBnRelu('features.0', image, arch.firstChannels, 3, 2);
  let channels = arch.firstChannels;
  let index = 1;
  for (const [expansion, out, repeats, firstStride] of arch.invertedResidualSetting) {
    for (let i = 0; i < repeats; i++, index++) {
      const name = `features.${index}`;
      const stride = i === 0 ? firstStride : 1;
      const hidden = Math.round(channels * expansion);
      const input = x;
      b.block(input);
      let y = expansion === 1 ? input : b.convBnRelu(`${name}.expand`, input, hidden, 1, 1);
      y = b.convBnRelu(`${name}.depthwise`, y, hidden, 3, stride, hidden);
      y = b.batchNorm(`${name}.project.bn`, b.conv(`${name}.project.conv`, y, out, 1, 1));
      // `x + self.conv(x)` is out of place: a new tensor, which the next convolution saves.
      x = stride === 1 && channels === out ? b.add(`${name}.add`, input, y) : y;
      channels = out;
    }
  }
  b.block(x);
  x = b.convBnRelu(`features.${index}`, x, arch.lastChannels, 1, 1);
  const features = b.globalAvgPool('avgpool', x);
  b.linear('classifier.1', b.dropout('classifier.0', features, arch.dropout), arch.numClasses);
  return b.finish();
}

/** torchvision.models.vision_transformer. */
function buildVit(arch: VitArchitecture, imageSize: number): VisionTable {
  const b = new TableBuilder();
  const { hiddenDim: dim, numHeads: heads, mlpDim, patchSize } = arch;
  const trainedTokens = (arch.imageSize / patchSize) ** 2 + 1;
  const image = b.tensor([3, imageSize, imageSize]);
  b.block(image);
  const patches = b.conv('conv_proj', image, dim, patchSize, patchSize, { bias: true });
  const tokens = elements(patches.shape.slice(1)) + 1;
  // Class token and position embedding are parameters of the trained size; torch.cat and the
  // position add save nothing.
  let x = b.layer('class_token+pos_embedding', 'embedding', [patches], b.tensor([tokens, dim]), {
    paramShapes: [[1, 1, dim], [1, trainedTokens, dim]],
  });
  for (let i = 0; i < arch.numLayers; i++) {
    const name = `encoder.layers.${i}`;
    const input = x;
    b.block(input);
    const normed = b.layerNorm(`${name}.ln_1`, input);
    // nn.MultiheadAttention: packed in-projection, then a contiguous q/k/v copy that SDPA saves,
    // SDPA output (saved by SDPA) and its contiguous permute (saved by out_proj).
    const qkvProjection = b.linear(`${name}.self_attention.in_proj`, normed, 3 * dim);
    const qkv = b.tensor(qkvProjection.shape);
    const attended = b.tensor([tokens, dim]);
    b.layer(`${name}.self_attention.sdpa`, 'attention', [qkv], attended, {
      flops: 4 * tokens * tokens * dim,
      save: [qkv, attended],
      fixedBytes: 4 * heads * tokens,
    });
    const merged = b.tensor(attended.shape);
    const projected = b.linear(`${name}.self_attention.out_proj`, merged, dim);
    const residual = b.add(`${name}.add_1`, input, projected);
    const hidden = b.linear(`${name}.mlp.0`, b.layerNorm(`${name}.ln_2`, residual), mlpDim);
    const activated = b.layer(`${name}.mlp.1`, 'gelu', [hidden], b.tensor(hidden.shape), { save: [hidden] });
    x = b.add(`${name}.add_2`, residual, b.linear(`${name}.mlp.3`, activated, dim));
  }
  b.block(x);
  const normed = b.layerNorm('encoder.ln', x);
  // heads(x[:, 0]) saves a view of the normed tokens, which keeps the whole tensor alive.
  b.linear('heads.head', b.tensor([dim]), arch.numClasses, normed);
  return b.finish();
}

function buildTable(architecture: VisionArchitecture, imageSize: number): VisionTable {
  switch (architecture.family) {
    case 'resnet':
      return buildResNet(architecture, imageSize);
    case 'mobilenet_v2':
      return buildMobileNetV2(architecture, imageSize);
    case 'vit':
      return buildVit(architecture, imageSize);
  }
}

// A sweep asks for the same table at every batch size; building ResNet-50's takes ~0.1 ms.
const tables = new WeakMap<VisionArchitecture, Map<number, VisionTable>>();

/**
 * The layer table of a vision model for square `imageSize` × `imageSize` RGB inputs. Tables are
 * memoized per architecture object and image size; treat the result as read-only.
 */
export function buildVisionTable(architecture: VisionArchitecture, imageSize: number): VisionTable {
  let bySize = tables.get(architecture);
  if (bySize === undefined) {
    bySize = new Map();
    tables.set(architecture, bySize);
  }
  let table = bySize.get(imageSize);
  if (table === undefined) {
    table = buildTable(architecture, imageSize);
    bySize.set(imageSize, table);
  }
  return table;
}
