/**
 * A validating scanner for RFC 8259 JSON text that also refuses duplicate object member names
 * at any depth (compared after unescaping, so `"a"` and `"\u0061"` collide) and nesting deeper
 * than `maxDepth`. It builds no values: once it passes, `JSON.parse` gives the value, and both
 * agree on what the text means because no member name is left for "last one wins" to pick.
 *
 * Why: a body with two `method` or `name` members is read one way by one parser and another way
 * by the next; the gateway and the MCP server must see the same message (research §5 H6).
 */
export type StrictJsonProblem = 'syntax' | 'duplicate-key' | 'too-deep';

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

class Scan {
  readonly text: string;
  i = 0;

  constructor(text: string) {
    this.text = text;
  }

  skipWs(): void {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.i += 1;
    }
  }

  /** At a `"`: moves past the closing quote; false on a bad escape, control char or EOF. */
  string(): boolean {
    const t = this.text;
    this.i += 1;
    for (;;) {
      const c = t.charCodeAt(this.i);
      if (Number.isNaN(c) || c < 0x20) return false;
      this.i += 1;
      if (c === 0x22) return true;
      if (c !== 0x5c) continue;
      const e = t[this.i];
      if (e === 'u') {
        if (!HEX4.test(t.slice(this.i + 1, this.i + 5))) return false;
        this.i += 5;
      } else if (e !== undefined && ESCAPES.has(e)) this.i += 1;
      else return false;
    }
  }

  /** A number or literal at the cursor; false when there is none. */
  scalar(): boolean {
    const t = this.text;
    for (const word of ['true', 'false', 'null']) {
      if (t.startsWith(word, this.i)) {
        this.i += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = this.i;
    if (!NUMBER.test(t)) return false;
    this.i = NUMBER.lastIndex;
    return true;
  }
}

/** `undefined` when `text` is one strict JSON value, else what is wrong with it. */
export function scanStrictJson(text: string, maxDepth: number): StrictJsonProblem | undefined {
  const s = new Scan(text);
  // One entry per open container: the member names of an object, or null for an array.
  const stack: (Set<string> | null)[] = [];
  let state: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    s.skipWs();
    const c = text[s.i];
    if (state === 'value') {
      if (c === '{' || c === '[') {
        if (stack.length >= maxDepth) return 'too-deep';
        s.i += 1;
        s.skipWs();
        if (text[s.i] === (c === '{' ? '}' : ']')) {
          s.i += 1;
          state = 'after';
        } else {
          stack.push(c === '{' ? new Set() : null);
          state = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        if (!s.string()) return 'syntax';
        state = 'after';
      } else {
        if (!s.scalar()) return 'syntax';
        state = 'after';
      }
    } else if (state === 'key') {
      const names = stack.at(-1);
      if (c !== '"' || !names) return 'syntax';
      const start = s.i;
      if (!s.string()) return 'syntax';
      const raw = text.slice(start, s.i);
      const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (names.has(name)) return 'duplicate-key';
      names.add(name);
      s.skipWs();
      if (text[s.i] !== ':') return 'syntax';
      s.i += 1;
      state = 'value';
    } else {
      if (stack.length === 0) return s.i === text.length ? undefined : 'syntax';
      const top = stack.at(-1);
      if (c === ',') {
        s.i += 1;
        state = top ? 'key' : 'value';
      } else if (c === (top ? '}' : ']')) {
        s.i += 1;
        stack.pop();
      } else return 'syntax';
    }
  }
}
