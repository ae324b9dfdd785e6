import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createToolsListFilter } from '../../src/mcp/inspect/index.ts';
import { runThrough, splitAt, toolsListResponse } from './support/streams.ts';

const toolName = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' });
const scenario = fc
  .record({
    names: fc.array(toolName, { maxLength: 20 }),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 8 })),
    cuts: fc.array(fc.nat(), { maxLength: 6 }),
  })
  .chain((s) =>
    fc.record({
      names: fc.constant(s.names),
      id: fc.constant(s.id),
      cuts: fc.constant(s.cuts),
      allowed: fc.subarray([...new Set(s.names)]),
    }),
  );

function namesIn(message: unknown): string[] {
  const tools = (message as { result: { tools: { name: string }[] } }).result.tools;
  return tools.map((tool) => tool.name);
}

describe('I4: the filtered tools/list is exactly the allowed subset, in order', () => {
  it('holds for random lists and allow-sets, as JSON and as SSE cut anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ names, id, cuts, allowed }) => {
        const allowSet = new Set(allowed);
        const expected = names.filter((name) => allowSet.has(name));
        const dropped: string[] = [];
        const filter = createToolsListFilter({
          id,
          allow: (name) => allowSet.has(name),
          onDropped: (some) => dropped.push(...some),
        });
        const json = Buffer.from(JSON.stringify(toolsListResponse(id, names)));
        const positions = cuts.map((cut) => cut % (json.length + 1));
        const fromJson = await runThrough(
          filter.createStream('application/json'),
          splitAt(json, positions),
        );
        expect(namesIn(JSON.parse(fromJson.toString()))).toEqual(expected);

        const sse = Buffer.from(`id: 1\r\nevent: message\r\ndata: ${json.toString()}\r\n\r\n`);
        const ssePositions = cuts.map((cut) => cut % (sse.length + 1));
        const fromSse = (
          await runThrough(filter.createStream('text/event-stream'), splitAt(sse, ssePositions))
        ).toString();
        const data = fromSse.split(/\r\n|\n/).find((line) => line.startsWith('data: '));
        expect(namesIn(JSON.parse(data?.slice(6) ?? 'null'))).toEqual(expected);
        expect(dropped).toEqual([
          ...names.filter((n) => !allowSet.has(n)),
          ...names.filter((n) => !allowSet.has(n)),
        ]);
      }),
      { numRuns: 200 },
    );
  });
});
