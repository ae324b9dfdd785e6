import { ExchangeRecorder, type Recorded } from './recorder.ts';

/** A map this full is dropped whole rather than grown without bound. */
const MAX_SESSIONS = 10_000;

/**
 * Legacy-era clients name themselves once (initialize): the returned function remembers the
 * name per session and carries it over to the session's later exchanges. Stateless (2026-07-28)
 * calls carry no session id and cost nothing here.
 */
export function createSessionClients(): (r: Recorded) => void {
  const clients = new Map<string, { readonly name: string; readonly version?: string }>();
  return (r) => {
    if (!(r instanceof ExchangeRecorder)) return;
    const sessionId = r.sessionId;
    if (sessionId === undefined) return;
    const named = r.clientNamed();
    if (named !== undefined) {
      if (clients.size >= MAX_SESSIONS) clients.clear();
      clients.set(sessionId, named);
      return;
    }
    const known = clients.get(sessionId);
    if (known !== undefined) r.setClient(known);
  };
}
