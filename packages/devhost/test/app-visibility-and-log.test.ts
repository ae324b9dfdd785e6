import { describe, expect, it } from 'vitest';
import { contentText } from '../src/app/lib/content.ts';
import {
  MAX_LOG_ENTRIES,
  MAX_SHOWN_STRING,
  appendEntry,
  filterEntries,
  formatEntry,
  type LogEntry,
} from '../src/app/lib/message-log.ts';
import { isCallableByApp, isVisibleToModel } from '../src/app/lib/visibility.ts';

describe('tool visibility (SEP-1865 host checklist 3)', () => {
  const tool = (ui: unknown) => ({ _meta: ui === undefined ? undefined : { ui } });

  it('defaults to model and app when visibility is absent', () => {
    expect(isVisibleToModel({})).toBe(true);
    expect(isCallableByApp({})).toBe(true);
    expect(isVisibleToModel(tool({ resourceUri: 'ui://x' }))).toBe(true);
  });

  it('hides app-only tools from the list and refuses model-only tools to the view', () => {
    expect(isVisibleToModel(tool({ visibility: ['app'] }))).toBe(false);
    expect(isCallableByApp(tool({ visibility: ['app'] }))).toBe(true);
    expect(isVisibleToModel(tool({ visibility: ['model'] }))).toBe(true);
    expect(isCallableByApp(tool({ visibility: ['model'] }))).toBe(false);
  });

  it('fails closed on malformed visibility and unknown tools', () => {
    expect(isVisibleToModel(tool({ visibility: 'model' }))).toBe(false);
    expect(isCallableByApp(tool({ visibility: 'app' }))).toBe(false);
    expect(isCallableByApp(undefined)).toBe(false);
  });
});

describe('message log', () => {
  const entries: LogEntry[] = [
    { id: 0, direction: 'view→host', message: { jsonrpc: '2.0', method: 'ui/initialize' } },
    {
      id: 1,
      direction: 'host→view',
      message: { jsonrpc: '2.0', method: 'ui/notifications/tool-input' },
    },
    { id: 2, direction: 'rejected', message: 'garbage', note: 'not a JSON-RPC 2.0 message' },
  ];

  it('formats an entry as JSON with its direction', () => {
    expect(JSON.parse(formatEntry(entries[2]!))).toEqual({
      direction: 'rejected',
      note: 'not a JSON-RPC 2.0 message',
      message: 'garbage',
    });
  });

  it('filters by case-insensitive substring, keeping order', () => {
    expect(filterEntries(entries, 'TOOL-INPUT').map((e) => e.id)).toEqual([1]);
    expect(filterEntries(entries, 'ui/').map((e) => e.id)).toEqual([0, 1]);
    expect(filterEntries(entries, 'view→host').map((e) => e.id)).toEqual([0]);
    expect(filterEntries(entries, '  ').map((e) => e.id)).toEqual([0, 1, 2]);
  });

  it('cuts long strings such as the view HTML', () => {
    const html = 'x'.repeat(MAX_SHOWN_STRING + 10);
    const shown = formatEntry({ id: 4, direction: 'host→proxy', message: { html } });
    expect(shown).toContain(`${'x'.repeat(MAX_SHOWN_STRING)}… (10 more characters)`);
    expect(shown).not.toContain('x'.repeat(MAX_SHOWN_STRING + 1));
  });

  it('describes data that cannot be serialised instead of throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(formatEntry({ id: 3, direction: 'rejected', message: cyclic })).toContain(
      '[unserialisable object]',
    );
  });

  it('keeps the newest entries when the log is full', () => {
    let log: LogEntry[] = [];
    for (let id = 0; id < MAX_LOG_ENTRIES + 5; id++) {
      log = appendEntry(log, { id, direction: 'host→view', message: id });
    }
    expect(log).toHaveLength(MAX_LOG_ENTRIES);
    expect(log[0]?.id).toBe(5);
    expect(log.at(-1)?.id).toBe(MAX_LOG_ENTRIES + 4);
  });
});

describe('contentText', () => {
  it('joins text blocks and names other blocks, for both ui/message shapes', () => {
    expect(
      contentText([
        { type: 'text', text: 'hi' },
        { type: 'image', data: '', mimeType: 'image/png' },
      ]),
    ).toBe('hi\n[image content]');
    expect(contentText({ type: 'text', text: 'single' })).toBe('single');
    expect(contentText(undefined)).toBe('');
  });
});
