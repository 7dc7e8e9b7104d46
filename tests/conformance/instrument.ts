/**
 * Counts what elements leave behind: live ResizeObservers, listeners on window, document and
 * media-query lists, and pending animation frames. Installed once before any element loads.
 */
export interface Leaks {
  observers: number;
  listeners: number;
  frames: number;
}

const live = { observers: new Set<ResizeObserver>(), listeners: new Map<string, number>(), frames: new Set<number>() };

export function installLeakCounters(): void {
  const NativeResizeObserver = window.ResizeObserver;
  window.ResizeObserver = class extends NativeResizeObserver {
    override observe(target: Element, options?: ResizeObserverOptions): void {
      live.observers.add(this);
      super.observe(target, options);
    }
    override disconnect(): void {
      live.observers.delete(this);
      super.disconnect();
    }
  };

  const watched = (target: EventTarget) => target === window || target === document || target instanceof MediaQueryList;
  const key = (target: EventTarget, type: string, listener: unknown) =>
    `${target === window ? 'window' : target === document ? 'document' : (target as MediaQueryList).media}|${type}|${listenerId(listener)}`;
  const ids = new WeakMap<object, number>();
  let nextId = 0;
  const listenerId = (listener: unknown) => {
    if (typeof listener !== 'object' && typeof listener !== 'function') return 'none';
    if (listener === null) return 'none';
    if (!ids.has(listener)) ids.set(listener, nextId++);
    return ids.get(listener);
  };
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, listener, options) {
    if (watched(this) && listener) live.listeners.set(key(this, type, listener), 1);
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function (type, listener, options) {
    if (watched(this) && listener) live.listeners.delete(key(this, type, listener));
    return removeEventListener.call(this, type, listener, options);
  };

  const { requestAnimationFrame, cancelAnimationFrame } = window;
  window.requestAnimationFrame = (callback) => {
    const id = requestAnimationFrame((time) => {
      live.frames.delete(id);
      callback(time);
    });
    live.frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = (id) => {
    live.frames.delete(id);
    cancelAnimationFrame(id);
  };
}

export function leaks(): Leaks {
  return { observers: live.observers.size, listeners: live.listeners.size, frames: live.frames.size };
}
