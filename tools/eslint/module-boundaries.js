// A module-boundary rule in the spirit of @nx/enforce-module-boundaries, driven by the `nx.tags`
// of each project's package.json. We keep it local because the @nx/* plugins served to us lag
// behind Nx core (see docs/adr/0001-foundation.md).
//
// It checks every import of a file that belongs to a project:
//   - `@marquee/<name>` must name a library, imported through its index (no deep paths);
//   - a relative import may not reach into another project (workspace config files are fine);
//   - the tags of the importing project must allow the tags of the imported one (depConstraints).
const fs = require('node:fs');
const path = require('node:path');

const workspaceRoot = path.resolve(__dirname, '../..');

function loadProjects() {
  const projects = [];
  for (const group of ['apps', 'libs']) {
    const dir = path.join(workspaceRoot, group);
    if (!fs.existsSync(dir)) continue;
    for (const entry of fs.readdirSync(dir)) {
      const manifest = path.join(dir, entry, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      projects.push({ name: pkg.name, root: path.join(dir, entry), tags: (pkg.nx && pkg.nx.tags) || [] });
    }
  }
  return projects;
}

let cache;
function projects() {
  cache ??= loadProjects();
  return cache;
}

function projectOfFile(file) {
  return projects().find((p) => file === p.root || file.startsWith(p.root + path.sep));
}

function allowed(source, target, depConstraints) {
  for (const constraint of depConstraints) {
    if (!source.tags.includes(constraint.sourceTag)) continue;
    const ok = (constraint.onlyDependOnLibsWithTags || []).some((tag) => tag === '*' || target.tags.includes(tag));
    if (!ok) return constraint;
  }
  return null;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce project boundaries from nx tags' },
    schema: [
      {
        type: 'object',
        properties: { depConstraints: { type: 'array' } },
        additionalProperties: false,
      },
    ],
    messages: {
      deep: 'Import "{{name}}" through its public index ("{{lib}}"), not a deep path.',
      app: 'Projects may not import the app "{{name}}".',
      escape: 'Relative import "{{spec}}" leaves project "{{project}}"; import the library by its name instead.',
      tags: 'A project tagged "{{tag}}" may only depend on libs tagged {{allowed}}; "{{name}}" has [{{tags}}].',
    },
  },
  create(context) {
    const filename = path.resolve(context.filename);
    const source = projectOfFile(filename);
    if (!source) return {};
    const depConstraints = (context.options[0] && context.options[0].depConstraints) || [];

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const resolved = path.resolve(path.dirname(filename), spec);
        const inside = (dir) => resolved === dir || resolved.startsWith(dir + path.sep);
        const inProjects = inside(path.join(workspaceRoot, 'apps')) || inside(path.join(workspaceRoot, 'libs'));
        if (inProjects && !inside(source.root)) {
          context.report({ node, messageId: 'escape', data: { spec, project: source.name } });
        }
        return;
      }
      const match = /^(@marquee\/[^/]+)(\/.*)?$/.exec(spec);
      if (!match) return;
      const target = projects().find((p) => p.name === match[1]);
      if (!target) return;
      if (target.tags.includes('type:app')) {
        context.report({ node, messageId: 'app', data: { name: target.name } });
        return;
      }
      if (match[2]) {
        context.report({ node, messageId: 'deep', data: { name: spec, lib: match[1] } });
      }
      const broken = allowed(source, target, depConstraints);
      if (broken) {
        context.report({
          node,
          messageId: 'tags',
          data: {
            tag: broken.sourceTag,
            allowed: JSON.stringify(broken.onlyDependOnLibsWithTags),
            name: target.name,
            tags: target.tags.join(', '),
          },
        });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
