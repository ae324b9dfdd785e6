import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { inlineWidget, readManifest } from '../src/index.ts';
import { caught } from './support/errors.ts';
import { tempDir, writeBuild } from './support/fs.ts';

const BUNDLE = [
  'const html = "<p>hi</p></script><script>alert(1)</script>";',
  'const comment = "<!-- not a comment -->";',
  'document.getElementById("echo-root").innerHTML = html + comment;',
  '//# sourceMappingURL=echo-3f2a1b9c.js.map',
  '',
].join('\n');
const STYLES =
  '#echo-root::after { content: "</style><b>"; }\n/*# sourceMappingURL=echo-9a8b7c6d.css.map */\n';

async function echoBuild(extra: Record<string, string> = {}, js = BUNDLE): Promise<string> {
  const assetsDir = await tempDir();
  await writeBuild(assetsDir, {
    echo: {
      js: 'echo-3f2a1b9c.js',
      css: ['echo-9a8b7c6d.css'],
      files: {
        'echo-3f2a1b9c.js': js,
        'echo-9a8b7c6d.css': STYLES,
        'echo-3f2a1b9c.js.map': '{"version":3}',
        'echo-9a8b7c6d.css.map': '{"version":3}',
        ...extra,
      },
    },
  });
  return assetsDir;
}

describe('inlineWidget', () => {
  it('puts the JS and CSS inside one self-contained document', async () => {
    const assetsDir = await echoBuild();
    const html = await inlineWidget(assetsDir, 'echo', await readManifest(assetsDir));

    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<div id="echo-root"></div>');
    expect(html).toContain('document.getElementById("echo-root").innerHTML = html + comment;');
    expect(html).toContain('#echo-root::after');
    // Nothing that points at the build, a dev server or any URL.
    expect(html).not.toMatch(/\b(?:src|href)\s*=/);
    expect(html).not.toContain('localhost');
    expect(html).not.toContain('http');
    expect(html).not.toContain('sourceMappingURL');
    expect(html).not.toContain(assetsDir);
  });

  it('escapes </script, <!-- and </style so the bundle cannot end its element early', async () => {
    const assetsDir = await echoBuild();
    const html = await inlineWidget(assetsDir, 'echo', await readManifest(assetsDir));

    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html.match(/<\/style/gi)).toHaveLength(1);
    expect(html).not.toContain('<!--');
    expect(html).toContain('\\x3C/script><script>alert(1)\\x3C/script>');
    expect(html).toContain('\\x3C!-- not a comment -->');
    expect(html).toContain('content: "\\3C /style><b>"');
  });

  it('fails with ERR_APP_KIT_WIDGET_NOT_FOUND and the known ids for a widget not in the build', async () => {
    const assetsDir = await echoBuild();
    const manifest = await readManifest(assetsDir);
    const error = await caught(() => inlineWidget(assetsDir, 'chart', manifest));
    expect(error.code).toBe('ERR_APP_KIT_WIDGET_NOT_FOUND');
    expect(error.message).toContain('"chart"');
    expect(error.message).toContain('Known widgets: echo.');
    expect(error.message).toContain('npm run build:widgets');

    const inherited = await caught(() => inlineWidget(assetsDir, 'constructor', manifest));
    expect(inherited.code).toBe('ERR_APP_KIT_WIDGET_NOT_FOUND');
  });

  it('fails with ERR_APP_KIT_ASSET_MISSING naming the missing file and the fix', async () => {
    const assetsDir = await tempDir();
    await writeBuild(assetsDir, { echo: { js: 'echo-1.js', css: ['echo-1.css'] } });
    const manifest = await readManifest(assetsDir);

    await rm(`${assetsDir}/echo-1.css`);
    const css = await caught(() => inlineWidget(assetsDir, 'echo', manifest));
    expect(css.code).toBe('ERR_APP_KIT_ASSET_MISSING');
    expect(css.message).toContain(`${assetsDir}/echo-1.css`);
    expect(css.message).toContain('npm run build:widgets');

    await rm(`${assetsDir}/echo-1.js`);
    const js = await caught(() => inlineWidget(assetsDir, 'echo', manifest));
    expect(js.code).toBe('ERR_APP_KIT_ASSET_MISSING');
    expect(js.message).toContain(`${assetsDir}/echo-1.js`);
  });

  const splitBundles: [what: string, js: string, reference: string][] = [
    ['a dynamic import', 'const m = await import("./chunk-a1b2c3.js");', './chunk-a1b2c3.js'],
    ['a minified dynamic import', 'import(`./chunk-a1b2c3.js`).then(f)', './chunk-a1b2c3.js'],
    ['a static import', 'import{a as b}from"./shared-a1b2c3.js";b()', './shared-a1b2c3.js'],
    ['a side-effect import', 'import "../polyfill.js";', '../polyfill.js'],
    ['a re-export', 'export * from "/assets/shared.js";', '/assets/shared.js'],
    [
      "Vite's preload map naming another file of the build",
      'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/chunk-a1b2c3.js"])))=>i.map(i=>d[i]);',
      'chunk-a1b2c3.js',
    ],
  ];
  it.each(splitBundles)(
    'refuses a bundle with %s (ERR_APP_KIT_INLINE_UNSUPPORTED)',
    async (_what, js, reference) => {
      const assetsDir = await echoBuild({ 'chunk-a1b2c3.js': 'export const a = 1;' }, js);
      const error = await caught(async () =>
        inlineWidget(assetsDir, 'echo', await readManifest(assetsDir)),
      );
      expect(error.code).toBe('ERR_APP_KIT_INLINE_UNSUPPORTED');
      expect(error.message).toContain(`"${reference}"`);
      expect(error.message).toContain('one JS chunk per widget');
    },
  );

  it('refuses CSS that loads another file of the build', async () => {
    const assetsDir = await tempDir();
    await writeBuild(assetsDir, {
      echo: {
        js: 'echo-1.js',
        css: ['echo-1.css'],
        files: {
          'echo-1.css': '@font-face { src: url(./inter-5e6f.woff2); }',
          'inter-5e6f.woff2': 'font',
        },
      },
    });
    const error = await caught(async () =>
      inlineWidget(assetsDir, 'echo', await readManifest(assetsDir)),
    );
    expect(error.code).toBe('ERR_APP_KIT_INLINE_UNSUPPORTED');
    expect(error.message).toContain('"inter-5e6f.woff2"');
  });

  it('does not mistake ordinary code for a chunk import', async () => {
    const js =
      'const parts = Array.from("/a/b"); fetch("/api/items"); const x = { from: "./y" }; open("echo.html");';
    // The build also writes `<id>.html` pages and source maps; a bundle never loads those.
    const assetsDir = await echoBuild({ 'echo.html': '<!doctype html>' }, js);
    const html = await inlineWidget(assetsDir, 'echo', await readManifest(assetsDir));
    expect(html).toContain('fetch("/api/items")');
  });
});
