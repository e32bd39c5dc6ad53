/**
 * FollowTheMoney JSON lines, read line by line: an entity file (OpenSanctions'
 * `entities.ftm.json`, one `{id, caption, schema, properties, …}` per line) or a delta file
 * (`{"op": "ADD"|"MOD"|"DEL", "entity": {…}}` per line, a DEL carrying only the id). Each line is
 * checked as it is read; a malformed one refuses the file, naming its line number.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { SanadError } from '../../core/errors.js';

/** An FtM entity as OpenSanctions writes it; only the fields sanad reads. */
export interface FtmEntity {
  id: string;
  schema: string;
  caption?: string;
  properties: Record<string, string[]>;
  datasets?: string[];
  target?: boolean;
  last_change?: string;
}

export type FtmOp = 'ADD' | 'MOD' | 'DEL';

export interface FtmChange {
  op: FtmOp;
  /** For a DEL, only `id` is meaningful. */
  entity: FtmEntity;
  /** 1-based line number in the file, for messages. */
  line: number;
}

export interface FtmFile {
  /** `entities`: a whole list; `delta`: changes to apply on top of the list's active version. */
  kind: 'entities' | 'delta';
  changes: FtmChange[];
}

const OPS: readonly string[] = ['ADD', 'MOD', 'DEL'];

export async function readFtmFile(
  path: string,
  options: { what?: string; maxRecords?: number } = {},
): Promise<FtmFile> {
  const what = options.what ?? path;
  const maxRecords = options.maxRecords ?? 200_000;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let kind: FtmFile['kind'] | undefined;
  const changes: FtmChange[] = [];
  let n = 0;
  for await (const raw of lines) {
    n++;
    const text = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    const fail = (why: string) =>
      new SanadError('invalid_list', `${what} line ${n}: ${why}; nothing was imported`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw fail(`not valid JSON (${(error as Error).message})`);
    }
    if (!isObject(value)) throw fail('not a JSON object');
    const isDelta = 'op' in value;
    kind ??= isDelta ? 'delta' : 'entities';
    if (isDelta !== (kind === 'delta'))
      throw fail(
        kind === 'delta'
          ? 'an entity without "op" in a delta file'
          : 'a delta line ("op") in an entity file',
      );
    if (changes.length >= maxRecords)
      throw new SanadError('too_large', `${what} has more than ${maxRecords} records`);
    changes.push(
      isDelta ? deltaLine(value, fail, n) : { op: 'ADD', entity: entityOf(value, fail), line: n },
    );
  }
  if (kind === undefined) throw new SanadError('invalid_list', `${what} holds no FtM entities`);
  return { kind, changes };
}

function deltaLine(
  value: Record<string, unknown>,
  fail: (why: string) => SanadError,
  line: number,
): FtmChange {
  const op = value.op;
  if (typeof op !== 'string' || !OPS.includes(op))
    throw fail(`"op" must be ADD, MOD or DEL, not ${JSON.stringify(op)}`);
  if (!isObject(value.entity)) throw fail('"entity" is not a JSON object');
  if (op === 'DEL') {
    const id = value.entity.id;
    if (typeof id !== 'string' || id === '') throw fail('a DEL without an entity id');
    return { op, entity: { id, schema: '', properties: {} }, line };
  }
  return { op: op as FtmOp, entity: entityOf(value.entity, fail), line };
}

function entityOf(value: Record<string, unknown>, fail: (why: string) => SanadError): FtmEntity {
  const { id, schema, properties } = value;
  if (typeof id !== 'string' || id === '') throw fail('an entity without an "id"');
  if (typeof schema !== 'string' || schema === '') throw fail(`entity ${id} has no "schema"`);
  if (!isObject(properties)) throw fail(`entity ${id} has no "properties" object`);
  const props: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(properties)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string'))
      throw fail(`entity ${id}: property "${key}" is not a list of strings`);
    props[key] = values as string[];
  }
  const entity: FtmEntity = { id, schema, properties: props };
  if (typeof value.caption === 'string') entity.caption = value.caption;
  if (Array.isArray(value.datasets))
    entity.datasets = value.datasets.filter((d): d is string => typeof d === 'string');
  if (typeof value.target === 'boolean') entity.target = value.target;
  if (typeof value.last_change === 'string') entity.last_change = value.last_change;
  return entity;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
