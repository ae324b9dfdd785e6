import type { CallToolResult, Client, Tool } from '@modelcontextprotocol/client';
import { getDisplayName } from '@modelcontextprotocol/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DisplayMode } from '../lib/display-mode.ts';
import type { Logger } from '../lib/message-log.ts';
import type { WidgetResource } from '../lib/widget-resource.ts';
import { WidgetHost, type Theme } from '../widget/widget-host.ts';

export interface WidgetRequest {
  readonly id: number;
  readonly tool: Tool;
  readonly toolArguments: Record<string, unknown>;
  readonly toolResult: Promise<CallToolResult>;
  readonly resource: WidgetResource;
}

interface WidgetPanelProps {
  readonly request: WidgetRequest;
  readonly client: Client;
  readonly tools: readonly Tool[];
  readonly sandboxUrl: string;
  readonly theme: Theme;
  readonly log: Logger;
  readonly onConversationMessage: (text: string) => void;
  readonly onModelContext: (text: string) => void;
  /** Hands the host to the app, which closes it (with teardown) before the next widget. */
  readonly onHost: (host: WidgetHost | null) => void;
  readonly onClose: () => void;
}

/** `<section id="widget">` with the sandbox proxy iframe; the WidgetHost does the protocol. */
export function WidgetPanel(props: WidgetPanelProps) {
  const {
    request,
    client,
    tools,
    sandboxUrl,
    theme,
    log,
    onConversationMessage,
    onModelContext,
    onHost,
    onClose,
  } = props;
  const sectionRef = useRef<HTMLElement>(null);
  const frameRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<WidgetHost | null>(null);
  const themeRef = useRef(theme);
  const [displayMode, setDisplayMode] = useState<DisplayMode>('inline');
  const [error, setError] = useState<string>();
  const [warnings, setWarnings] = useState<readonly Warning[]>([]);
  const onWarning = useCallback((key: string, text: string | undefined) => {
    setWarnings((current) => updateWarnings(current, key, text));
  }, []);

  useEffect(() => {
    themeRef.current = theme;
    hostRef.current?.setTheme(theme);
  }, [theme]);

  useEffect(() => {
    const section = sectionRef.current;
    const container = frameRef.current;
    if (section === null || container === null) return;
    const host = new WidgetHost({
      client,
      tools,
      tool: request.tool,
      toolArguments: request.toolArguments,
      toolResult: request.toolResult,
      resource: request.resource,
      sandboxUrl,
      section,
      container,
      theme: themeRef.current,
      log,
      onConversationMessage,
      onModelContext,
      onDisplayMode: setDisplayMode,
      onError: setError,
      onWarning,
      onRequestClose: onClose,
    });
    hostRef.current = host;
    onHost(host);
    return () => {
      host.dispose();
      hostRef.current = null;
      onHost(null);
    };
  }, [
    request,
    client,
    tools,
    sandboxUrl,
    log,
    onConversationMessage,
    onModelContext,
    onHost,
    onClose,
    onWarning,
  ]);

  return (
    <section id="widget" aria-label="Widget" data-display-mode={displayMode} ref={sectionRef}>
      <header className="widget-bar">
        <span className="widget-title">{getDisplayName(request.tool)}</span>
        {displayMode !== 'inline' && (
          <button type="button" onClick={() => hostRef.current?.setDisplayMode('inline')}>
            Back to inline
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close widget
        </button>
      </header>
      <WidgetProblems error={error} warnings={warnings} />
      <div className="widget-frame" ref={frameRef} />
    </section>
  );
}

interface Warning {
  readonly key: string;
  readonly text: string;
}

/** What the host reports about the view: an error, and warnings (e.g. CSP blocks). */
function WidgetProblems(props: {
  readonly error: string | undefined;
  readonly warnings: readonly Warning[];
}) {
  const { error, warnings } = props;
  return (
    <>
      {error !== undefined && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="widget-warnings" aria-label="Widget warnings">
          {warnings.map((warning) => (
            <li key={warning.key} role="alert" className="warning">
              {warning.text}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A page with many blocked images must not flood the panel (the message log has them all). */
const MAX_WARNINGS = 20;

function updateWarnings(
  current: readonly Warning[],
  key: string,
  text: string | undefined,
): readonly Warning[] {
  const others = current.filter((warning) => warning.key !== key);
  if (text === undefined) return others;
  const exists = others.length !== current.length;
  if (!exists && current.length >= MAX_WARNINGS) return current;
  return exists
    ? current.map((warning) => (warning.key === key ? { key, text } : warning))
    : [...current, { key, text }];
}
