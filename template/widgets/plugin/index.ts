import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { discoverWidgets, type WidgetSource } from '@gatehouse/app-kit';
import { normalizePath, type EnvironmentOptions, type Plugin, type UserConfig } from 'vite';
import { installDevRoutes } from './dev-server.ts';
import {
  entryCode,
  entryUrl,
  requestedWidgetId,
  resolvedEntryId,
  resolvedWidgetId,
} from './entry.ts';
import { mountIdProblem } from './mount-check.ts';
import { WidgetOutput } from './output.ts';

export interface WidgetsPluginOptions {
  /** Absolute path of the folder whose top-level `*.tsx` / `*.jsx` files are widgets. */
  readonly widgetsDir: string;
  /** Absolute path the build writes to; emptied at the start of every build. */
  readonly outDir: string;
  /** Dev server port (strict: the server fails rather than pick another port). */
  readonly devPort: number;
}

/**
 * Builds every widget into one self-contained JS file (+ CSS) with a content hash, writes
 * `manifest.json` and `<id>.html`, and serves widgets from the dev server with HMR.
 *
 * The build runs one Vite environment per widget: Rolldown can only keep a bundle free of shared
 * chunks when it has a single input, and the server needs each widget's JS as one inlinable file.
 */
export function widgetsPlugin(options: WidgetsPluginOptions): Plugin {
  const output = new WidgetOutput(options.outDir);
  const origin = `http://localhost:${options.devPort}`;
  let widgets: readonly WidgetSource[] = [];
  let serving = false;
  // A build works on the list it started with; the dev server looks again, so a widget file
  // added while it runs is served without a restart.
  const current = async (): Promise<readonly WidgetSource[]> =>
    serving ? discoverWidgets(options.widgetsDir) : widgets;

  return {
    name: 'gatehouse:widgets',

    async config(config, env): Promise<UserConfig> {
      serving = env.command === 'serve';
      widgets = await discoverWidgets(options.widgetsDir);
      if (widgets.length === 0) {
        throw new Error(
          `No widgets found in ${options.widgetsDir}. Add a widget entry such as echo.tsx ` +
            `(every top-level .tsx/.jsx file in that folder is one widget).`,
        );
      }
      if (!serving) return buildConfig(widgets, options);
      const root = path.resolve(config.root ?? process.cwd());
      return devConfig(options, origin, path.relative(root, options.widgetsDir));
    },

    configResolved(config) {
      const list = widgets.map((w) => `  - ${w.id}`).join('\n');
      config.logger.info(`\nFound ${widgets.length} widget(s):\n${list}\n`);
    },

    async resolveId(source) {
      const id = requestedWidgetId(source);
      if (id === undefined) return undefined;
      return (await current()).some((w) => w.id === id) ? resolvedEntryId(id) : undefined;
    },

    async load(id) {
      const widgetId = resolvedWidgetId(id);
      if (widgetId === undefined) return undefined;
      const widget = (await current()).find((w) => w.id === widgetId);
      if (widget === undefined) return undefined;
      const problem = mountIdProblem(widget, await readFile(widget.file, 'utf8'));
      if (problem !== undefined) this.error(problem);
      return entryCode(widget);
    },

    buildApp: {
      order: 'pre',
      async handler(builder) {
        assertSafeOutDir(options);
        output.empty();
        for (const widget of widgets) {
          const environment = builder.environments[environmentName(widget.id)];
          if (environment === undefined) {
            throw new Error(`No build environment for widget "${widget.id}".`);
          }
          await builder.build(environment);
        }
      },
    },

    writeBundle(_outputOptions, bundle) {
      const widget = widgets.find((w) => environmentName(w.id) === this.environment.name);
      if (widget !== undefined) output.record(widget.id, bundle);
    },

    configureServer(server) {
      server.config.logger.warn(
        `Widget dev server: any web page may load widget code from ${origin} (CORS "*"), ` +
          `because hosts render widgets in sandboxed iframes (Origin: null) on their own origins. ` +
          `It listens on localhost only; stop it when you are not developing.`,
      );
      installDevRoutes(server, options.widgetsDir, origin);
    },
  };
}

function buildConfig(widgets: readonly WidgetSource[], options: WidgetsPluginOptions): UserConfig {
  const environments: Record<string, EnvironmentOptions> = {};
  for (const widget of widgets) {
    environments[environmentName(widget.id)] = {
      consumer: 'client',
      build: {
        rolldownOptions: {
          input: { [widget.id]: entryUrl(widget.id) },
          // Inline dynamic imports too: the widget must be a single file.
          output: { codeSplitting: false },
        },
      },
    };
  }
  return {
    base: './',
    publicDir: false,
    builder: { sharedConfigBuild: true },
    environments,
    build: {
      outDir: options.outDir,
      // The plugin empties outDir once, before the first widget (see buildApp).
      emptyOutDir: false,
      // Files go to the top of outDir (`echo-<hash>.js`), as manifest.json expects.
      assetsDir: '',
      // Images and fonts become data: URLs: inlined widget HTML has no folder to load them from.
      assetsInlineLimit: () => true,
      copyPublicDir: false,
    },
  };
}

function devConfig(
  options: WidgetsPluginOptions,
  origin: string,
  widgetsDirFromRoot: string,
): UserConfig {
  return {
    appType: 'custom',
    server: {
      host: 'localhost',
      port: options.devPort,
      strictPort: true,
      // Absolute asset URLs: the widget document lives on the host's origin, not this one.
      origin,
      // Hosts render widgets in sandboxed iframes (`Origin: null`) on origins we cannot list.
      cors: { origin: '*' },
    },
    optimizeDeps: {
      // Find dependencies at start-up; a late re-optimisation would reload the widget's iframe.
      entries: [`${normalizePath(widgetsDirFromRoot)}/*.{tsx,jsx}`],
      include: ['react-dom/client'],
    },
  };
}

/** Vite environment names allow only `[\w$]`; widget ids are kebab-case. */
function environmentName(id: string): string {
  return `widget_${id.replaceAll('-', '_')}`;
}

function assertSafeOutDir({ outDir, widgetsDir }: WidgetsPluginOptions): void {
  const relative = path.relative(outDir, widgetsDir);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    throw new Error(
      `Refusing to empty ${outDir}: it contains the widget sources. Choose another outDir.`,
    );
  }
}
