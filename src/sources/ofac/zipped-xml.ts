/**
 * OFAC also publishes its XML zipped (SDN_XML.ZIP, SDN_ADVANCED.ZIP). The XML inside is copied
 * to a temporary file and read as any XML file is: the readers stream from a path, and this keeps
 * one way of reading each format. The copy is bounded, and removed whatever happens.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { SanadError } from '../../core/errors.js';

/** SDN_ADVANCED.XML is about 100 MB today; far beyond that is not an OFAC file. */
const MAX_XML_BYTES = 2 * 1024 * 1024 * 1024;

/** The one XML file among a zip's entries, or undefined when it holds none or several. */
export function zippedXmlEntry(entries: readonly string[]): string | undefined {
  const xml = entries.filter((e) => /\.xml$/i.test(e) && !e.endsWith('/'));
  return xml.length === 1 ? xml[0] : undefined;
}

export async function withUnzippedXml<T>(
  zipPath: string,
  what: string,
  entryName: string,
  read: (xmlPath: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sanad-ofac-'));
  const zip = await yauzl.openPromise(zipPath, {
    lazyEntries: true,
    autoClose: false,
    validateEntrySizes: true,
    strictFileNames: false,
  });
  try {
    let found: yauzl.Entry | undefined;
    for await (const entry of zip.eachEntry()) if (entry.fileName === entryName) found = entry;
    if (found === undefined) throw new SanadError('invalid_list', `${what}: no ${entryName}`);
    if (found.uncompressedSize > MAX_XML_BYTES)
      throw new SanadError('too_large', `${what}: ${entryName} expands to more than 2 GB`);
    const target = path.join(dir, path.basename(entryName));
    await pipeline(await zip.openReadStreamPromise(found), createWriteStream(target));
    return await read(target);
  } finally {
    zip.close();
    await rm(dir, { recursive: true, force: true });
  }
}
