/**
 * An instructor's card: what a lab is for in a course. Each lab module declares its own beside
 * its schema, so the card is versioned with the lab whose numbers it quotes (its tests check
 * those numbers against the core). Plain data for the gallery and Storybook, and Markdown for a
 * handout or a course page.
 */

/** A belief a student may bring, and a tag of the lab that shows it false. */
export interface Misconception {
  /** The belief, in a student's words. */
  readonly belief: string;
  /** What the lab shows instead, with the numbers it shows. */
  readonly truth: string;
  /** A tag of the lab that sets up the scenario, its `controls` the ones to move. */
  readonly tag: string;
}

/** One assignment, in the order a student works through it. */
export interface Assignment {
  /** What to predict before touching a control. */
  readonly predict: string;
  /** What to change and watch. */
  readonly explore: string;
  /** What to hand in. */
  readonly submit: string;
  /** The tag to hand out: the scenario, asking for the prediction (`predict`). */
  readonly tag: string;
}

export interface InstructorCard {
  /** The lab's tag name, e.g. `ml-batch-memory`. */
  readonly lab: string;
  /** What a student should be able to do after the lab. */
  readonly goals: readonly string[];
  readonly assignment: Assignment;
  /** Three to five questions for a class discussion. */
  readonly prompts: readonly string[];
  readonly misconceptions: readonly Misconception[];
}

/** Card text is prose, never Markdown: characters Markdown would read as markup are escaped. */
const prose = (text: string) => text.replace(/[\\`*_[\]<>#|]/g, '\\$&');

const codeBlock = (tag: string) => ['```html', tag, '```'];

/** The card as Markdown, its tags as HTML code blocks, under a level-2 heading. */
export function instructorCardMarkdown(card: InstructorCard): string {
  const { assignment } = card;
  const lines = [
    `## For instructors: \`<${card.lab}>\``,
    '',
    '### Learning goals',
    '',
    ...card.goals.map((goal) => `- ${prose(goal)}`),
    '',
    '### Suggested assignment',
    '',
    `- **Predict:** ${prose(assignment.predict)}`,
    `- **Explore:** ${prose(assignment.explore)}`,
    `- **Submit:** ${prose(assignment.submit)}`,
    '',
    'The tag to hand out:',
    '',
    ...codeBlock(assignment.tag),
    '',
    '### Discussion prompts',
    '',
    ...card.prompts.map((prompt, i) => `${i + 1}. ${prose(prompt)}`),
    '',
    '### Common misconceptions',
  ];
  for (const { belief, truth, tag } of card.misconceptions) {
    lines.push('', `**“${prose(belief)}”** ${prose(truth)}`, '', ...codeBlock(tag));
  }
  return `${lines.join('\n')}\n`;
}
