import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Watches an element's content-box width with a `ResizeObserver` while the host is connected,
 * and asks the host to update when it changes. The update runs in the next animation frame:
 * updating inside the observer's callback would resize the element again during the same
 * delivery, which the browser reports as an error ("ResizeObserver loop completed with
 * undelivered notifications") to the host page. The observer and any pending frame are released
 * on disconnect, so elements added and removed many times leave nothing behind.
 */
export class ResizeController implements ReactiveController {
  /** Last observed content width in CSS pixels (0 until the first observation). */
  width = 0;
  private observer?: ResizeObserver;
  private frame = 0;

  /**
   * `onWidth`, when given, is called from the observer itself instead of updating the host, so
   * its effect shows in the frame being drawn. It must not change the target's size (a layout
   * state for what lies below the target, say), or the observer would loop.
   */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly target: () => Element | null | undefined = () => host,
    private readonly onWidth?: (width: number) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[entries.length - 1]!.contentRect.width);
      if (width !== this.width) {
        this.width = width;
        if (this.onWidth) {
          this.onWidth(width);
          return;
        }
        cancelAnimationFrame(this.frame);
        this.frame = requestAnimationFrame(() => this.host.requestUpdate());
      }
    });
    // The target may live in the shadow root, which exists only after the first render.
    void this.host.updateComplete.then(() => {
      const element = this.target();
      if (element && this.observer) this.observer.observe(element);
    });
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
