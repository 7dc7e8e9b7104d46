import type { Parameters } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json' with { type: 'json' };
import { instructorCardMarkdown, type InstructorCard } from '../src/core/shared/instructor-card.js';

/**
 * A lab's Docs page with its instructor's card. Storybook shows one component description and a
 * set one replaces the manifest's, so this is the element's own description (its JSDoc, from
 * custom-elements.json) followed by the card, folded so that the lab stays near the top.
 */
export function docsWithCard(card: InstructorCard): Parameters {
  const declarations = manifest.modules.flatMap((module) => (module.declarations ?? []) as { tagName?: string; description?: string }[]);
  const description = declarations.find((declaration) => declaration.tagName === card.lab)?.description ?? '';
  const folded = `<details>\n<summary>For instructors: goals, assignment, prompts and misconceptions</summary>\n\n${instructorCardMarkdown(card)}\n</details>`;
  return { docs: { description: { component: `${description}\n\n${folded}` } } };
}
