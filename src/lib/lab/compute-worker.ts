/**
 * The page's compute worker: one module worker per page and package version, started by
 * compute.ts, that runs the model-based labs' jobs off the main thread. It answers `ready`
 * once loaded, so the page can tell a worker that started from one the browser refused.
 */
import { JobRunner, type Priority } from './compute-runner.js';

export type ToWorker = { type: 'run'; id: number; name: string; args: unknown; priority: Priority } | { type: 'cancel'; id: number };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'progress'; id: number; share: number }
  | { type: 'partial'; id: number; value: unknown }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'error'; id: number; message: string };

/** The worker's side of the messages: the runner's events, posted. */
const post = (message: FromWorker, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(message, transfer);

// A worker has its main thread to itself: longer slices, checked for cancellation every 20 ms.
const runner = new JobRunner(
  {
    progress: (id, share) => post({ type: 'progress', id, share }),
    partial: (id, value) => post({ type: 'partial', id, value }),
    done: (id, result, transfer) => post({ type: 'done', id, result }, transfer as ArrayBuffer[]),
    error: (id, message) => post({ type: 'error', id, message }),
  },
  20,
);

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'run') runner.run(message.id, message.name, message.args, message.priority);
  else runner.cancel(message.id);
});

post({ type: 'ready' });
