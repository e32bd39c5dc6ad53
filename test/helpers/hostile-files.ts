/**
 * Hostile upload files, written in the test (and in bench/hostile-uploads.ts at full size):
 * an XLSX whose shared strings are a highly compressible repetition that inflates to far more
 * than the file's size, and a CSV whose header line holds millions of columns. Parts are
 * deflated as a stream, so a file that expands to gigabytes is written without holding them.
 */
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** A part's text: a head, `count` times `unit`, a tail. */
export interface Repeated {
  head: string;
  unit: string;
  count: number;
  tail: string;
}

export interface ZipPart {
  name: string;
  data: string | Repeated;
}

export interface BombSpec {
  /** One shared string's text, repeated as `count` strings. */
  text: string;
  count: number;
  /** Sheet rows, each a cell pointing at shared string 0 (default 1). */
  rows?: number;
  /** Cells per row (default 1). */
  cells?: number;
}

/** An XLSX whose shared-string table is `count` copies of `text`. */
export async function writeSharedStringBomb(file: string, spec: BombSpec): Promise<void> {
  const cells = '<c t="s"><v>0</v></c>'.repeat(spec.cells ?? 1);
  const sheet: Repeated = {
    head: `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>`,
    unit: `<row>${cells}</row>`,
    count: spec.rows ?? 1,
    tail: '</sheetData></worksheet>',
  };
  const strings: Repeated = {
    head: `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${spec.count}">`,
    unit: `<si><t>${spec.text}</t></si>`,
    count: spec.count,
    tail: '</sst>',
  };
  await writeZip(file, [
    ...skeleton(),
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    { name: 'xl/sharedStrings.xml', data: strings },
  ]);
}

function skeleton(): ZipPart[] {
  return [
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    },
  ];
}

/** A CSV whose header has `columns` columns (`a,a,a,…`), then one data row. */
export async function writeWideCsv(file: string, columns: number): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    const block = Buffer.from('a,'.repeat(1024 * 1024));
    let left = columns - 1;
    while (left > 0) {
      const n = Math.min(left, 1024 * 1024);
      await handle.write(n === 1024 * 1024 ? block : block.subarray(0, 2 * n));
      left -= n;
    }
    await handle.write('name\nAli\n');
  } finally {
    await handle.close();
  }
}

function* chunks(data: string | Repeated): Generator<Buffer> {
  if (typeof data === 'string') {
    yield Buffer.from(data);
    return;
  }
  yield Buffer.from(data.head);
  const perBlock = Math.max(1, Math.floor((1024 * 1024) / data.unit.length));
  const block = Buffer.from(data.unit.repeat(perBlock));
  let left = data.count;
  while (left > 0) {
    const n = Math.min(left, perBlock);
    yield n === perBlock ? block : Buffer.from(data.unit.repeat(n));
    left -= n;
  }
  yield Buffer.from(data.tail);
}

/**
 * A zip of deflated parts with data descriptors (sizes and CRC after the data, as streaming
 * writers do); the central directory declares the true sizes. Sizes must stay under 4 GiB.
 */
export async function writeZip(file: string, parts: ZipPart[]): Promise<void> {
  const handle = await fs.open(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  const write = async (b: Buffer) => {
    await handle.write(b);
    offset += b.length;
  };
  try {
    for (const part of parts) {
      const start = offset;
      const name = Buffer.from(part.name);
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x808, 6);
      local.writeUInt16LE(8, 8);
      local.writeUInt16LE(name.length, 26);
      await write(Buffer.concat([local, name]));
      let crc = 0;
      let size = 0;
      let compressed = 0;
      const source = Readable.from(
        (function* () {
          for (const b of chunks(part.data)) {
            crc = zlib.crc32(b, crc);
            size += b.length;
            yield b;
          }
        })(),
      );
      await pipeline(source, zlib.createDeflateRaw({ level: 9 }), async (out) => {
        for await (const c of out as AsyncIterable<Buffer>) {
          compressed += c.length;
          await write(c);
        }
      });
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressed, 8);
      descriptor.writeUInt32LE(size, 12);
      await write(descriptor);
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(0x808, 8);
      c.writeUInt16LE(8, 10);
      c.writeUInt32LE(crc, 16);
      c.writeUInt32LE(compressed, 20);
      c.writeUInt32LE(size, 24);
      c.writeUInt16LE(name.length, 28);
      c.writeUInt32LE(start, 42);
      central.push(c, name);
    }
    const directory = Buffer.concat(central);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(parts.length, 8);
    end.writeUInt16LE(parts.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    await write(Buffer.concat([directory, end]));
  } finally {
    await handle.close();
  }
}
