// Node timings of the nn core: full test-set evaluation of each shipped model (median of 21)
// and the dense kernel's GFLOP/s. Run: node --import tsx scripts/nn/bench-nn.ts
import { readFileSync } from 'node:fs';
import { benchmarkDenseKernel, benchmarkEvaluation } from '../../src/core/nn/benchmark.js';
import { parseDigits } from '../../src/core/nn/data.js';
import { parseModel, type ModelManifest } from '../../src/core/nn/serialize.js';
import { readArrayBuffer } from './train-common.js';

const now = () => performance.now();
const testSet = parseDigits(readArrayBuffer('assets/digits-14/test.bin'));
for (const name of ['mlp', 'cnn']) {
  const manifest = JSON.parse(readFileSync(`assets/models/${name}.json`, 'utf8')) as ModelManifest;
  const model = parseModel(readArrayBuffer(`assets/models/${manifest.weights.file}`), manifest);
  const { medianMs, minMs } = benchmarkEvaluation(model, testSet, now);
  console.log(`${name}: evaluate ${testSet.count} test digits: median ${medianMs.toFixed(2)} ms (min ${minMs.toFixed(2)} ms)`);
}
const dense = benchmarkDenseKernel(now);
console.log(`dense kernel 10000×196 · 196×64: ${dense.gflops.toFixed(2)} GFLOP/s (median ${dense.medianMs.toFixed(2)} ms)`);
