import { DISPLAY_MODE_LABELS } from '../mcp/display-modes.ts';
import type { DisplayMode } from '../mcp/types.ts';
import { Button } from './Button.tsx';

export interface DisplayModeSwitcherProps {
  /** Modes both the host and the widget support; nothing is shown for fewer than two. */
  readonly modes: readonly DisplayMode[];
  readonly current: DisplayMode | undefined;
  readonly onSelect: (mode: DisplayMode) => void;
}

export function DisplayModeSwitcher({ modes, current, onSelect }: DisplayModeSwitcherProps) {
  if (modes.length < 2) return null;
  return (
    <div role="group" aria-label="Display mode" className="flex gap-1">
      {modes.map((mode) => (
        <Button
          key={mode}
          aria-label={DISPLAY_MODE_LABELS[mode].name}
          aria-pressed={current === mode}
          className="px-2 py-1 text-xs"
          onClick={() => onSelect(mode)}
        >
          {DISPLAY_MODE_LABELS[mode].text}
        </Button>
      ))}
    </div>
  );
}
