// The layering rule of ARCHITECTURE.md, enforced: imports point down only
// (cli → gateway, tunnel, devhost → policy, app-kit → core), gateway and tunnel never import each
// other, a package is used only through its public entry points (the `exports` of its package.json),
// never by a relative path or a deep import into its `src/` or `test/`, and every import of another
// workspace is declared in the importer's package.json. Test harnesses shared across package lines
// live in the private `@gatehouse/testing` workspace; e2e/ and bench/ use packages the same way.
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
  // Test harnesses: they start the real gateway and tunnel; only tests, e2e/ and bench/ use them.
  '@gatehouse/testing': ['@gatehouse/core', '@gatehouse/gateway', '@gatehouse/tunnel'],
  // The benchmarks and the whole-system tests sit on top of everything.
  '@gatehouse/bench': [
    '@gatehouse/core',
    '@gatehouse/policy',
    '@gatehouse/gateway',
    '@gatehouse/tunnel',
    '@gatehouse/devhost',
    '@gatehouse/cli',
    '@gatehouse/testing',
  ],
};

/**
 * Folders of the repository root that are not workspaces but are held to the same rule: the
 * whole-system tests may use every workspace through its public entries (the root links them all).
 */
const ROOT_FOLDERS = { e2e: 'e2e' };
LAYERS.e2e = [...LAYERS['@gatehouse/bench'], '@gatehouse/app-kit'];

const manifests = new Map();
/** Marks the repository root's package.json (the one with `workspaces`) in `manifests`. */
const REPOSITORY = Symbol('repository');

/** The workspace that holds `file`: its root folder and package.json, or undefined. */
function workspaceOf(file) {
  let dir = dirname(file);
  for (;;) {
    if (!manifests.has(dir)) {
      const manifest = join(dir, 'package.json');
      if (existsSync(manifest)) {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
        manifests.set(dir, pkg.workspaces ? REPOSITORY : { root: dir, pkg });
      }
    }
    const found = manifests.get(dir);
    if (found !== undefined) return found === REPOSITORY ? rootFolderOf(dir, file) : found;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `file`'s top folder under the repository `root` when that is one of ROOT_FOLDERS (e2e/). */
function rootFolderOf(root, file) {
  const [top] = relative(root, file).split(sep);
  const name = ROOT_FOLDERS[top];
  if (name === undefined || top === relative(root, file)) return undefined;
  const dependencies = Object.fromEntries(LAYERS[name].map((n) => [n, '*']));
  return { root: join(root, top), pkg: { name, dependencies } };
}

/** The `exports` keys of workspace `name` ('.', './testing', …), or undefined when not found. */
function exportsOf(name, from) {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) {
      const { exports } = JSON.parse(readFileSync(manifest, 'utf8'));
      return typeof exports === 'object' && exports !== null ? Object.keys(exports) : ['.'];
    }
    if (dirname(dir) === dir) return undefined;
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
  if (subpath && !(exportsOf(target, file) ?? [`.${subpath}`]).includes(`.${subpath}`)) {
    return `${source} is not a public entry of ${target} (see "exports" in its package.json); import '${target}'`;
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
  // The template is an app users copy, not a library with a public entry: the whole-system tests
  // start its server in-process from its modules.
  if (ws.pkg.name === 'e2e' && other.pkg.name === 'mcp-app-template') return undefined;
  const inside = /(^|[\\/])test([\\/]|$)/.test(relative(other.root, target))
    ? ` (shared test harnesses live in @gatehouse/testing)`
    : '';
  return `reaches outside ${ws.pkg.name} (${source}); import the other package by its name${inside}`;
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
