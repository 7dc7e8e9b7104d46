import { expect } from '@open-wc/testing';
import { MlBatchMemory } from '../../components/batch-memory/ml-batch-memory.js';
import { MlQuantLab } from '../../components/quant-lab/ml-quant-lab.js';
import { MlOptimLandscape } from '../../components/optim-landscape/ml-optim-landscape.js';
import { batchMemoryCard } from '../../src/core/memory/card.js';
import { quantLabCard } from '../../src/core/quant/card.js';
import { optimLandscapeCard } from '../../src/core/optim/card.js';

describe('instructor’s cards on the lab classes', () => {
  it('each lab class loads its own card, as the gallery reads it from the registry', async () => {
    for (const [tag, card] of [['ml-batch-memory', batchMemoryCard], ['ml-quant-lab', quantLabCard], ['ml-optim-landscape', optimLandscapeCard]] as const) {
      const Lab = customElements.get(tag) as typeof MlBatchMemory | typeof MlQuantLab | typeof MlOptimLandscape;
      expect(await Lab.instructorCard()).to.equal(card);
    }
    expect(customElements.get('ml-batch-memory')).to.equal(MlBatchMemory);
    expect(customElements.get('ml-quant-lab')).to.equal(MlQuantLab);
    expect(customElements.get('ml-optim-landscape')).to.equal(MlOptimLandscape);
  });
});
