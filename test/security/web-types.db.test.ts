/**
 * Issue 12 item 15: the web client's types are generated from the OpenAPI document
 * (scripts/gen-web-types.mjs), and web/src/api-types.ts is what the routes declare today.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument, toTypeScript, typeOf, TYPES_FILE } from '../../scripts/gen-web-types.mjs';

describe('web client types', () => {
  it('are up to date with the routes (npm run gen:web-types)', async () => {
    const generated = await toTypeScript(await openApiDocument());
    expect(generated).toContain("'GET /alerts/{id}'");
    expect(fs.readFileSync(TYPES_FILE, 'utf8')).toBe(generated);
  });

  it('turn the JSON Schema of zod schemas into TypeScript', () => {
    expect(typeOf({ type: 'string', nullable: true })).toBe('string | null');
    expect(typeOf({ anyOf: [{ type: 'integer' }, { type: 'string' }], nullable: true })).toBe(
      '(number) | (string) | null',
    );
    expect(typeOf({ enum: ['admin', 'client'] })).toBe('"admin" | "client"');
    expect(typeOf({ type: 'array', items: { type: 'boolean' } })).toBe('Array<boolean>');
    expect(
      typeOf({
        type: 'object',
        additionalProperties: { type: 'array', items: { type: 'string' } },
      }),
    ).toBe('Record<string, Array<string>>');
    expect(
      typeOf({
        type: 'object',
        properties: { id: { type: 'string' }, 'x-y': { type: 'number' } },
        required: ['id'],
        additionalProperties: {},
      }),
    ).toBe('{\nid: string;\n"x-y"?: number;\n[key: string]: unknown;\n}');
    expect(typeOf({})).toBe('unknown');
    expect(typeOf({ anyOf: [{ type: 'string' }, {}] })).toBe('unknown');
  });
});
