import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** A whole sequence plays in about this long, whatever its length... */
const PLAY_SECONDS = 4;
/** ...but never slower than this many steps a second, so a short one does not crawl. */
const MIN_STEPS_PER_SECOND = 12;

/**
 * Plays a sequence of steps 0…`length` (an optimizer's iterates) as an animation: play, pause,
 * one step, back to the start, to the end. One loop of `requestAnimationFrame` at a time (playing
 * twice does not start a second), released when the host disconnects. Where the reader asked for
 * less motion (`reducedMotion()`), playing jumps to the end instead. The host is asked to update
 * on every frame that moves `position`.
 */
export class PlaybackController implements ReactiveController {
  /** The last step, the whole sequence shown; the position stays within it. */
  private last = 0;
  /** Where the animation is, in steps (a fraction between frames). */
  private at = 0;
  private frame = 0;
  private previousTime?: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly reducedMotion: () => boolean,
  ) {
    host.addController(this);
  }

  /** The step shown: the whole sequence until the reader plays it or steps through it. */
  get position(): number {
    return Math.floor(this.at);
  }

  get playing(): boolean {
    return this.frame !== 0;
  }

  get atEnd(): boolean {
    return this.at >= this.last;
  }

  /** The sequence's last step. A position past a shorter sequence's end moves to it; a sequence shown whole stays whole. */
  set length(last: number) {
    const whole = this.atEnd;
    this.last = last;
    if (whole || this.at > last) this.at = last;
  }

  get length(): number {
    return this.last;
  }

  /** Plays from here (from the start when at the end), or shows the end at once where motion is reduced. */
  play(): void {
    if (this.reducedMotion()) {
      this.at = this.last;
      this.host.requestUpdate();
      return;
    }
    if (this.playing) return;
    if (this.atEnd) this.at = 0;
    this.previousTime = undefined;
    this.frame = requestAnimationFrame(this.tick);
    this.host.requestUpdate();
  }

  pause(): void {
    if (!this.playing) return;
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.host.requestUpdate();
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  /** Moves `steps` steps (back when negative), pausing. */
  step(steps = 1): void {
    this.pause();
    this.at = Math.min(Math.max(Math.floor(this.at) + steps, 0), this.last);
    this.host.requestUpdate();
  }

  /** Shows step `position`, pausing. */
  seek(position: number): void {
    this.pause();
    this.at = Math.min(Math.max(Math.round(position), 0), this.last);
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private readonly tick = (time: number) => {
    const seconds = this.previousTime === undefined ? 0 : Math.min((time - this.previousTime) / 1000, 0.1);
    this.previousTime = time;
    this.at = Math.min(this.at + seconds * Math.max(this.last / PLAY_SECONDS, MIN_STEPS_PER_SECOND), this.last);
    this.frame = this.atEnd ? 0 : requestAnimationFrame(this.tick);
    this.host.requestUpdate();
  };
}
