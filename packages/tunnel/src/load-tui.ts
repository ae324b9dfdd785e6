import type { RenderTui } from './session/session-channel.ts';

/**
 * The ink TUI (src/tui), loaded on demand so that importing this package does not load ink and
 * React. Set `NODE_ENV=production` before calling it: React picks its build on first import
 * (development React costs ~1.2 MB more per session, spikes.md §3).
 */
export async function loadRenderTui(): Promise<RenderTui> {
  const { renderTui } = await import('./tui/index.ts');
  return (io, view, actions, calls) =>
    renderTui(io, view, actions, calls === undefined ? {} : { calls });
}
