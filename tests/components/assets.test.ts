import { expect } from '@open-wc/testing';
import { evaluate } from '../../src/core/nn/index.js';
import { fetchAsset, loadModel, loadTestDigits } from '../../src/lib/assets.js';

describe('shipped assets in the browser', () => {
  it('loads the test digits and each model, and reproduces the accuracy in its manifest', async () => {
    const digits = await loadTestDigits();
    expect(digits.count).to.equal(2000);
    for (const name of ['mlp', 'cnn']) {
      const { model, manifest } = await loadModel(name);
      const result = evaluate(model, digits);
      expect(result.accuracy, name).to.equal(manifest.test.accuracy);
      expect(result.correct, name).to.equal(manifest.test.correct);
    }
  });

  it('gives each lab its own copy of a model', async () => {
    const first = await loadModel('mlp');
    const second = await loadModel('mlp');
    expect(first.model).to.not.equal(second.model);
    first.model.parameters()[0]!.data.fill(0);
    expect(second.model.parameters()[0]!.data.some((value) => value !== 0)).to.equal(true);
  });

  it('loads from an author’s copy of the assets folder', async () => {
    // The test server serves the repository, so its assets/ stands in for a site's own copy.
    const { manifest } = await loadModel('mlp', new URL('/assets/', location.href).href);
    expect(manifest.name).to.equal('mlp');
  });

  it('names the file and where it looked when a download fails', async () => {
    const host = new URL('/no-such-folder/', location.href).href;
    let message = '';
    await fetchAsset('models/mlp.json', host).catch((error: Error) => (message = error.message));
    expect(message).to.equal(`could not load models/mlp.json from ${host}models/mlp.json (HTTP 404)`);
  });

  it('refuses a model that does not ship', async () => {
    let message = '';
    await loadModel('zzz').catch((error: Error) => (message = error.message));
    expect(message).to.equal('no model named “zzz” ships with mlsys-labs');
  });
});
