import { useEffect, useState } from 'react';
import type { SessionView, SessionViewSource } from '../session-view.ts';

/**
 * The latest SessionView, re-read at most once per `intervalMs`: a burst of connections changes
 * the view hundreds of times a second, the screen needs it a few times (research/spikes.md §3:
 * one frame costs CPU and bandwidth per session).
 */
export function useSessionView(source: SessionViewSource, intervalMs: number): SessionView {
  const [view, setView] = useState(() => source.current());
  useEffect(() => {
    let timer: NodeJS.Timeout | undefined;
    let last = Number.NEGATIVE_INFINITY;
    const flush = (): void => {
      timer = undefined;
      last = performance.now();
      setView(source.current());
    };
    const unsubscribe = source.subscribe(() => {
      if (timer !== undefined) return;
      timer = setTimeout(flush, Math.max(0, last + intervalMs - performance.now()));
    });
    setView(source.current());
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [source, intervalMs]);
  return view;
}

/** A re-render every `intervalMs` while `active` (durations of open connections keep counting). */
export function useTicker(active: boolean, intervalMs: number): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }, [active, intervalMs]);
}
