/**
 * The web client's types, generated from the server's OpenAPI document: what each route answers
 * (its 2xx response schema) and the JSON body it takes, written to web/src/api-types.ts.
 *
 *   npm run gen:web-types      writes the file
 *   npm run check:web-types    fails if the file is not what the routes declare
 *
 * The document is built in process (a server on an empty in-memory store, never listening). The
 * converter covers the JSON Schema that sanad's zod schemas produce (objects, arrays, anyOf,
 * enums, nullable, additionalProperties); anything else becomes `unknown`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as prettier from 'prettier';

const ROOT = path.resolve(import.meta.dirname, '..');
export const TYPES_FILE = path.join(ROOT, 'web/src/api-types.ts');

const HEADER = `/**
 * The HTTP API's answers and JSON bodies, generated from /openapi.json by
 * scripts/gen-web-types.mjs (\`npm run gen:web-types\`): do not edit. \`npm run check:web-types\`
 * fails when the routes declare something else.
 */
`;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));

function comment(text) {
  return text ? `/** ${String(text).replace(/\*\//g, '* /')} */\n` : '';
}

/** The TypeScript type of one JSON Schema (OpenAPI 3.0 dialect). */
export function typeOf(schema) {
  const t = baseType(schema ?? {});
  return schema?.nullable && t !== 'unknown' ? `${t} | null` : t;
}

function union(parts) {
  const unique = [...new Set(parts)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 1 ? unique[0] : unique.map((p) => `(${p})`).join(' | ');
}

function baseType(s) {
  if (s.anyOf || s.oneOf) return union((s.anyOf ?? s.oneOf).map(typeOf));
  if (s.allOf) return s.allOf.map((p) => `(${typeOf(p)})`).join(' & ');
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.type)) return union(s.type.map((type) => typeOf({ ...s, type })));
  switch (s.type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return `Array<${typeOf(s.items)}>`;
    case 'object':
      return objectType(s);
    default:
      return s.properties ? objectType(s) : 'unknown';
  }
}

function objectType(s) {
  const required = new Set(s.required ?? []);
  const props = Object.entries(s.properties ?? {}).map(
    ([name, p]) =>
      `${comment(p.description)}${key(name)}${required.has(name) ? '' : '?'}: ${typeOf(p)};`,
  );
  const extra = s.additionalProperties;
  if (extra !== false && extra !== undefined) {
    const value = extra === true ? 'unknown' : typeOf(extra);
    if (props.length === 0) return `Record<string, ${value}>`;
    // Declared fields must fit the index signature: any other field is unknown.
    props.push('[key: string]: unknown;');
  }
  if (props.length === 0)
    return extra === false ? 'Record<string, never>' : 'Record<string, unknown>';
  return `{\n${props.join('\n')}\n}`;
}

/** The JSON schema of an operation's 2xx answers (or of its body), one type for all of them. */
function answerType(op) {
  const types = Object.entries(op.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .map(([, r]) => r.content?.['application/json']?.schema)
    .filter(Boolean)
    .map(typeOf);
  return types.length > 0 ? union(types) : undefined;
}

/** web/src/api-types.ts for an OpenAPI document, formatted as the repository formats code. */
export async function toTypeScript(doc) {
  const answers = [];
  const bodies = [];
  for (const [url, item] of Object.entries(doc.paths ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)))
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const name = JSON.stringify(`${method.toUpperCase()} ${url}`);
      const answer = answerType(op);
      if (answer) answers.push(`${comment(op.summary)}${name}: ${answer};`);
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) bodies.push(`${comment(op.summary)}${name}: ${typeOf(body)};`);
    }
  const source = `${HEADER}
/** What each route answers (its 2xx JSON), by "METHOD /path". */
export interface ApiAnswers {
${answers.join('\n')}
}

/** The JSON body each route takes, by "METHOD /path". */
export interface ApiBodies {
${bodies.join('\n')}
}
`;
  const options = (await prettier.resolveConfig(TYPES_FILE)) ?? {};
  return prettier.format(source, { ...options, parser: 'typescript' });
}

/** The OpenAPI document of a server built on an empty in-memory store. */
export async function openApiDocument() {
  const { buildServer } = await import('../src/http/server.js');
  const { Store } = await import('../src/store/store.js');
  const store = await Store.openSqlite(':memory:');
  const { app, close } = await buildServer(store);
  try {
    return app.swagger();
  } finally {
    await close();
    await store.close();
  }
}

async function main() {
  const generated = await toTypeScript(await openApiDocument());
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(TYPES_FILE) ? fs.readFileSync(TYPES_FILE, 'utf8') : '';
    if (current !== generated) {
      process.stderr.write(
        `${path.relative(ROOT, TYPES_FILE)} is out of date: run npm run gen:web-types\n`,
      );
      process.exit(1);
    }
    process.stderr.write(`${path.relative(ROOT, TYPES_FILE)} is up to date\n`);
    return;
  }
  fs.writeFileSync(TYPES_FILE, generated);
  process.stderr.write(`wrote ${path.relative(ROOT, TYPES_FILE)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  main().catch((e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  });
