import type { ArgTypes, Meta } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json' with { type: 'json' };
import { attributeName, formatValue, type LabSchema, type Param, type Params } from '../src/core/shared/lab-schema.js';

export type LabArgs = Record<string, string | number>;

/** The Controls widget for a parameter: a select for a fixed set of words, a number box within its range, else text. */
function controlOf(param: Param): ArgTypes[string] {
  switch (param.kind) {
    case 'choice':
      return { control: 'select', options: param.choices.map((choice) => choice.value) };
    case 'integer':
    case 'number':
      return { control: { type: 'number', min: param.min, max: param.max, step: param.kind === 'integer' ? 1 : (param.step ?? 'any') } };
    default:
      return { control: 'text' };
  }
}

/** A manifest attribute's control: a select where its type is a union of words (`'light' | 'dark' | 'auto'`), else text. */
function manifestControl(type = ''): ArgTypes[string] {
  const words = type.split('|').map((word) => /^\s*'([^']*)'\s*$/.exec(word)?.[1]);
  return words.every((word) => word !== undefined) ? { control: 'select', options: ['', ...words] } : { control: 'text' };
}

interface ManifestAttribute {
  name: string;
  type?: { text: string };
}

/** A custom element's attributes, as custom-elements.json lists them. */
export function attributesOf(tag: string): ManifestAttribute[] {
  const declarations = manifest.modules.flatMap((module) => (module.declarations ?? []) as { tagName?: string; attributes?: ManifestAttribute[] }[]);
  return declarations.find((declaration) => declaration.tagName === tag)?.attributes ?? [];
}

/**
 * What every lab's stories share: one argument per attribute in the lab's public contract
 * (custom-elements.json), each with the control its values call for (from the schema where the
 * attribute is a lab parameter), and a render that writes the arguments as the tag an author
 * would, so a preset story is just the attributes it changes. Unset, an attribute is left off
 * the tag. The properties that mirror an attribute are left out of the tables (one control per
 * setting), and the read-only state has no control.
 */
export function labMeta(tag: string, schema: LabSchema<Params>): Pick<Meta<LabArgs>, 'component' | 'args' | 'argTypes' | 'render'> {
  const args: LabArgs = {};
  const argTypes: ArgTypes = { values: { control: false }, labState: { control: false } };
  for (const attribute of attributesOf(tag)) {
    args[attribute.name] = '';
    argTypes[attribute.name] = manifestControl(attribute.type?.text);
  }
  // The results a reader may be asked to predict.
  if (schema.results) argTypes.predict = { control: 'select', options: ['', ...Object.keys(schema.results).map(attributeName)] };
  for (const [key, param] of Object.entries(schema.params)) {
    const attribute = attributeName(key);
    args[attribute] = formatValue(param, param.default);
    argTypes[attribute] = controlOf(param);
    if (attribute !== key) argTypes[key] = { table: { disable: true } };
  }
  return {
    component: tag,
    args,
    argTypes,
    render: (values) => {
      const element = document.createElement(tag);
      for (const [name, value] of Object.entries(values)) {
        if (value !== '' && value !== undefined && value !== null) element.setAttribute(name, String(value));
      }
      return element;
    },
  };
}
