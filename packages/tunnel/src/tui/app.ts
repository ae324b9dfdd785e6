import type { Clock } from '@gatehouse/core';
import { Box, Text, useInput } from 'ink';
import { createElement as h, useRef, useState, type ReactElement } from 'react';
import type { McpExchangeSummary } from '@gatehouse/core';
import type { McpCallsSource } from '../mcp-calls.ts';
import type { SessionActions, SessionView, SessionViewSource } from '../session-view.ts';
import { openCall, replayCall } from './calls-actions.ts';
import { toTuiKeys } from './keys.ts';
import { selectedForward } from './panels/forwards.ts';
import { buildScreen, type ScreenPanel } from './screen.ts';
import { newEdit, settleLocalAddress, settleShare } from './edit-input.ts';
import {
  initialUiStateFor,
  NO_LIMITS,
  reduceKey,
  type Effect,
  type ScrollLimits,
  type UiState,
} from './state.ts';
import { useCalls } from './use-calls.ts';
import { useSessionView, useTicker } from './use-session-view.ts';

/** At most 10 redraws a second for view changes. */
const VIEW_INTERVAL_MS = 100;
const TICK_MS = 1000;

export interface TuiAppProps {
  readonly source: SessionViewSource;
  readonly actions: Pick<SessionActions, 'setLocalAddress' | 'share'>;
  readonly clock: Clock;
  /** Panel [5]'s MCP calls; absent: the panel starts hidden and says capture is unavailable. */
  readonly calls?: McpCallsSource;
  /** Put text on the user's clipboard (OSC 52 to their terminal). */
  readonly copy: (text: string) => void;
  /** Leave: restore the terminal and end the session. */
  readonly quit: () => void;
  /** Clear the terminal and draw the whole frame again (Ctrl-L). */
  readonly repaint: () => void;
  /**
   * The terminal size, passed in (not read with useWindowSize): on a resize the new tree must be
   * committed before ink redraws, or ink draws the old, wider frame into the narrower terminal.
   */
  readonly columns: number;
  readonly rows: number;
}

/** The tunnel TUI: header, the five panels, footer; keys per issue 7 (and [5] per issue 16). */
export function TuiApp(props: TuiAppProps): ReactElement {
  const { columns, rows } = props;
  const view = useSessionView(props.source, VIEW_INTERVAL_MS);
  const calls = useCalls(props.calls, VIEW_INTERVAL_MS);
  useTicker(
    view.connections.some((c) => c.status === 'open'),
    TICK_MS,
  );
  // The UI state lives in a ref so keys that arrive before React re-renders see each other.
  const stateRef = useRef<UiState>(initialUiStateFor(props.calls !== undefined));
  const limitsRef = useRef<ScrollLimits>(NO_LIMITS);
  const quittingRef = useRef(false);
  const [, setVersion] = useState(0);
  /** For answers that arrive later (`share`): fold them into the latest state and redraw. */
  const later = (change: (state: UiState) => UiState): void => {
    stateRef.current = change(stateRef.current);
    setVersion((v) => v + 1);
  };

  useInput((input, key) => {
    if (quittingRef.current) return;
    let state = stateRef.current;
    for (const tuiKey of toTuiKeys(input, key)) {
      const step = reduceKey(state, tuiKey, limitsRef.current);
      state = step.state;
      for (const effect of step.effects) {
        state = runEffect(effect, state, { view, calls }, props, later);
      }
      if (step.effects.some((e) => e.type === 'quit')) {
        quittingRef.current = true;
        break;
      }
    }
    if (state !== stateRef.current) {
      stateRef.current = state;
      setVersion((v) => v + 1);
    }
  });

  const screen = buildScreen(view, stateRef.current, columns, rows, props.clock.now(), calls);
  limitsRef.current = screen.limits;
  return h(
    Box,
    { flexDirection: 'column', width: columns, height: rows, overflow: 'hidden' },
    line(screen.header, 'header'),
    ...screen.bands.map((band, i) =>
      h(
        Box,
        { key: `band-${i}`, flexDirection: 'row', height: band.height, flexShrink: 0 },
        ...band.panels.map(panel),
      ),
    ),
    screen.empty === null
      ? null
      : h(
          Box,
          { key: 'empty', flexGrow: 1, justifyContent: 'center' },
          line(screen.empty, 'empty'),
        ),
    screen.bands.length > 0 ? null : h(Box, { key: 'fill', flexGrow: 1 }),
    line(screen.footer, 'footer'),
  );
}

function runEffect(
  effect: Effect,
  state: UiState,
  { view, calls }: { view: SessionView; calls: readonly McpExchangeSummary[] | null },
  props: TuiAppProps,
  later: (change: (state: UiState) => UiState) => void,
): UiState {
  switch (effect.type) {
    case 'open-call':
      return openCall(state, calls, props.calls, later);
    case 'replay-call':
      return replayCall(state, effect.id, calls, props.calls, later);
    case 'quit':
      props.quit();
      return state;
    case 'repaint':
      props.repaint();
      return state;
    case 'copy': {
      const forward = selectedForward(view, state.scroll[3]);
      if (forward === undefined) {
        return { ...state, notice: { text: 'No forward to copy yet.', tone: 'error' } };
      }
      // What an MCP client needs: the Remote URL is the origin, the MCP endpoint is /mcp on it.
      const url = mcpUrl(forward.remoteUrl);
      props.copy(url);
      return { ...state, notice: { text: `Copied ${url}`, tone: 'info' } };
    }
    case 'set-local-address':
      return settleLocalAddress(
        state,
        effect.address,
        props.actions.setLocalAddress(effect.address),
      );
    case 'start-share': {
      const forward = selectedForward(view, state.scroll[3]);
      if (forward === undefined) {
        return { ...state, notice: { text: 'No forward to share yet.', tone: 'error' } };
      }
      return { ...state, editing: newEdit({ kind: 'share', route: forward.route }) };
    }
    case 'share': {
      const { route, email } = effect;
      props.actions.share(email, route).then(
        (result) => later((s) => settleShare(s, route, email, result)),
        () => later((s) => settleShare(s, route, email, { ok: false, message: 'Sharing failed.' })),
      );
      return state;
    }
  }
}

/** The MCP endpoint of a route: `<Remote URL>/mcp`, the URL to paste into an MCP client. */
export function mcpUrl(remoteUrl: string): string {
  return `${remoteUrl.replace(/\/+$/, '')}/mcp`;
}

function panel(p: ScreenPanel): ReactElement {
  return h(
    Box,
    { key: `panel-${p.id}`, flexDirection: 'column', width: p.width, flexShrink: 0 },
    ...p.lines.map((text, i) => line(text, String(i))),
  );
}

/** One pre-fitted line; `truncate-end` is the last guard against a line wider than the screen. */
function line(text: string, key: string): ReactElement {
  return h(Text, { key, wrap: 'truncate-end' }, text);
}
