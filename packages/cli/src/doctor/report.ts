import type { CheckStatus, DoctorReport } from './types.ts';

const WIDTH = 80;
const ID_WIDTH = 16;
const INDENT = ' '.repeat(2 + ID_WIDTH + 1);
const MARK: Record<CheckStatus, string> = { pass: '✓', fail: '✗', warn: '!', skip: '-' };

/** Words wrapped to `width`; a word longer than a line (a URL) is broken. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter((w) => w !== '')) {
    while (word.length > width) {
      if (line !== '') lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** One check per line (message wrapped under itself), the fix below a failure, a summary. */
export function formatHuman(report: DoctorReport): string {
  const width = WIDTH - INDENT.length;
  const out: string[] = [`gatehouse doctor ${report.url}`, ''];
  for (const check of report.checks) {
    const [first = '', ...rest] = wrap(check.message, width);
    out.push(`${MARK[check.status]} ${check.id.padEnd(ID_WIDTH)} ${first}`);
    for (const line of rest) out.push(`${INDENT}${line}`);
    if (check.fix !== null && check.status !== 'pass') {
      const [fixFirst = '', ...fixRest] = wrap(check.fix, width - 5);
      out.push(`${INDENT}fix: ${fixFirst}`);
      for (const line of fixRest) out.push(`${INDENT}     ${line}`);
    }
  }
  const count = (s: CheckStatus) => report.checks.filter((c) => c.status === s).length;
  out.push('');
  out.push(
    `${String(count('pass'))} passed, ${String(count('fail'))} failed, ${String(count('warn'))} warnings, ${String(count('skip'))} skipped.`,
  );
  out.push(
    report.ok
      ? 'Ready: ChatGPT and Claude should be able to connect.'
      : 'Not ready: ChatGPT and Claude will fail until every ✗ is fixed.',
  );
  return `${out.join('\n')}\n`;
}

/** The stable machine-readable shape: `{ url, ok, checks: [{ id, status, message, fix }] }`. */
export function formatJson(report: DoctorReport): string {
  return `${JSON.stringify({ url: report.url, ok: report.ok, checks: report.checks.map(({ id, status, message, fix }) => ({ id, status, message, fix })) }, null, 2)}\n`;
}
