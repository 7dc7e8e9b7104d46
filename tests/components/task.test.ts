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
  it('runs steps in slices of about 8 ms, reports progress, and asks for an update when it finishes', async () => {
    const h = host();
    const task = new TaskController(h);
    // Steps of one slice run in one task: a microtask queued by a step runs only after the slice.
    const slices: number[] = [];
    let sameTask = false;
    function* steps() {
      for (let i = 1; i <= 12; i++) {
        const started = performance.now();
        while (performance.now() - started < 3);
        if (sameTask) slices[slices.length - 1]!++;
        else slices.push(1);
        sameTask = true;
        queueMicrotask(() => (sameTask = false));
        yield i / 12;
      }
    }
    task.run('Counting', steps(), () => {});
    expect(task.running).to.equal(true);
    expect(slices).to.deep.equal([]);
    for (let i = 0; i < 100 && task.running; i++) await wait(10);
    expect(task.running).to.equal(false);
    expect(task.progress).to.equal(1);
    // 3 ms steps in 8 ms slices: three steps per slice, the page's own tasks run in between.
    expect(slices.reduce((a, b) => a + b)).to.equal(12);
    expect(Math.max(...slices)).to.be.at.most(3);
    expect(slices.length).to.be.at.least(4);
    // Updates for the first slice and at the end, not for every slice in between.
    const updatesAtEnd = h.updates;
    expect(updatesAtEnd).to.be.at.least(2);
    expect(updatesAtEnd).to.be.lessThan(slices.length);
    await wait(20);
    expect(h.updates).to.equal(updatesAtEnd);
  });

  it('a cancelled run is returned, so its finally blocks put things back', async () => {
    const task = new TaskController(host());
    let restored = false;
    function* steps() {
      try {
        for (;;) yield 0.5;
      } finally {
        restored = true;
      }
    }
    task.run('Forever', steps(), () => {});
    await wait(20);
    expect(restored).to.equal(false);
    task.cancel();
    expect(restored).to.equal(true);
    expect(task.running).to.equal(false);
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
    for (let i = 0; i < 50 && log.length === 0; i++) await wait(5);
    expect(log).to.include('second');
    h.controllers[0]!.hostDisconnected!();
    const count = log.length;
    await wait(30);
    expect(log).to.not.include('first');
    expect(log.length).to.equal(count);
  });

  it('without a delay, runs the first slice once the next frame is painted', async () => {
    const task = new TaskController(host());
    const events: string[] = [];
    function* steps() {
      events.push('slice');
      yield 1;
    }
    task.run('soon', steps(), () => {});
    requestAnimationFrame(() => events.push('frame'));
    for (let i = 0; i < 50 && task.running; i++) await wait(5);
    expect(events).to.deep.equal(['frame', 'slice']);
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
