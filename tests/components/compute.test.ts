import { expect } from '@open-wc/testing';
import { computeEngine } from '../../src/lib/lab/compute.js';
import { ComputeController } from '../../src/lib/controllers/compute.js';
import { LitElement } from 'lit';

/** A stand-in for a lab: an element that hosts the controller. */
class ComputeHost extends LitElement {}
customElements.define('compute-test-host', ComputeHost);
async function host(): Promise<ComputeHost> {
  const element = document.createElement('compute-test-host') as ComputeHost;
  document.body.append(element);
  await element.updateComplete;
  return element;
}

const int8 = { weights: { kind: 'int', bits: 8, symmetric: true, granularity: 'per-tensor', calibration: { method: 'min-max' } } } as const;
const int2 = { weights: { ...int8.weights, bits: 2 } } as const;

describe('compute engine', () => {
  it('runs the labs’ jobs in one module worker per page', async () => {
    const engine = computeEngine();
    expect(engine).to.equal(computeEngine());
    const baseline = await engine.run('quant.baseline', { model: 'mlp' }).result;
    expect(engine.kind).to.equal('worker');
    expect(baseline.accuracy).to.be.closeTo(0.971, 1e-9);
    expect(baseline.predictions).to.be.instanceOf(Uint8Array);
    expect(baseline.predictions.length).to.equal(2000);
  });

  it('reports progress, and the evaluation it was asked for', async () => {
    const shares: number[] = [];
    const result = await computeEngine().run('quant.evaluate', { model: 'cnn', config: int8 }, { onProgress: (share) => shares.push(share) }).result;
    // CNN, INT8 per tensor, weights only: 98.00 % on the 2,000 test digits (README).
    expect(result.accuracy).to.be.closeTo(0.98, 1e-9);
    expect(shares.length).to.be.greaterThan(0);
    expect(shares.every((share) => share >= 0 && share <= 1)).to.equal(true);
  });

  it('a newer request on a channel supersedes the older: only the newest answer arrives', async () => {
    const lab = await host();
    const compute = new ComputeController(lab);
    const answers: number[] = [];
    const first = compute.request('evaluate', 'Evaluating', 'quant.evaluate', { model: 'cnn', config: int8 }).then((r) => answers.push(r.accuracy));
    const second = compute.request('evaluate', 'Evaluating', 'quant.evaluate', { model: 'cnn', config: int2 }).then((r) => answers.push(r.accuracy));
    await second;
    await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 200))]);
    expect(answers).to.have.length(1);
    expect(answers[0]).to.be.lessThan(0.5);
    expect(compute.running.size).to.equal(0);
    // The cancelled evaluation put the weights back: INT8 still gives 98.00 %.
    expect((await computeEngine().run('quant.evaluate', { model: 'cnn', config: int8 }).result).accuracy).to.be.closeTo(0.98, 1e-9);
  });

  it('turns an error inside the worker into a readable message', async () => {
    let message = '';
    try {
      await computeEngine().run('quant.baseline', { model: 'no-such-model' }).result;
    } catch (error) {
      message = (error as Error).message;
    }
    // Named before anything is fetched: only the shipped models can be asked for.
    expect(message).to.equal('no model named “no-such-model” ships with mlsys-labs');
  });

  it('cancels what a host asked for when it is disconnected', async () => {
    const lab = await host();
    const compute = new ComputeController(lab);
    let settled = false;
    void compute.request('sweep', 'Sweeping', 'quant.sweep', { model: 'cnn', activations: false }).then(() => (settled = true));
    lab.remove();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).to.equal(false);
    expect(compute.running.size).to.equal(0);
  });

  it('holds background work while its host is far from the viewport, and starts it when the host comes near', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '5000px';
    document.body.append(spacer);
    const lab = await host();
    const compute = new ComputeController(lab);
    await new Promise((resolve) => setTimeout(resolve, 100));
    let baseline: number | undefined;
    void compute.request('baseline', 'Evaluating', 'quant.baseline', { model: 'mlp' }, { priority: 'background' }).then((b) => (baseline = b.accuracy));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(baseline, 'held while far').to.equal(undefined);
    expect(compute.running.has('baseline')).to.equal(true);
    lab.scrollIntoView();
    for (let i = 0; i < 100 && baseline === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(baseline).to.be.closeTo(0.971, 1e-9);
    spacer.remove();
    lab.remove();
  });

  it('stops background work when its host goes far from the viewport, and resumes it when the host comes back', async () => {
    const lab = await host();
    const compute = new ComputeController(lab);
    await new Promise((resolve) => setTimeout(resolve, 100));
    let partials = 0;
    void compute.request('sweep', 'Sweeping', 'quant.sweep', { model: 'cnn', activations: true }, { priority: 'background', onPartial: () => partials++ });
    for (let i = 0; i < 200 && partials === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(partials, 'runs while near').to.be.greaterThan(0);
    const spacer = document.createElement('div');
    spacer.style.height = '5000px';
    lab.before(spacer);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whileFar = partials;
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(partials, 'stopped while far').to.equal(whileFar);
    lab.scrollIntoView();
    for (let i = 0; i < 200 && partials === whileFar; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(partials, 'resumed when near').to.be.greaterThan(whileFar);
    spacer.remove();
    lab.remove();
  });
});
