import { describe, expect, it } from 'vitest';
import { anonymous, decide, http } from './support/ppl.ts';

// pomerium.md §3.2. Child i is true or false; each position has its own criterion so that the
// kept reasons show which children they came from.
const INPUT = anonymous({ http: http({ method: 'GET', path: '/', ip: '192.0.2.1' }) });
const TRUE = [
  [{ accept: true }, 'accept'],
  [{ http_method: 'GET' }, 'http-method-ok'],
  [{ http_path: '/' }, 'http-path-ok'],
] as const;
const FALSE = [
  [{ reject: true }, 'reject'],
  [{ http_method: 'POST' }, 'http-method-unauthorized'],
  [{ source_ip: '10.0.0.0/8' }, 'source-ip-unauthorized'],
] as const;

type Op = 'and' | 'or' | 'not' | 'nor';
/** Whose reasons a block keeps, by operator and by the block's value (§3.2 table). */
const KEPT: Record<Op, Record<'true' | 'false', 'all' | 'true ones' | 'false ones'>> = {
  and: { true: 'all', false: 'false ones' },
  or: { true: 'true ones', false: 'all' },
  not: { true: 'all', false: 'true ones' },
  nor: { true: 'false ones', false: 'all' },
};

// children (T = true, F = false) → value of and, or, not (= none true), nor (= not all true).
const TABLE: [string, boolean, boolean, boolean, boolean][] = [
  ['T', true, true, false, false],
  ['F', false, false, true, true],
  ['TT', true, true, false, false],
  ['TF', false, true, false, true],
  ['FT', false, true, false, true],
  ['FF', false, false, true, true],
  ['TTT', true, true, false, false],
  ['TTF', false, true, false, true],
  ['TFT', false, true, false, true],
  ['TFF', false, true, false, true],
  ['FTT', false, true, false, true],
  ['FTF', false, true, false, true],
  ['FFT', false, true, false, true],
  ['FFF', false, false, true, true],
];
const ROWS = TABLE.flatMap(([children, and, or, not, nor]) =>
  (
    [
      ['and', and],
      ['or', or],
      ['not', not],
      ['nor', nor],
    ] as const
  ).map(([op, value]) => [op, children, value] as const),
);

function block(children: string) {
  return [...children].map((c, i) => {
    const [criterion, reason] = (c === 'T' ? TRUE : FALSE)[i] ?? [];
    return { criterion, reason: reason as string, value: c === 'T' };
  });
}

describe('truth tables with reasons', () => {
  it.each(ROWS)('%s over %s is %s', (op, children, value) => {
    const items = block(children);
    const kept = KEPT[op][value ? 'true' : 'false'];
    const reasons = items
      .filter((i) => kept === 'all' || (kept === 'true ones') === i.value)
      .map((i) => i.reason);
    const decision = decide({ allow: { [op]: items.map((i) => i.criterion) } }, INPUT);
    expect(decision.allow).toEqual({ value, reasons });
    expect(decision.outcome).toBe(value ? 'allow' : 'deny');
  });

  it.each(['and', 'or', 'not', 'nor'])(
    'an empty %s list is skipped: it neither allows nor denies',
    (op) => {
      expect(decide({ allow: { [op]: [] } }, INPUT)).toMatchObject({
        outcome: 'deny',
        allow: { value: false, reasons: [] },
      });
      expect(
        decide({ allow: { or: [{ accept: true }] }, deny: { [op]: [] } }, INPUT),
      ).toMatchObject({
        outcome: 'allow',
        deny: { value: false, reasons: [] },
      });
    },
  );

  it('keeps each reason once', () => {
    const twice = decide({ allow: { and: [{ accept: 1 }, { accept: 2 }, { accept: 3 }] } }, INPUT);
    expect(twice.allow).toEqual({ value: true, reasons: ['accept'] });
    const bothFalse = decide({ allow: { or: [{ reject: 1 }, { reject: 2 }] } }, INPUT);
    expect(bothFalse.allow).toEqual({ value: false, reasons: ['reject'] });
  });
});

describe('combining blocks and rules', () => {
  it('ORs several operators in one rule body', () => {
    const policy = { allow: { and: [{ reject: true }], or: [{ accept: true }] } };
    expect(decide(policy, INPUT).allow).toEqual({ value: true, reasons: ['accept'] });
  });

  it('ORs several allow rules and keeps the true blocks’ reasons', () => {
    const policy = [
      { allow: { and: [{ http_method: 'POST' }] } },
      { allow: { and: [{ http_path: '/' }] } },
    ];
    expect(decide(policy, INPUT).allow).toEqual({ value: true, reasons: ['http-path-ok'] });
  });

  it('keeps every reason when no allow rule holds', () => {
    const policy = [
      { allow: { and: [{ http_method: 'POST' }] } },
      { allow: { not: [{ accept: true }] } },
    ];
    expect(decide(policy, INPUT).allow).toEqual({
      value: false,
      reasons: ['http-method-unauthorized', 'accept'],
    });
  });

  it('nests operators: and[ or[F, T], not[F] ] is true, and[ nor[T, T] ] is false', () => {
    const nested = {
      allow: {
        and: [{ or: [{ reject: true }, { http_path: '/' }] }, { not: [{ http_method: 'POST' }] }],
      },
    };
    expect(decide(nested, INPUT).allow).toEqual({
      value: true,
      reasons: ['http-path-ok', 'http-method-unauthorized'],
    });
    const nand = { allow: { and: [{ nor: [{ accept: true }, { http_path: '/' }] }] } };
    expect(decide(nand, INPUT).allow).toEqual({
      value: false,
      reasons: ['accept', 'http-path-ok'],
    });
  });
});
