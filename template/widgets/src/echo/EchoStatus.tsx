import type { ConnectionState } from '../mcp/types.ts';
import { formatTimestamp, type EchoView } from './echo-result.ts';

export interface EchoStatusProps {
  readonly connection: ConnectionState;
  readonly connectionError: string | undefined;
  readonly view: EchoView | undefined;
  /** `arguments.message` of the running call, shown until its result arrives. */
  readonly pendingMessage: string | undefined;
  readonly cancelled: { readonly reason: string | undefined } | undefined;
  readonly busy: boolean;
  readonly locale: string | undefined;
  readonly timeZone: string | undefined;
}

/** The result area; a polite live region, so screen readers announce new results. */
export function EchoStatus(props: EchoStatusProps) {
  return (
    <section
      aria-label="Echo result"
      aria-live="polite"
      aria-busy={props.busy}
      className="rounded-app border border-line bg-surface-alt p-3"
    >
      <Body {...props} />
    </section>
  );
}

function Body({
  connection,
  connectionError,
  view,
  pendingMessage,
  cancelled,
  locale,
  timeZone,
}: EchoStatusProps) {
  if (view?.kind === 'ok') {
    const { echoedMessage, timestamp } = view.result;
    return (
      <>
        <p className="text-lg break-words whitespace-pre-wrap">{echoedMessage}</p>
        <p className="mt-1 text-sm text-muted">
          Echoed <time dateTime={timestamp}>{formatTimestamp(timestamp, locale, timeZone)}</time>
        </p>
      </>
    );
  }
  if (view?.kind === 'error') {
    return (
      <div className="text-danger">
        <p className="font-semibold">Error</p>
        <p className="text-sm break-words">{view.message}</p>
      </div>
    );
  }
  if (cancelled !== undefined) {
    return (
      <p className="text-muted">
        The echo was cancelled{cancelled.reason ? `: ${cancelled.reason}` : '.'}
      </p>
    );
  }
  if (connection === 'failed') {
    return <p className="text-danger">Could not connect to the host: {connectionError}</p>;
  }
  if (pendingMessage !== undefined) {
    return (
      <p className="text-muted">
        Echoing “<span className="text-fg">{pendingMessage}</span>”…
      </p>
    );
  }
  return <p className="text-muted">Waiting for the echo tool…</p>;
}
