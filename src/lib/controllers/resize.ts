import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Watches an element's content-box width with a `ResizeObserver` while the host is connected,
 * and asks the host to update when it changes. The observer is released on disconnect, so
 * elements added and removed many times leave nothing behind.
 */
export class ResizeController implements ReactiveController {
  /** Last observed content width in CSS pixels (0 until the first observation). */
  width = 0;
  private observer?: ResizeObserver;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly target: () => Element | null | undefined = () => host,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[entries.length - 1]!.contentRect.width);
      if (width !== this.width) {
        this.width = width;
        this.host.requestUpdate();
      }
    });
    // The target may live in the shadow root, which exists only after the first render.
    void this.host.updateComplete.then(() => {
      const element = this.target();
      if (element && this.observer) this.observer.observe(element);
    });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }
}
