// The instructor's cards: each is complete, every tag it hands out is one its lab accepts, and
// its Markdown carries every part, as prose that no Markdown reader mistakes for markup. The
// numbers the cards quote are checked against the cores in memory-card, quant-card, prune-card and attention-card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchMemoryCard, batchMemorySchema } from '../../src/core/memory/index.js';
import { quantLabCard, quantLabSchema } from '../../src/core/quant/index.js';
import { optimLandscapeCard, optimLandscapeSchema } from '../../src/core/optim/index.js';
import { pruningLabCard, pruningLabSchema } from '../../src/core/prune/index.js';
import { attentionLabCard, attentionLabSchema } from '../../src/core/attention/index.js';
import { instructorCardMarkdown, type InstructorCard } from '../../src/core/shared/instructor-card.js';
import type { LabSchema, Params } from '../../src/core/shared/lab-schema.js';
import { readTag } from './card-checks.js';

const cards: [InstructorCard, LabSchema<Params>][] = [
  [batchMemoryCard, batchMemorySchema],
  [quantLabCard, quantLabSchema],
  [optimLandscapeCard, optimLandscapeSchema],
  [pruningLabCard, pruningLabSchema],
  [attentionLabCard, attentionLabSchema],
];

/** The Markdown outside its code blocks, with escapes read back. */
const proseOf = (markdown: string) => markdown.replace(/```[\s\S]*?```/g, '').replace(/\\(.)/g, '$1');

for (const [card, schema] of cards) {
  test(`${card.lab}: goals, an assignment, three to five prompts and at least two misconceptions`, () => {
    assert.ok(card.goals.length >= 3);
    assert.ok(card.prompts.length >= 3 && card.prompts.length <= 5, `${card.prompts.length} prompts`);
    assert.ok(card.misconceptions.length >= 2);
    for (const text of [...card.goals, ...card.prompts, card.assignment.predict, card.assignment.explore, card.assignment.submit]) assert.ok(text.trim().length > 20, text);
    assert.equal(new Set(card.misconceptions.map((m) => m.belief)).size, card.misconceptions.length);
  });

  test(`${card.lab}: every tag is one the lab accepts; each misconception names the controls to move`, () => {
    const assignment = readTag(schema, card.lab, card.assignment.tag);
    assert.ok(assignment.predict, 'the assignment asks for a prediction');
    for (const { tag } of card.misconceptions) assert.ok(readTag(schema, card.lab, tag).controls.length > 0, `${tag} names its controls`);
  });

  test(`${card.lab}: the Markdown carries every part`, () => {
    const markdown = instructorCardMarkdown(card);
    const prose = proseOf(markdown);
    for (const heading of ['Learning goals', 'Suggested assignment', 'Discussion prompts', 'Common misconceptions']) assert.match(markdown, new RegExp(`^### ${heading}$`, 'm'));
    for (const text of [...card.goals, ...card.prompts, card.assignment.predict, card.assignment.explore, card.assignment.submit]) assert.ok(prose.includes(text), text);
    for (const { belief, truth } of card.misconceptions) assert.ok(prose.includes(`**“${belief}”** ${truth}`), belief);
    for (const tag of [card.assignment.tag, ...card.misconceptions.map((m) => m.tag)]) assert.ok(markdown.includes(`\`\`\`html\n${tag}\n\`\`\``), tag);
  });
}

test('Markdown: card text is escaped, so it can hold no markup', () => {
  const card: InstructorCard = {
    lab: 'ml-test',
    goals: ['Read <script>alert(1)</script> as text, *not* [a link](x) or `code`'],
    assignment: { predict: '# not a heading', explore: 'a_b_c', submit: 'x | y', tag: '<ml-test></ml-test>' },
    prompts: ['\\'],
    misconceptions: [],
  };
  const markdown = instructorCardMarkdown(card);
  assert.ok(markdown.includes('- Read \\<script\\>alert(1)\\</script\\> as text, \\*not\\* \\[a link\\](x) or \\`code\\`'));
  assert.ok(markdown.includes('**Predict:** \\# not a heading'));
  assert.ok(markdown.includes('a\\_b\\_c') && markdown.includes('x \\| y') && markdown.includes('1. \\\\'));
  assert.equal(proseOf(markdown).includes('Read <script>alert(1)</script> as text, *not* [a link](x) or `code`'), true);
});

test('a tag the lab would refuse, or read differently, fails the check', () => {
  const refused: [string, RegExp][] = [
    ['<ml-quant-lab bits="4"></ml-quant-lab>', /a tag of ml-batch-memory/],
    ['<ml-batch-memory batch-size="-3"></ml-batch-memory>', /batch-size="-3" is refused/],
    ['<ml-batch-memory batchSize="8"></ml-batch-memory>', /attributes in double quotes/],
    ['<ml-batch-memory batch-sizes="8"></ml-batch-memory>', /no attribute batch-sizes/],
    ['<ml-batch-memory controls="batch-size,model-config"></ml-batch-memory>', /no control "model-config"/],
    ['<ml-batch-memory predict="accuracy"></ml-batch-memory>', /no result "accuracy"/],
    ['<ml-batch-memory model="bert-base" sequence-length="1024"></ml-batch-memory>', /outside the range/],
    ['<ml-batch-memory mode="inference" controls="zero-stage"></ml-batch-memory>', /zero-stage does not apply/],
    ["<ml-batch-memory gpus='8'></ml-batch-memory>", /attributes in double quotes/],
    ['<ml-batch-memory gpus="8" gpus="4"></ml-batch-memory>', /written twice/],
  ];
  for (const [tag, why] of refused) assert.throws(() => readTag(batchMemorySchema, 'ml-batch-memory', tag), why, tag);
  assert.throws(() => readTag(quantLabSchema, 'ml-quant-lab', '<ml-quant-lab group-size="2"></ml-quant-lab>'), /does not apply/);
  assert.equal(readTag(quantLabSchema, 'ml-quant-lab', '<ml-quant-lab granularity="per-group" group-size="2"></ml-quant-lab>').state.groupSize, 2);
});
