import { html } from 'lit';
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import manifest from '../custom-elements.json' with { type: 'json' };
import '../src/index.js';

// Controls and Docs tables come from the manifest, which the JSDoc of each element feeds.
setCustomElementsManifest(manifest);

const preview: Preview = {
  parameters: {
    controls: { expanded: true },
    docs: { source: { type: 'dynamic' } },
  },
  globalTypes: {
    theme: {
      description: 'Theme of every lab, through <ml-settings>',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'auto', title: 'Follow system' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'auto' },
  decorators: [
    (story, context) => {
      const theme = context.globals.theme as string;
      const background = theme === 'dark' ? '#16181d' : theme === 'light' ? '#ffffff' : 'Canvas';
      document.documentElement.style.colorScheme = theme === 'auto' ? 'light dark' : theme;
      document.body.style.background = background;
      return html`<ml-settings theme=${theme}>${story()}</ml-settings>`;
    },
  ],
};

export default preview;
