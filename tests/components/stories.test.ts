import { expect } from '@open-wc/testing';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import manifest from '../../custom-elements.json' with { type: 'json' };
import { attributeName, formatValue, parseValue, type LabSchema, type Param, type Params } from '../../src/core/shared/lab-schema.js';
import { batchMemorySchema } from '../../src/core/memory/lab.js';
import { quantLabSchema } from '../../src/core/quant/lab.js';
import { optimLandscapeSchema } from '../../src/core/optim/lab.js';
import { attributesOf, type LabArgs } from '../../stories/lab-stories.js';
import * as batchMemoryStories from '../../stories/batch-memory.stories.js';
import * as quantLabStories from '../../stories/quant-lab.stories.js';
import * as optimLandscapeStories from '../../stories/optim-landscape.stories.js';
import { pruningLabSchema } from '../../src/core/prune/lab.js';
import * as pruningLabStories from '../../stories/pruning-lab.stories.js';
import { attentionLabSchema } from '../../src/core/attention/lab.js';
import * as attentionLabStories from '../../stories/attention-lab.stories.js';

type StoryModule = { default: Meta<LabArgs> } & Record<string, StoryObj<LabArgs> | Meta<LabArgs>>;

const labs: [StoryModule, LabSchema<Params>][] = [
  [batchMemoryStories as unknown as StoryModule, batchMemorySchema],
  [quantLabStories as unknown as StoryModule, quantLabSchema],
  [optimLandscapeStories as unknown as StoryModule, optimLandscapeSchema],
  [pruningLabStories as unknown as StoryModule, pruningLabSchema],
  [attentionLabStories as unknown as StoryModule, attentionLabSchema],
];

/** A value the parameter accepts other than its default. */
function another(param: Param): unknown {
  switch (param.kind) {
    case 'choice':
      return param.choices.find((choice) => choice.value !== param.default)!.value;
    case 'integer':
    case 'number':
      // The minimum is within every range that depends on another parameter (a model's context bounds the sequence length).
      return param.default === param.min ? param.max : param.min;
    case 'text':
      return 'another';
    case 'list':
      return param.choices.filter((choice) => !param.default.includes(choice.value)).map((choice) => choice.value);
    case 'point':
      return [param.min[0], param.max[1]];
  }
}

describe('Storybook: the labs’ Controls and story names', () => {
  it('lists only the public contract in custom-elements.json', () => {
    for (const module of manifest.modules) {
      for (const declaration of (module.declarations ?? []) as { name: string; members?: { name: string; privacy?: string; static?: boolean }[] }[]) {
        for (const member of declaration.members ?? []) {
          expect(member.privacy ?? 'public', `${declaration.name}.${member.name}`).to.equal('public');
          if (member.static) expect(member.name, `${declaration.name} static member`).to.equal('define');
        }
      }
    }
  });

  for (const [stories, schema] of labs) {
    const meta = stories.default;
    const tag = meta.component!;

    it(`${tag}: one control per attribute, a select for a fixed set of words, and each one sets its attribute`, async () => {
      const attributes = attributesOf(tag).map((attribute) => attribute.name);
      expect(attributes.length).to.be.greaterThan(5);
      expect(Object.keys(meta.args!).sort()).to.deep.equal([...attributes].sort());
      for (const name of attributes) expect(meta.argTypes![name]?.control, name).to.not.equal(undefined);
      for (const [key, param] of Object.entries(schema.params)) {
        const name = attributeName(key);
        if (param.kind === 'choice') expect(meta.argTypes![name]!.control, name).to.equal('select');
        // The mirrored property has no row of its own.
        if (name !== key) expect(meta.argTypes![key]?.table?.disable, key).to.equal(true);
        const value = another(param);
        const element = meta.render!({ ...meta.args, [name]: formatValue(param, value as never) } as LabArgs, {} as never) as HTMLElement & Record<string, unknown>;
        document.body.append(element);
        await (element as unknown as { updateComplete: Promise<unknown> }).updateComplete;
        expect(element.shadowRoot!.querySelector('.attribute-note'), name).to.equal(null);
        expect(element[key], name).to.deep.equal(parseValue(param, formatValue(param, value as never)));
        element.remove();
      }
    });

    it(`${tag}: every story has a name a reader would write`, () => {
      for (const [exported, story] of Object.entries(stories)) {
        if (exported !== 'default') expect((story as StoryObj).name, exported).to.be.a('string');
      }
    });
  }
});
