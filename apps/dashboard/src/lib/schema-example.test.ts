import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { exampleFromSchema } from './schema-example.ts';

// the server's validator (apps/server/src/services/payload-schemas.ts): what a publish is checked with
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => unknown;
function validate(schema: Record<string, unknown>, value: unknown) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const check = ajv.compile(schema);
  check(value);
  return check.errors ?? [];
}

const schemas: Record<string, Record<string, unknown>> = {
  'invoice.paid': {
    type: 'object',
    required: ['invoiceId', 'amountCents', 'currency', 'paidAt'],
    properties: {
      invoiceId: { type: 'string', pattern: '^inv_', examples: ['inv_1001'] },
      amountCents: { type: 'integer', minimum: 1 },
      currency: { type: 'string', enum: ['EUR', 'USD'] },
      paidAt: { type: 'string', format: 'date-time' },
      customer: {
        type: 'object',
        required: ['email'],
        properties: { email: { type: 'string', format: 'email' }, name: { type: 'string', minLength: 3 } },
      },
      lines: { type: 'array', minItems: 2, items: { $ref: '#/$defs/line' } },
    },
    additionalProperties: false,
    $defs: {
      line: {
        type: 'object',
        required: ['sku', 'qty'],
        properties: {
          sku: { type: 'string', maxLength: 4 },
          qty: { type: 'integer', exclusiveMinimum: 0, multipleOf: 2 },
        },
      },
    },
  },
  'choice.made': {
    type: 'object',
    required: ['kind'],
    properties: {
      kind: { const: 'a' },
      detail: { oneOf: [{ type: 'number', maximum: 0.5 }, { type: 'string' }] },
      tags: { type: ['array', 'null'], items: { type: 'string' } },
    },
  },
};

describe('exampleFromSchema', () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`builds a payload that satisfies ${name}`, () => {
      const value = exampleFromSchema(schema);
      expect(validate(schema, value)).toEqual([]);
    });
  }

  it('uses the schema’s own examples, then formats and bounds', () => {
    const v = exampleFromSchema(schemas['invoice.paid']) as Record<string, unknown>;
    expect(v.invoiceId).toBe('inv_1001');
    expect(v.currency).toBe('EUR');
    expect(v.paidAt).toBe('2026-01-01T12:00:00Z');
    expect(v.lines).toHaveLength(2);
  });

  it('answers {} without a schema', () => {
    expect(exampleFromSchema(null)).toEqual({});
  });
});
