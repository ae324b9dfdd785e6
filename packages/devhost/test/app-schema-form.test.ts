import { describe, expect, it } from 'vitest';
import {
  argumentsFromForm,
  formFieldsFromSchema,
  initialFormValues,
} from '../src/app/lib/schema-form.ts';

const schema = {
  type: 'object',
  properties: {
    text: { type: 'string', description: 'What to echo' },
    count: { type: 'integer', default: 2 },
    ratio: { type: 'number' },
    loud: { type: 'boolean', default: true },
    tone: { type: 'string', enum: ['calm', 'angry'], default: 'angry' },
    level: { enum: [1, 2, 3] },
    nickname: { type: ['string', 'null'] },
    tags: { type: 'array', items: { type: 'string' } },
    either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
  required: ['text', 'count'],
};

describe('formFieldsFromSchema', () => {
  it('maps each property to a control by type, enum first, anything else to JSON', () => {
    const fields = formFieldsFromSchema(schema);
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['text', 'string', true],
      ['count', 'number', true],
      ['ratio', 'number', false],
      ['loud', 'boolean', false],
      ['tone', 'enum', false],
      ['level', 'enum', false],
      ['nickname', 'string', false],
      ['tags', 'json', false],
      ['either', 'json', false],
    ]);
    expect(fields[0]?.description).toBe('What to echo');
    expect(fields[1]).toMatchObject({ kind: 'number', integer: true });
    expect(fields[2]).toMatchObject({ kind: 'number', integer: false });
    expect(fields[5]).toMatchObject({ options: [1, 2, 3] });
  });

  it('returns no fields for a schema without properties or a non-object', () => {
    expect(formFieldsFromSchema({ type: 'object' })).toEqual([]);
    expect(formFieldsFromSchema(null)).toEqual([]);
    expect(formFieldsFromSchema('nope')).toEqual([]);
  });
});

describe('initialFormValues', () => {
  it('starts from defaults that fit the control', () => {
    const fields = formFieldsFromSchema(schema);
    expect(initialFormValues(schema, fields)).toEqual({
      text: '',
      count: '2',
      ratio: '',
      loud: true,
      tone: '1',
      level: '',
      nickname: '',
      tags: '',
      either: '',
    });
  });
});

describe('argumentsFromForm', () => {
  const fields = formFieldsFromSchema(schema);

  it('converts values to typed arguments and leaves empty optional fields out', () => {
    const outcome = argumentsFromForm(fields, {
      text: 'today is a great day',
      count: '3',
      ratio: '',
      loud: false,
      tone: '0',
      level: '2',
      nickname: '',
      tags: '["a","b"]',
      either: '',
    });
    expect(outcome).toEqual({
      ok: true,
      arguments: {
        text: 'today is a great day',
        count: 3,
        loud: false,
        tone: 'calm',
        level: 3,
        tags: ['a', 'b'],
      },
    });
  });

  it('names every field that is missing or malformed and returns no arguments', () => {
    const outcome = argumentsFromForm(fields, {
      text: '',
      count: '1.5',
      ratio: 'abc',
      loud: false,
      tone: '7',
      tags: '[oops',
    });
    expect(outcome).toEqual({
      ok: false,
      errors: {
        count: 'count must be an integer.',
        ratio: 'ratio must be a number.',
        tone: 'tone must be one of the listed values.',
        tags: 'tags is not valid JSON.',
      },
    });
  });

  it('sends an empty required string as typed and reports an empty required number', () => {
    const required = formFieldsFromSchema({
      properties: { s: { type: 'string' }, n: { type: 'number' } },
      required: ['s', 'n'],
    });
    expect(argumentsFromForm(required, { s: '', n: '' })).toEqual({
      ok: false,
      errors: { n: 'n is required.' },
    });
    expect(argumentsFromForm(required, { s: '', n: '0' })).toEqual({
      ok: true,
      arguments: { s: '', n: 0 },
    });
  });
});
