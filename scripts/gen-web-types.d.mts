/** Types of scripts/gen-web-types.mjs, for the test that checks web/src/api-types.ts. */
export const TYPES_FILE: string;
export function typeOf(schema: unknown): string;
export function toTypeScript(doc: unknown): Promise<string>;
export function openApiDocument(): Promise<unknown>;
