import { html } from 'lit';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import '../components/heatmap/ml-heatmap.js';
import '../components/math/ml-math.js';

// A causal pattern: each query attends to itself and the previous token (an illustration of the
// element; the attention lab feeds real attention weights).
const tokens = ['The', 'cat', 'sat', 'on', 'the', 'mat'];
const attention = tokens.flatMap((_, query) =>
  tokens.map((__, key) => (key > query ? 0 : key === query ? 0.6 : key === query - 1 ? 0.3 : 0.1 / Math.max(1, query - 1))),
);
const signed = Array.from({ length: 64 * 64 }, (_, i) => Math.sin((i % 64) / 6) * Math.cos(Math.floor(i / 64) / 9));

const meta: Meta = {
  title: 'Kit/Heat map and Math Peek',
  component: 'ml-heatmap',
  tags: ['autodocs'],
};
export default meta;

type Story = StoryObj;

export const AttentionPattern: Story = {
  render: () => html`
    <ml-heatmap
      label="Attention weights"
      rows="6"
      cols="6"
      x-label="Key token"
      y-label="Query token"
      format="percent"
      .rowLabels=${tokens}
      .colLabels=${tokens}
      .values=${attention}
    ></ml-heatmap>
  `,
};

export const DivergingSurface: Story = {
  render: () => html`
    <ml-heatmap label="Signed values" rows="64" cols="64" colormap="diverging" x-label="Column" y-label="Row" .values=${signed}></ml-heatmap>
  `,
};

export const MathPeek: Story = {
  render: () => html`
    <ml-math
      open
      .items=${[
        { label: 'Weights', formula: 'M_w = k_w · Ψ', substituted: '2 B × 124,439,808 = 237 MiB', source: 'Rajbhandari et al. 2020 (ZeRO), §3' },
        {
          label: 'Activations per layer',
          formula: 's·b·h·(34 + 5·a·s/h)',
          substituted: '1024 × 8 × 768 × (34 + 5 × 12 × 1024/768)',
          source: 'Korthikanti et al. 2022, eq. 1',
        },
      ]}
    ></ml-math>
  `,
};
