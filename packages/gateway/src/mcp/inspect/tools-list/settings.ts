import type { FilteredMessage } from './filter-message.ts';

/** What the JSON and SSE rewriters share for one `tools/list` answer. */
export interface FilterSettings {
  readonly id: string | number;
  readonly allow: (toolName: string) => boolean;
  readonly onDropped: ((names: string[]) => void) | undefined;
  readonly maxBufferBytes: number;
  /** The JSON-RPC error that stands in for a message that could not be filtered. */
  readonly failure: (id: string | number) => string;
}

export function reportDropped(settings: FilterSettings, outcome: FilteredMessage): void {
  if (outcome.dropped.length > 0) settings.onDropped?.([...outcome.dropped]);
}
