/** Waits for `count` animation frames. */
export async function frames(count = 3): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise(requestAnimationFrame);
}

/** Waits, a frame at a time (at most 300), until `condition` holds. */
export async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !condition(); i++) await frames(1);
}

const near = (element: Element) => (element as unknown as { visibility: { near?: boolean } }).visibility.near;

/**
 * Charts and image strips draw only once the browser has said whether they are near the
 * viewport, in a task after their first frame that a busy machine may run some frames late:
 * waits for that report on each element, then for `count` frames.
 */
export async function seen(elements: Element | readonly Element[], count = 3): Promise<void> {
  const list = Array.isArray(elements) ? elements : [elements as Element];
  await until(() => list.every((element) => near(element) !== undefined));
  await frames(count);
}

/** Waits until the browser reports `element` near the viewport (after scrolling to it, say). */
export async function cameNear(element: Element): Promise<void> {
  await until(() => near(element) === true);
  await frames(1);
}
