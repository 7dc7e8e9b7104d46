/**
 * The lab contract (tests/components/lab-contract.ts) for every element in custom-elements.json
 * that is a lab, so a new lab keeps it from the day it is added.
 */
import { expect } from '@open-wc/testing';
import { runLabContractTests } from '../components/lab-contract.js';
import { MlLab } from '../../src/lib/lab/lab.js';
import '../../src/index.js';

interface Manifest {
  modules: { declarations?: { tagName?: string }[] }[];
}

const manifest: Manifest = await (await fetch('/custom-elements.json')).json();
const labs = manifest.modules
  .flatMap((module) => module.declarations ?? [])
  .flatMap((declaration) => (declaration.tagName ? [declaration.tagName] : []))
  .filter((tag) => (customElements.get(tag)?.prototype ?? null) instanceof MlLab);

// Refused attributes log one warning each by design; keep the test output readable.
console.warn = () => {};

describe('labs', () => {
  it('finds the labs in custom-elements.json', () => {
    expect(labs).to.include.members(['ml-batch-memory', 'ml-quant-lab']);
  });
});

for (const tag of labs) runLabContractTests(tag);
