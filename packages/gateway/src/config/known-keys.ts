import { z } from 'zod';

/**
 * The keys a strict object in `schema` accepts at `path` (e.g. `['routes', 0]` → a route's
 * keys), looking through defaults, optionals, transforms, arrays and unions. Empty when the path
 * does not lead to an object.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let nodes: z.ZodType[] = [schema];
  for (const part of path) {
    nodes = nodes.flatMap(unwrap).flatMap((node) => child(node, part));
  }
  const keys = new Set<string>();
  for (const node of nodes.flatMap(unwrap)) {
    if (node instanceof z.ZodObject) for (const k of Object.keys(node.shape)) keys.add(k);
  }
  return [...keys];
}

/** The nearest known key to a misspelt one (edit distance at most 2), if any. */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(unknown.toLowerCase(), k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

function unwrap(node: z.ZodType): z.ZodType[] {
  if (node instanceof z.ZodDefault || node instanceof z.ZodOptional) {
    return unwrap(node.unwrap() as z.ZodType);
  }
  if (node instanceof z.ZodPipe) return unwrap(node.in as z.ZodType);
  if (node instanceof z.ZodUnion) return (node.options as z.ZodType[]).flatMap(unwrap);
  return [node];
}

function child(node: z.ZodType, part: PropertyKey): z.ZodType[] {
  if (node instanceof z.ZodArray && typeof part === 'number') return [node.element as z.ZodType];
  if (node instanceof z.ZodRecord) return [node.valueType as z.ZodType];
  if (node instanceof z.ZodObject && typeof part === 'string') {
    const shape = node.shape as Record<string, z.ZodType>;
    const next = shape[part];
    return next === undefined ? [] : [next];
  }
  return [];
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
