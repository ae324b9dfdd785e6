// The layering rule of ARCHITECTURE.md, enforced: imports point down only
// (cli → gateway, tunnel, devhost → policy, app-kit → core), gateway and tunnel never import each
// other, a package is used only through its public entry points, and every import of another
// workspace is declared in the importer's package.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Which workspaces each workspace's source may import (the dependency direction). */
export const LAYERS = {
  '@gatehouse/core': [],
  '@gatehouse/policy': ['@gatehouse/core'],
  '@gatehouse/app-kit': ['@gatehouse/core'],
  '@gatehouse/gateway': ['@gatehouse/core', '@gatehouse/policy'],
  '@gatehouse/tunnel': ['@gatehouse/core'],
  '@gatehouse/devhost': ['@gatehouse/core'],
  '@gatehouse/cli': [
    '@gatehouse/core',
    '@gatehouse/policy',
    '@gatehouse/gateway',
    '@gatehouse/tunnel',
    '@gatehouse/devhost',
  ],
  // The template is what a user copies: it may use what an outside app would.
  'mcp-app-template': ['@gatehouse/app-kit', '@gatehouse/core'],
};

const manifests = new Map();

/** The workspace that holds `file`: its root folder and package.json, or undefined. */
function workspaceOf(file) {
  let dir = dirname(file);
  for (;;) {
    if (manifests.has(dir)) return manifests.get(dir);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
      const found = pkg.workspaces ? undefined : { root: dir, pkg };
      manifests.set(dir, found);
      return found;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function isTestFile(ws, file) {
  const rel = relative(ws.root, file).split(sep);
  return rel.includes('test') || /\.test\.tsx?$/.test(file);
}

function checkPackageImport(ws, file, source) {
  const m = /^(@gatehouse\/[a-z-]+)(\/.*)?$/.exec(source);
  if (!m) return undefined;
  const [, target, subpath] = m;
  const self = ws.pkg.name;
  if (target === self) return `imports its own package by name; use a relative import`;
  if (subpath && /\/(src|test)(\/|$)/.test(subpath)) {
    return `reaches into ${target}'s internals (${source}); import its public entry '${target}'`;
  }
  const test = isTestFile(ws, file);
  const layered = LAYERS[self] ?? [];
  const declared = { ...ws.pkg.dependencies, ...(test ? ws.pkg.devDependencies : {}) };
  if (!test && !layered.includes(target)) {
    return `${self} may not import ${target}: imports point down only (${self} → ${layered.join(', ') || 'nothing'}); see ARCHITECTURE.md "Layout and dependency direction"`;
  }
  if (!(target in declared)) {
    return `${target} is imported but not declared in ${relative(process.cwd(), join(ws.root, 'package.json'))}`;
  }
  return undefined;
}

function checkRelativeImport(ws, file, source) {
  if (!source.startsWith('.')) return undefined;
  const target = resolve(dirname(file), source);
  const rel = relative(ws.root, target);
  if (!rel.startsWith('..')) return undefined;
  // Files of the repository itself (scripts/) are not a package; another workspace is.
  const other = workspaceOf(
    target.endsWith('.js') || target.endsWith('.ts') ? target : join(target, 'x'),
  );
  if (!other) return undefined;
  return `reaches outside ${ws.pkg.name} (${source}); import the other package by its name`;
}

export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports follow the layering of ARCHITECTURE.md' },
    schema: [],
    messages: { layering: '{{message}}' },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const ws = workspaceOf(resolve(file));
    if (!ws || !(ws.pkg.name in LAYERS)) return {};
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const message = checkPackageImport(ws, file, source) ?? checkRelativeImport(ws, file, source);
      if (message) context.report({ node, messageId: 'layering', data: { message } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const layeringPlugin = { rules: { layering: layeringRule } };
