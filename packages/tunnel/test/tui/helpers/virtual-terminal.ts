/**
 * A small VT100-style screen for tests: feed it what the TUI wrote, read back what a terminal
 * would show. Knows what ink and ansi-escapes emit (cursor moves, erases, SGR, private modes,
 * OSC) and counts writes past the right edge, which a real terminal would wrap.
 */
export class VirtualTerminal {
  columns: number;
  rows: number;
  /** Characters written past the last column (auto-wrap on a real terminal). */
  overflows = 0;
  /** Bare `\n` without `\r` (a terminal in raw mode would stair-step). */
  bareLineFeeds = 0;
  /** OSC payloads seen, e.g. `52;c;aHR0…`. */
  readonly osc: string[] = [];
  #grid: string[][] = [];
  #x = 0;
  #y = 0;
  #pending = '';

  constructor(columns: number, rows: number) {
    this.columns = columns;
    this.rows = rows;
    this.#clear();
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.#grid = Array.from({ length: rows }, (_, y) =>
      Array.from({ length: columns }, (_, x) => this.#grid[y]?.[x] ?? ' '),
    );
    this.#x = Math.min(this.#x, columns - 1);
    this.#y = Math.min(this.#y, rows - 1);
  }

  /** The screen, one string per row, trailing spaces removed. */
  lines(): string[] {
    return this.#grid.map((row) => row.join('').replace(/ +$/, ''));
  }

  text(): string {
    return this.lines().join('\n');
  }

  write(data: string): void {
    const input = this.#pending + data;
    this.#pending = '';
    let i = 0;
    while (i < input.length) {
      const char = input[i] ?? '';
      if (char === '\x1b') {
        const consumed = this.#escape(input, i);
        if (consumed === 0) {
          this.#pending = input.slice(i);
          return;
        }
        i += consumed;
        continue;
      }
      if (char === '\r') this.#x = 0;
      else if (char === '\n') {
        if (input[i - 1] !== '\r') this.bareLineFeeds += 1;
        this.#lineFeed();
      } else if (char === '\b') this.#x = Math.max(0, this.#x - 1);
      else if (char >= ' ') this.#put(char);
      i += 1;
    }
  }

  #put(char: string): void {
    if (this.#x >= this.columns) {
      this.overflows += 1;
      this.#x = 0;
      this.#lineFeed();
    }
    const row = this.#grid[this.#y];
    if (row) row[this.#x] = char;
    this.#x += 1;
  }

  #lineFeed(): void {
    if (this.#y < this.rows - 1) {
      this.#y += 1;
      return;
    }
    this.#grid.shift();
    this.#grid.push(Array.from({ length: this.columns }, () => ' '));
  }

  /** Returns how many characters the sequence at `start` takes, or 0 when it is incomplete. */
  #escape(input: string, start: number): number {
    const kind = input[start + 1];
    if (kind === undefined) return 0;
    if (kind === ']') {
      const bel = input.indexOf('\x07', start);
      const st = input.indexOf('\x1b\\', start);
      const end = bel === -1 ? st : st === -1 ? bel : Math.min(bel, st);
      if (end === -1) return 0;
      this.osc.push(input.slice(start + 2, end));
      return end - start + (end === bel ? 1 : 2);
    }
    if (kind !== '[') return 2;
    // eslint-disable-next-line no-control-regex -- reading escape sequences is this class's job
    const match = /^\x1b\[([?>=]?)([\d;]*)([ -/]*)([@-~])/.exec(input.slice(start));
    if (!match) return input.length - start > 32 ? 2 : 0;
    const [all, privateMark = '', params = '', , final = ''] = match;
    if (privateMark === '')
      this.#csi(
        final,
        params.split(';').map((p) => (p === '' ? NaN : Number(p))),
      );
    return all.length;
  }

  #csi(final: string, params: number[]): void {
    const n = (i: number, fallback: number): number => {
      const value = params[i];
      return value === undefined || Number.isNaN(value) ? fallback : value;
    };
    const clampX = (x: number): number => Math.max(0, Math.min(this.columns - 1, x));
    const clampY = (y: number): number => Math.max(0, Math.min(this.rows - 1, y));
    switch (final) {
      case 'A':
        this.#y = clampY(this.#y - n(0, 1));
        break;
      case 'B':
        this.#y = clampY(this.#y + n(0, 1));
        break;
      case 'C':
        this.#x = clampX(this.#x + n(0, 1));
        break;
      case 'D':
        this.#x = clampX(Math.min(this.#x, this.columns - 1) - n(0, 1));
        break;
      case 'E':
        this.#y = clampY(this.#y + n(0, 1));
        this.#x = 0;
        break;
      case 'F':
        this.#y = clampY(this.#y - n(0, 1));
        this.#x = 0;
        break;
      case 'G':
        this.#x = clampX(n(0, 1) - 1);
        break;
      case 'H':
      case 'f':
        this.#y = clampY(n(0, 1) - 1);
        this.#x = clampX(n(1, 1) - 1);
        break;
      case 'J':
        this.#eraseDisplay(n(0, 0));
        break;
      case 'K':
        this.#eraseLine(n(0, 0));
        break;
      default:
        break; // SGR (m) and everything else leave the characters alone.
    }
  }

  #eraseLine(mode: number): void {
    const row = this.#grid[this.#y];
    if (!row) return;
    const [from, to] =
      mode === 0 ? [this.#x, this.columns] : mode === 1 ? [0, this.#x + 1] : [0, this.columns];
    for (let x = from; x < to; x += 1) row[x] = ' ';
  }

  #eraseDisplay(mode: number): void {
    if (mode === 2 || mode === 3) {
      this.#clear(false);
      return;
    }
    this.#eraseLine(mode);
    const [from, to] = mode === 0 ? [this.#y + 1, this.rows] : [0, this.#y];
    for (let y = from; y < to; y += 1)
      this.#grid[y] = Array.from({ length: this.columns }, () => ' ');
  }

  #clear(home = true): void {
    this.#grid = Array.from({ length: this.rows }, () =>
      Array.from({ length: this.columns }, () => ' '),
    );
    if (home) {
      this.#x = 0;
      this.#y = 0;
    }
  }
}
