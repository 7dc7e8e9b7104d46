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
 * Lets an element that draws on a canvas put its drawing off while it is far from the viewport:
 * the reader cannot see that drawing, and an input (or a page with many labs, loading) then
 * costs only what is in view. The host asks `putOff()` before drawing; when that says yes, the
 * controller remembers that the drawing is behind and calls `catchUp` once, as soon as the host
 * is near (before it scrolls into view), before the page is printed, or on `flush()`.
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
  /** Whether drawing was put off and `catchUp` has not run since. */
  private behind = false;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly catchUp: () => void,
    /** Told each time the host comes near or goes far. */
    private readonly onChange?: (near: boolean) => void,
  ) {
    host.addController(this);
  }

  /** Whether to put drawing off now: yes unless the host is known to be near. */
  putOff(): boolean {
    if (this.near === true) return false;
    this.behind = true;
    return true;
  }

  /** Whether drawing was put off and not caught up yet; the host draws it all now, so it no longer is. */
  takeBehind(): boolean {
    const behind = this.behind;
    this.behind = false;
    return behind;
  }

  /** Catches up now on drawing that was put off, if any (before exporting the drawing, say). */
  flush(): void {
    if (this.takeBehind()) this.catchUp();
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
    // Put back in a page, the host starts over, and draws again once near.
    this.near = undefined;
    this.behind = true;
  }

  /** @internal Called by the shared observer. */
  report(near: boolean): void {
    this.near = near;
    if (near) this.flush();
    this.onChange?.(near);
  }
}
