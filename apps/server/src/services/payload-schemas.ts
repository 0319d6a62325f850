import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { EventTypeRow } from '../db/event-types.ts';
import type { FieldError } from '../errors.ts';

// ajv-formats is CommonJS with a default export
const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2019 | Ajv2020) => unknown;

/** Compiles event types' JSON Schemas once per version and checks payloads against them. */
export interface PayloadValidator {
  /** Field errors of `payload`, paths rooted at "payload"; empty when it conforms. */
  check(type: EventTypeRow, payload: unknown): FieldError[];
  /** Throws a message when `schema` is not a usable JSON Schema. */
  assertUsable(schema: Record<string, unknown>): void;
}

const unescapePointer = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/**
 * A fresh Ajv per schema: one shared instance keeps every schema it compiled under its $id, so
 * replacing a schema that has an $id (or two types sharing one) would fail with "already exists".
 */
function compile(schema: Record<string, unknown>): ValidateFunction {
  // the dialect named by $schema: 2020-12, 2019-09, or draft-07 (the default, as before)
  const dialect = String(schema.$schema ?? '');
  const options = { allErrors: true, strict: false };
  const ajv = dialect.includes('2020-12')
    ? new Ajv2020(options)
    : dialect.includes('2019-09')
      ? new Ajv2019(options)
      : new Ajv(options);
  addFormats(ajv);
  return ajv.compile(schema);
}

export function createPayloadValidator(): PayloadValidator {
  const cache = new Map<string, { version: number; validate: ValidateFunction }>();

  function compiled(type: EventTypeRow): ValidateFunction | null {
    if (!type.schema) return null;
    const version = type.updated_at.getTime();
    const hit = cache.get(type.name);
    if (hit && hit.version === version) return hit.validate;
    const validate = compile(type.schema);
    cache.set(type.name, { version, validate });
    return validate;
  }

  return {
    check(type, payload) {
      const validate = compiled(type);
      if (!validate || validate(payload)) return [];
      return (validate.errors ?? []).map((e) => {
        const path = ['payload', ...e.instancePath.split('/').filter(Boolean).map(unescapePointer)];
        // a missing property is reported on its parent object; name the property itself
        const missing = (e.params as { missingProperty?: unknown }).missingProperty;
        if (typeof missing === 'string') path.push(missing);
        return { path: path.join('.'), message: e.message ?? 'is invalid' };
      });
    },
    assertUsable(schema) {
      compile(schema);
    },
  };
}
