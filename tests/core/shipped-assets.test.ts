import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shippedAssets } from '../../src/lib/asset-files.js';

test('every file in assets/ is named by its own URL literal, and each URL reaches its file', () => {
  const onDisk = readdirSync('assets', { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'README.md')
    .map((entry) => `${entry.parentPath.replace(/^assets\/?/, '')}/${entry.name}`.replace(/^\//, ''))
    .sort();
  assert.deepEqual(Object.keys(shippedAssets).sort(), onDisk);
  for (const [path, url] of Object.entries(shippedAssets)) assert.ok(existsSync(fileURLToPath(url)), path);
});

test('each model manifest names the weights file its loader looks for', () => {
  for (const path of Object.keys(shippedAssets).filter((path) => path.endsWith('.json'))) {
    const manifest = JSON.parse(readFileSync(fileURLToPath(shippedAssets[path as keyof typeof shippedAssets]), 'utf8'));
    assert.equal(`models/${manifest.weights.file}`, path.replace(/\.json$/, '.bin'));
  }
});
