import type { Meta } from '@storybook/web-components-vite';
import { attributeName, formatValue, type LabSchema, type Params } from '../src/core/shared/lab-schema.js';

export type LabArgs = Record<string, string | number>;

/**
 * What every lab's stories share, from the lab's schema: one argument per attribute at its
 * default (Controls and Docs describe them from custom-elements.json), and a render that writes
 * the arguments as the tag an author would, so a preset story is just the attributes it changes.
 */
export function labMeta(tag: string, schema: LabSchema<Params>): Pick<Meta<LabArgs>, 'component' | 'args' | 'render'> {
  const args: LabArgs = { controls: '' };
  for (const [key, param] of Object.entries(schema.params)) args[attributeName(key)] = formatValue(param, param.default);
  return {
    component: tag,
    args,
    render: (values) => {
      const element = document.createElement(tag);
      for (const [name, value] of Object.entries(values)) {
        if (value !== '' && value !== undefined && value !== null) element.setAttribute(name, String(value));
      }
      return element;
    },
  };
}
