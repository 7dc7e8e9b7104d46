import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * How far outside the viewport an element still counts as near: about what scrolling covers
 * in one frame, so that an element that catches up as it comes near is drawn before it shows.
 */
const NEAR_MARGIN = '100px 0px';

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
 * off drawing while it is far away: the reader cannot see that drawing, and an input then costs
 * only what is in view. `onNear` runs when the host comes near again (before it scrolls into
 * view) and before the page is printed; the host draws there what it put off.
 *
 * Until the browser first reports where the host is, the host counts as near, so its first
 * render draws everything.
 */
export class VisibilityController implements ReactiveController {
  /** Whether the host is in the viewport or within `NEAR_MARGIN` of it. */
  near = true;

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
    // Put back in a page, the host starts over: near until the browser reports otherwise.
    this.near = true;
  }

  /** @internal Called by the shared observer. */
  report(near: boolean): void {
    const cameNear = near && !this.near;
    this.near = near;
    if (cameNear) this.onNear();
  }

  /** @internal Called before printing. */
  flush(): void {
    this.onNear();
  }
}
