// Writing a trained model's two files, or with --check comparing a retrained model with the
// committed ones: every training script ends here.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

export function readArrayBuffer(path: string): ArrayBuffer {
  const file = readFileSync(path);
  return file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes assets/models/<name>.bin and <name>.json; with `check`, writes nothing and sets a failing
 * exit code unless the committed weights are byte-identical to `weights`.
 */
export function saveOrCheckModel(name: string, weights: Uint8Array, manifest: { weights: { sha256: string } }, check: boolean): void {
  const manifestPath = `assets/models/${name}.json`;
  if (check) {
    const committed = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
    const committedWeights = sha256(readFileSync(`assets/models/${name}.bin`));
    const same = committed.weights.sha256 === manifest.weights.sha256 && committedWeights === manifest.weights.sha256;
    console.log(same ? 'check: byte-identical to the committed weights' : `check FAILED: committed ${committedWeights}`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  mkdirSync('assets/models', { recursive: true });
  writeFileSync(`assets/models/${name}.bin`, weights);
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
