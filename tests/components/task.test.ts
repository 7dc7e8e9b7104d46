import { expect } from '@open-wc/testing';
import { TaskController } from '../../src/lib/controllers/task.js';

/** A minimal controller host that counts update requests. */
function host() {
  const controllers: { hostDisconnected?: () => void }[] = [];
  return {
    updates: 0,
    controllers,
    addController(controller: { hostDisconnected?: () => void }) {
      controllers.push(controller);
    },
    removeController() {},
    requestUpdate() {
      this.updates++;
    },
    updateComplete: Promise.resolve(true),
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('TaskController', () => {
  it('runs one step per task, reports progress, and asks for an update when it finishes', async () => {
    const h = host();
    const task = new TaskController(h);
    const seen: number[] = [];
    function* steps() {
      for (let i = 1; i <= 3; i++) {
        seen.push(i);
        yield i / 3;
      }
    }
    task.run('Counting', steps(), () => {});
    expect(task.running).to.equal(true);
    expect(seen).to.deep.equal([]);
    await wait(50);
    expect(seen).to.deep.equal([1, 2, 3]);
    expect(task.running).to.equal(false);
    const updatesAtEnd = h.updates;
    expect(updatesAtEnd).to.be.greaterThan(3);
    await wait(20);
    expect(h.updates).to.equal(updatesAtEnd);
  });

  it('a new run cancels the previous one, and so does disconnecting', async () => {
    const h = host();
    const task = new TaskController(h);
    const log: string[] = [];
    function* steps(name: string) {
      for (let i = 0; i < 100; i++) {
        log.push(name);
        yield i / 100;
      }
    }
    task.run('first', steps('first'), () => {});
    task.run('second', steps('second'), () => {});
    await wait(5);
    h.controllers[0]!.hostDisconnected!();
    const count = log.length;
    await wait(30);
    expect(log).to.not.include('first');
    expect(log.length).to.equal(count);
  });

  it('holds the first step back by the given delay and reports errors', async () => {
    const task = new TaskController(host());
    let started = false;
    let error: unknown;
    function* steps(): Generator<number, void> {
      started = true;
      throw new Error('boom');
    }
    task.run('late', steps(), (e) => (error = e), 40);
    await wait(15);
    expect(started).to.equal(false);
    await wait(60);
    expect((error as Error).message).to.equal('boom');
    expect(task.running).to.equal(false);
  });
});
