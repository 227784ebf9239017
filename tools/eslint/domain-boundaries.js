// The domain/data rule inside an app (docs/adr and STYLE.md "The domain owns its stores"): the
// domain declares the interfaces it needs and the arrow points one way, so domain code imports
// neither the data layer, the HTTP layer, nor the libraries that belong to them or to adapters.
//
// Domain code is, under `apps/<app>/src/`:
//   - every file below a `domain/` folder (the layered layout: http/, domain/, data/), and
//   - in any folder, a file named `*.service.ts`, `*.store.ts` or `*.rules.ts` (a feature folder:
//     `holds/seat-hold.service.ts` beside `holds/seat-hold.repository.ts` and `holds/holds.routes.ts`).
// Tests (`*.test.ts`) are not domain code: like the composition root they may wire real pieces.
//
// Domain code may not import:
//   - the data layer: a file in a `data/` folder or named `*.repository.ts`;
//   - the HTTP layer: a file in an `http/` folder or named `*.routes.ts`;
//   - the packages of those layers and of adapters (option `packages`; by default `pg`, `express`,
//     `@marquee/postgres`, `jsonwebtoken`, `node:worker_threads`), type-only imports included: the
//     domain names a connection `Db` (from @marquee/service), not `Queryable` or `PoolClient`.
const path = require('node:path');

const workspaceRoot = path.resolve(__dirname, '../..');
const appsDir = path.join(workspaceRoot, 'apps');

const DEFAULT_PACKAGES = ['pg', 'express', '@marquee/postgres', 'jsonwebtoken', 'node:worker_threads'];

const SOURCE = /\.[cm]?[jt]s$/;
const TEST = /\.test\.[cm]?[jt]s$/;
const DOMAIN_FILE = /\.(service|store|rules)\.[cm]?[jt]s$/;
const REPOSITORY = /\.repository(\.[cm]?[jt]s)?$/;
const ROUTES = /\.routes(\.[cm]?[jt]s)?$/;

/** The path of `file` inside its app's `src/` as segments, or null outside apps/<app>/src/. */
function inAppSource(file) {
  const relative = path.relative(appsDir, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [, src, ...rest] = relative.split(path.sep);
  return src === 'src' && rest.length > 0 ? { app: relative.split(path.sep)[0], segments: rest } : null;
}

function isDomainFile(file) {
  const where = inAppSource(file);
  if (!where || !SOURCE.test(file) || TEST.test(file)) return false;
  const folders = where.segments.slice(0, -1);
  return folders.includes('domain') || DOMAIN_FILE.test(path.basename(file));
}

/** Which layer a relative import of `file` lands in: 'data', 'http' or null. */
function layerOf(file, spec) {
  const target = inAppSource(path.resolve(path.dirname(file), spec));
  if (!target) return null;
  const folders = target.segments.slice(0, -1);
  const name = target.segments[target.segments.length - 1];
  // `../data` names the folder itself (its index).
  const all = [...folders, name];
  if (all.includes('data') || REPOSITORY.test(name)) return 'data';
  if (all.includes('http') || ROUTES.test(name)) return 'http';
  return null;
}

// `worker_threads` is `node:worker_threads`.
const bare = (spec) => spec.replace(/^node:/, '');
const isForbidden = (spec, packages) => packages.some((p) => bare(spec) === bare(p) || bare(spec).startsWith(bare(p) + '/'));

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Domain code in apps imports neither data/, http/ nor the packages of those layers and adapters' },
    schema: [
      {
        type: 'object',
        properties: { packages: { type: 'array', items: { type: 'string' } } },
        additionalProperties: false,
      },
    ],
    messages: {
      data: 'Domain code may not import "{{spec}}" (the data layer): declare the store interface in the domain (`*.store.ts`) and let the repository implement it.',
      http: 'Domain code may not import "{{spec}}" (the HTTP layer): handlers map requests to plain values and call the domain, never the other way.',
      package: 'Domain code may not import "{{spec}}": it belongs in data/ or an adapter outside domain/, behind an interface the domain declares.',
    },
  },
  create(context) {
    const filename = path.resolve(context.filename);
    if (!isDomainFile(filename)) return {};
    const packages = (context.options[0] && context.options[0].packages) || DEFAULT_PACKAGES;

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      if (spec.startsWith('.')) {
        const layer = layerOf(filename, spec);
        if (layer) context.report({ node, messageId: layer, data: { spec } });
        return;
      }
      if (isForbidden(spec, packages)) {
        context.report({ node, messageId: 'package', data: { spec } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' && check(node.moduleReference.expression, node.moduleReference.expression.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node.arguments[0], node.arguments[0].value);
        }
      },
    };
  },
};
