import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { withCachedJsonSchema } from '../src/cached-json-schema.ts';

describe('withCachedJsonSchema', () => {
  it('converts once per options and returns the same JSON Schema', () => {
    const schema = z.object({ message: z.string().min(1) });
    let conversions = 0;
    const original = schema['~standard'].jsonSchema.input;
    const counted = Object.assign(Object.create(schema) as typeof schema, {
      '~standard': {
        ...schema['~standard'],
        jsonSchema: {
          ...schema['~standard'].jsonSchema,
          input: (options: Parameters<typeof original>[0]) => {
            conversions++;
            return original(options);
          },
        },
      },
    });
    const cached = withCachedJsonSchema(counted);
    const first = cached['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
    const second = cached['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
    expect(second).toBe(first);
    expect(first).toMatchObject({ type: 'object', required: ['message'] });
    expect(conversions).toBe(1);
    cached['~standard'].jsonSchema.input({ target: 'draft-07' });
    expect(conversions).toBe(2);
  });

  it('wraps a schema once and validates exactly like it', async () => {
    const schema = z.object({ message: z.string().trim().min(1) });
    const cached = withCachedJsonSchema(schema);
    expect(withCachedJsonSchema(schema)).toBe(cached);
    expect(await cached['~standard'].validate({ message: '  hi ' })).toEqual({
      value: { message: 'hi' },
    });
    const bad = await cached['~standard'].validate({ message: '' });
    expect('issues' in bad && bad.issues?.length).toBeGreaterThan(0);
    expect(cached['~standard'].vendor).toBe('zod');
  });
});
