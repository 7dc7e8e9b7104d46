// Elements register through `Class.define('ml-tag')` (the idempotent, version-aware define of
// MlElement) rather than `customElements.define`, so this plugin tells the analyzer which
// tag each class gets. The registration files stay the one place a tag is written.
function mlDefinePlugin() {
  const tags = new Map();
  return {
    name: 'mlsys-labs-define',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return;
      const { expression: target, name } = node.expression;
      const [tag] = node.arguments;
      if (name.text !== 'define' || !ts.isIdentifier(target) || !tag || !ts.isStringLiteral(tag)) return;
      tags.set(target.text, { tag: tag.text, path: moduleDoc.path });
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          const registration = tags.get(declaration.name);
          if (!registration || declaration.kind !== 'class') continue;
          declaration.tagName = registration.tag;
          declaration.customElement = true;
          const registering = customElementsManifest.modules.find((m) => m.path === registration.path);
          registering.exports = [
            ...(registering.exports ?? []),
            { kind: 'custom-element-definition', name: registration.tag, declaration: { name: declaration.name, module: module.path } },
          ];
        }
      }
    },
  };
}

/**
 * The manifest is the public contract (Storybook's Controls and Docs, editors and the README are
 * read from it): private and protected members, static ones but `define` (a lab's schema is
 * exported from its core), members marked `@internal`, and events inferred without their name
 * stay out.
 */
function publicContractPlugin() {
  return {
    name: 'mlsys-labs-public-contract',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          // Events the analyser infers from a dispatch whose name is not a literal (`new MlErrorEvent(text)`)
          // are the documented ones again, misnamed.
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name?.startsWith('ml-'));
          if (!declaration.members) continue;
          declaration.members = declaration.members.filter(
            (member) => (member.privacy ?? 'public') === 'public' && (!member.static || member.name === 'define'),
          );
        }
      }
    },
  };
}

export default {
  globs: ['components/**/*.ts', 'src/lib/**/*.ts'],
  exclude: ['**/*.stories.ts', '**/*.test.ts', '**/*.generated.ts'],
  outdir: '.',
  litelement: true,
  plugins: [mlDefinePlugin(), publicContractPlugin()],
};
