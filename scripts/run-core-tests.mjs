// Runs every tests/core/**/*.test.ts under node's test runner (node 20's --test does not
// expand globs itself).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = 'tests/core';
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.test.ts'))
  .map((file) => join(root, file))
  .sort();
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((word) => f.includes(word))) : files;
const { status } = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...selected], { stdio: 'inherit' });
process.exit(status ?? 1);
