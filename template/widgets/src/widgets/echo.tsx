// Must stay the first import: it configures zod before the SDK loads it.
import '../zod-jitless.ts';
import { App } from '@modelcontextprotocol/ext-apps';
import { Echo } from '../echo/Echo.tsx';
import { ALL_DISPLAY_MODES } from '../mcp/display-modes.ts';
import { McpAppProvider } from '../mcp/McpAppProvider.tsx';
import '../index.css';

/**
 * Widget entry: the build mounts the default export into `<div id="echo-root">` (StrictMode).
 * One `App` per page; during development it survives hot updates of this file, so editing it
 * does not start a second `ui/initialize` handshake with the host.
 */
const app: App =
  (import.meta.hot?.data as { app?: App } | undefined)?.app ??
  new App(
    { name: 'echo-widget', version: '0.1.0' },
    { availableDisplayModes: [...ALL_DISPLAY_MODES] },
    { autoResize: true },
  );
if (import.meta.hot) (import.meta.hot.data as { app?: App }).app = app;

export default function EchoWidget() {
  return (
    <McpAppProvider app={app}>
      <Echo displayModes={ALL_DISPLAY_MODES} />
    </McpAppProvider>
  );
}
