/**
 * What a list file is, from its first bytes and (for a zip) its entry names, without reading it
 * whole: a source picks its reader from this, and a file of the wrong kind is refused saying
 * what was found (`an XML document rooted at <CONSOLIDATED_LIST>`) beside what was expected.
 */
import { open, readdir, stat } from 'node:fs/promises';
import yauzl from 'yauzl';
import { SanadError } from '../core/errors.js';

export type Sniffed =
  | { kind: 'directory'; files: string[] }
  | { kind: 'zip'; entries: string[] }
  | { kind: 'xml'; root: string; namespace: string }
  | { kind: 'json'; firstKeys: string[] }
  | { kind: 'text'; firstLine: string }
  | { kind: 'binary' }
  | { kind: 'empty' };

const HEAD_BYTES = 64 * 1024;

/** `what` names the file in messages (an upload's own name, never its temporary path). */
export async function sniff(path: string, what: string = path): Promise<Sniffed> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new SanadError(
      error.code === 'ENOENT' ? 'not_found' : 'invalid_input',
      `${what}: ${error.code === 'ENOENT' ? 'no such file or directory' : 'cannot be read'}`,
    );
  });
  if (info.isDirectory()) return { kind: 'directory', files: (await readdir(path)).sort() };
  if (info.size === 0) return { kind: 'empty' };
  const head = await readHead(path);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04)
    return { kind: 'zip', entries: await zipEntries(path, what) };
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    const root = /<(?!\?|!)([\w.-]+:)?([\w.-]+)([^>]*)>/.exec(
      trimmed.replace(/<!--[\s\S]*?-->/g, ''),
    );
    if (root) {
      const prefix = root[1]?.slice(0, -1);
      const ns = new RegExp(`xmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*["']([^"']*)["']`).exec(
        root[3] ?? '',
      );
      return { kind: 'xml', root: root[2]!, namespace: ns?.[1] ?? '' };
    }
  }
  if (trimmed.startsWith('{')) {
    const line = trimmed.split('\n', 1)[0]!;
    const keys = [...line.matchAll(/"([^"\\]{1,40})"\s*:/g)].slice(0, 12).map((m) => m[1]!);
    return { kind: 'json', firstKeys: [...new Set(keys)] };
  }
  if (head.subarray(0, 4096).includes(0)) return { kind: 'binary' };
  return { kind: 'text', firstLine: text.split(/\r?\n/, 1)[0]!.slice(0, 200) };
}

/** In words, for "expected …, found …" messages. */
export function describeSniffed(s: Sniffed): string {
  switch (s.kind) {
    case 'directory':
      return `a directory holding ${s.files.length === 0 ? 'no files' : s.files.slice(0, 8).join(', ')}`;
    case 'zip':
      return `a zip archive holding ${s.entries.slice(0, 8).join(', ') || 'nothing'}`;
    case 'xml':
      return `an XML document rooted at <${s.root}>${s.namespace ? ` in namespace ${s.namespace}` : ''}`;
    case 'json':
      return `JSON whose first record has the keys ${s.firstKeys.join(', ') || '(none)'}`;
    case 'text':
      return `text beginning "${s.firstLine.slice(0, 60)}"`;
    case 'binary':
      return 'a binary file';
    case 'empty':
      return 'an empty file';
  }
}

/** The wrong-format refusal every source gives. */
export function wrongFormat(what: string, expected: string, found: Sniffed): SanadError {
  return new SanadError(
    'invalid_list',
    `${what}: expected ${expected}; found ${describeSniffed(found)}`,
  );
}

/**
 * Runs a reader, naming the file and the list in any input error it throws that does not name
 * the file already: `list.xml is not a valid UN list: …`.
 */
export async function readingAs<T>(what: string, list: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SanadError && !error.message.startsWith(what))
      throw new SanadError(error.code, `${what} is not a valid ${list}: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function zipEntries(path: string, what: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, zip) => {
      if (err || !zip) {
        reject(new SanadError('invalid_list', `${what}: not a readable zip archive`));
        return;
      }
      const names: string[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        if (names.length >= 10_000) {
          zip.close();
          resolve(names);
        } else zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('error', () =>
        reject(new SanadError('invalid_list', `${what}: not a readable zip archive`)),
      );
      zip.readEntry();
    });
  });
}
