// Writes the attention model's validation text, assets/text/devil-validation.txt: 5 % of the
// entries of Bierce's "The Devil's Dictionary" (Debian's dict-devil, public domain), held out
// with a fixed seed and cleaned (scripts/attention/devil-source.ts). The training text, the
// other 95 %, is not shipped: the training script rebuilds it from the package. With --check the
// file is rebuilt and compared byte for byte with the committed one instead. Run: npm run data:text
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadDevilText, VALIDATION_ASSET } from './devil-source.js';

const check = process.argv.includes('--check');
const text = loadDevilText();
const bytes = Buffer.from(text.validation, 'utf8');
console.log(
  `dict-devil ${text.packageVersion} (dictionary sha256 ${text.dictionarySha256}): ${text.entries.length} entries; ` +
    `training text ${text.train.length} characters, validation ${text.validation.length} → ${VALIDATION_ASSET} (${bytes.length} bytes)`,
);
if (!check) {
  mkdirSync(dirname(VALIDATION_ASSET), { recursive: true });
  writeFileSync(VALIDATION_ASSET, bytes);
} else if (!bytes.equals(readFileSync(VALIDATION_ASSET))) {
  console.log(`check FAILED: ${VALIDATION_ASSET} differs from the committed file`);
  process.exitCode = 1;
} else {
  console.log('check: byte-identical to the committed file');
}
