import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * How far outside the viewport an element still counts as near: half a viewport above and below,
 * so that an element scrolled towards is drawn before it shows (a jump, such as Page Down or a
 * link, may still show it a frame before it has caught up).
 */
const NEAR_MARGIN = '50% 0px';

const controllers = new Map<Element, VisibilityController>();
let observer: IntersectionObserver | undefined;

function sharedObserver(): IntersectionObserver {
  // One observer for every element on the page: the browser works out all their intersections
  // in one pass per frame.
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const entry of entries) controllers.get(entry.target)?.report(entry.isIntersecting);
    },
    { rootMargin: NEAR_MARGIN },
  );
  return observer;
}

/** Printing shows the whole page: everything draws what it put off first. */
function drawEverything(): void {
  for (const controller of controllers.values()) controller.flush();
}

/**
 * Tells an element that draws on a canvas whether it is on screen or near it, so that it can put
 * off drawing while it is far away: the reader cannot see that drawing, and an input (or a page
 * with many labs, loading) then costs only what is in view. `onNear` runs when the host is first
 * found near or comes near again (before it scrolls into view), and before the page is printed;
 * the host draws there what it put off.
 *
 * The browser reports where the host is after the first frame that lays it out (before the next
 * frame's animation callbacks), so a host that first draws in such a callback (once its size is
 * known) already knows.
 */
export class VisibilityController implements ReactiveController {
  /**
   * Whether the host is in the viewport or within `NEAR_MARGIN` of it; `undefined` until the
   * browser first reports it.
   */
  near: boolean | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly onNear: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (controllers.size === 0) addEventListener('beforeprint', drawEverything);
    controllers.set(this.host, this);
    sharedObserver().observe(this.host);
  }

  hostDisconnected(): void {
    controllers.delete(this.host);
    observer?.unobserve(this.host);
    if (controllers.size === 0) removeEventListener('beforeprint', drawEverything);
    // Put back in a page, the host starts over.
    this.near = undefined;
  }

  /** @internal Called by the shared observer. */
  report(near: boolean): void {
    const cameNear = near && this.near !== true;
    this.near = near;
    if (cameNear) this.onNear();
  }

  /** @internal Called before printing. */
  flush(): void {
    this.onNear();
  }
}
