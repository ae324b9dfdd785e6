import type { Writable } from 'node:stream';
import type { SessionView } from '../session-view.ts';
import type { SessionViewStore } from '../view/session-view-store.ts';

/**
 * The no-pty session (`ssh -T`, no terminal, exec `--to …`): the Remote URL(s) first, then
 * one line per change. No ANSI. Returns the stop function.
 */
export function startPlainPrinter(
  out: Writable,
  view: SessionViewStore,
  newline: string,
): () => void {
  const print = (text: string): void => {
    if (out.writable) out.write(`${text}${newline}`);
  };
  let forwardsShown = '';
  const showForwards = (current: SessionView): void => {
    const lines = current.forwards.map(
      (f) =>
        `${f.status.padEnd('ACTIVE'.length)}  ${f.remoteUrl}  →  ${f.localAddress}` +
        (f.warning === null ? '' : `  (warning: ${f.warning})`),
    );
    const text = lines.join(newline);
    if (text === forwardsShown) return;
    forwardsShown = text;
    print(lines.length === 0 ? 'No forwards: run ssh -R 0 …' : text);
  };
  const initial = view.current();
  print(`Gatehouse tunnel · session ${initial.sessionId} · ${initial.email ?? 'signed in'}`);
  showForwards(initial);
  // Refusals of `-R` requests come before the session opens: show them, they are the reason.
  for (const line of initial.logs) if (line.level !== 'info') print(`${line.level}: ${line.text}`);
  const stopLogs = view.onLog((line) => {
    if (line.level !== 'info') print(`${line.level}: ${line.text}`);
  });
  const stopView = view.subscribe(showForwards);
  return () => {
    stopLogs();
    stopView();
  };
}
