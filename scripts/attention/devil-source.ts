// Ambrose Bierce's "The Devil's Dictionary" (1911; public domain, its copyright expired) from
// Debian's package `dict-devil`, as the attention model's text: fetched with `apt-get download`
// (no install) into a cache folder, unpacked with `dpkg-deb -x`, read from the dictd files
// (devil.index names each entry's offset and length in devil.dict.dz, a gzip-compatible dictzip
// file), cleaned, and split into training and validation entries with a fixed seed.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createRng } from '../../src/core/shared/rng.js';

export const PACKAGE = 'dict-devil';
export const SPLIT_SEED = 20251207;
/** Share of the dictionary's entries held out for validation (and shipped). */
export const VALIDATION_SHARE = 0.05;
export const VALIDATION_ASSET = 'assets/text/devil-validation.txt';

export interface DevilText {
  /** The Debian package's version, e.g. 1.0-13.1. */
  packageVersion: string;
  /** SHA-256 of the unpacked dictionary (devil.dict.dz, decompressed). */
  dictionarySha256: string;
  /** The package's copyright file, whose licence statement the script checks. */
  copyright: string;
  /** Cleaned entries in dictionary order. */
  entries: string[];
  train: string;
  validation: string;
}

/** Unpacks the package once per machine; `apt-get download` needs no root and installs nothing. */
function unpackedPackage(): string {
  const cache = join(tmpdir(), `mlsys-labs-${PACKAGE}`);
  const root = join(cache, 'root');
  if (!existsSync(join(root, 'usr/share/dictd/devil.index'))) {
    mkdirSync(cache, { recursive: true });
    execFileSync('apt-get', ['download', PACKAGE], { cwd: cache, stdio: 'inherit' });
    const deb = readdirSync(cache).find((name) => name.startsWith(`${PACKAGE}_`) && name.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download ${PACKAGE} left no .deb in ${cache}`);
    execFileSync('dpkg-deb', ['-x', join(cache, deb), root]);
  }
  return root;
}

function packageVersion(): string {
  const cache = join(tmpdir(), `mlsys-labs-${PACKAGE}`);
  const deb = readdirSync(cache).find((name) => name.startsWith(`${PACKAGE}_`) && name.endsWith('.deb'))!;
  return execFileSync('dpkg-deb', ['-f', join(cache, deb), 'Version'], { encoding: 'utf8' }).trim();
}

/** dictd's index numbers: base 64, most significant digit first. */
function decodeIndexNumber(digits: string): number {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let value = 0;
  for (const digit of digits) value = value * 64 + alphabet.indexOf(digit);
  return value;
}

/**
 * One entry as plain text: each line trimmed and its runs of spaces made one (the source pads
 * poems and right-aligns attributions with spaces, which a 128-character context should not
 * spend itself on), runs of blank lines made one, none at either end.
 */
export function cleanEntry(raw: string): string {
  return raw
    .split('\n')
    .map((line) => line.trim().replace(/\s+/g, ' '))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function loadDevilText(): DevilText {
  const root = unpackedPackage();
  const copyright = readFileSync(join(root, `usr/share/doc/${PACKAGE}/copyright`), 'utf8');
  if (!/is in the public domain/i.test(copyright)) throw new Error(`${PACKAGE}'s copyright file no longer says the text is in the public domain`);
  const dictionary = gunzipSync(readFileSync(join(root, 'usr/share/dictd/devil.dict.dz')));
  const rows = readFileSync(join(root, 'usr/share/dictd/devil.index'), 'utf8').trim().split('\n');
  // Several headwords may share one entry; dictfmt's own "00database…" entries are not the book.
  const spans = new Map<number, number>();
  for (const row of rows) {
    const [headword, offset, length] = row.split('\t') as [string, string, string];
    if (!headword.startsWith('00database')) spans.set(decodeIndexNumber(offset), decodeIndexNumber(length));
  }
  const entries = [...spans]
    .sort(([a], [b]) => a - b)
    .map(([offset, length]) => cleanEntry(dictionary.subarray(offset, offset + length).toString('utf8')))
    .filter((entry) => entry.length > 0);
  const order = createRng(SPLIT_SEED).shuffle(entries.map((_, i) => i));
  const held = new Set(order.slice(0, Math.round(VALIDATION_SHARE * entries.length)));
  const join2 = (keep: (i: number) => boolean) => `${entries.filter((_, i) => keep(i)).join('\n\n')}\n`;
  return {
    packageVersion: packageVersion(),
    dictionarySha256: createHash('sha256').update(dictionary).digest('hex'),
    copyright,
    entries,
    train: join2((i) => !held.has(i)),
    validation: join2((i) => held.has(i)),
  };
}
