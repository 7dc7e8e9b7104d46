import { expect } from '@open-wc/testing';
import { MlBatchMemory } from '../../components/batch-memory/ml-batch-memory.js';
import { MlQuantLab } from '../../components/quant-lab/ml-quant-lab.js';
import { batchMemoryCard } from '../../src/core/memory/card.js';
import { quantLabCard } from '../../src/core/quant/card.js';

describe('instructor’s cards on the lab classes', () => {
  it('each lab class loads its own card, as the gallery reads it from the registry', async () => {
    for (const [tag, card] of [['ml-batch-memory', batchMemoryCard], ['ml-quant-lab', quantLabCard]] as const) {
      const Lab = customElements.get(tag) as typeof MlBatchMemory | typeof MlQuantLab;
      expect(await Lab.instructorCard()).to.equal(card);
    }
    expect(customElements.get('ml-batch-memory')).to.equal(MlBatchMemory);
    expect(customElements.get('ml-quant-lab')).to.equal(MlQuantLab);
  });
});
