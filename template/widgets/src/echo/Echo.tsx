import { useState } from 'react';
import { containerStyle } from '../mcp/container-style.ts';
import { describeError } from '../mcp/describe-error.ts';
import { ALL_DISPLAY_MODES, offeredDisplayModes } from '../mcp/display-modes.ts';
import type { DisplayMode, ToolResult } from '../mcp/types.ts';
import { useHostStyles } from '../mcp/use-host-styles.ts';
import { useMcpApp } from '../mcp/use-mcp-app.ts';
import { DisplayModeSwitcher } from './DisplayModeSwitcher.tsx';
import { EchoActions } from './EchoActions.tsx';
import { EchoStatus } from './EchoStatus.tsx';
import { messageFromInput, readEchoResult, type EchoView } from './echo-result.ts';

export const ECHO_TOOL = 'echo';

export interface EchoProps {
  /** Display modes this widget supports; must match the `App`'s `availableDisplayModes`. */
  readonly displayModes?: readonly DisplayMode[];
}

/** A newer result from "Echo again", valid while the host's own result is still `base`. */
interface LocalResult {
  readonly base: ToolResult | undefined;
  readonly view: EchoView;
}

/** The echo widget: shows what the echo tool returned and lets the user act on it. */
export function Echo({ displayModes = ALL_DISPLAY_MODES }: EchoProps) {
  const mcp = useMcpApp();
  const { hostContext, toolResult } = mcp;
  const [local, setLocal] = useState<LocalResult | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  useHostStyles(hostContext);

  const view: EchoView | undefined =
    local !== undefined && local.base === toolResult
      ? local.view
      : toolResult === undefined
        ? undefined
        : readEchoResult(toolResult);
  const result = view?.kind === 'ok' ? view.result : undefined;
  const message = result?.echoedMessage ?? messageFromInput(mcp.toolInput);

  const echoAgain = () => {
    if (message === undefined) return;
    const base = toolResult;
    setBusy(true);
    mcp.app
      .callServerTool({ name: ECHO_TOOL, arguments: { message } })
      .then(
        (answer) => setLocal({ base, view: readEchoResult(answer) }),
        (error: unknown) =>
          setLocal({
            base,
            view: { kind: 'error', message: `Echo failed: ${describeError(error)}` },
          }),
      )
      .finally(() => setBusy(false));
  };

  const selectMode = (mode: DisplayMode) => {
    mcp.requestDisplayMode(mode).then(
      (granted) => setStatus(granted === mode ? '' : `The host kept the ${granted} display mode.`),
      (error: unknown) => setStatus(`Could not change the display mode: ${describeError(error)}`),
    );
  };

  return (
    <div className="min-h-full bg-surface font-sans text-fg" style={containerStyle(hostContext)}>
      <main className="flex flex-col gap-3 p-4" aria-labelledby="echo-title">
        <header className="flex flex-wrap items-center justify-between gap-2">
          <h1 id="echo-title" className="text-base font-semibold">
            Echo
          </h1>
          <DisplayModeSwitcher
            modes={offeredDisplayModes(hostContext.availableDisplayModes, displayModes)}
            current={hostContext.displayMode}
            onSelect={selectMode}
          />
        </header>
        <EchoStatus
          connection={mcp.connection}
          connectionError={mcp.connectionError}
          view={view}
          pendingMessage={messageFromInput(mcp.toolInput)}
          cancelled={mcp.toolCancelled}
          busy={busy}
          locale={hostContext.locale}
          timeZone={hostContext.timeZone}
        />
        <EchoActions
          message={message}
          result={result}
          busy={busy}
          onEchoAgain={echoAgain}
          onStatus={setStatus}
        />
        <p role="status" className="min-h-5 text-sm text-muted">
          {status}
        </p>
      </main>
    </div>
  );
}
