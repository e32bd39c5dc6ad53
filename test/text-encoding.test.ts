/**
 * Encoding detection on real bytes: names encoded the way Excel saves them in Windows-1256,
 * Windows-1252 and ISO-8859-6 (test/helpers/encode.ts), UTF-8 with and without damage, and
 * the old OFSI consolidated list, which HM Treasury published in Windows-1252.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openInputFile, openTextBytes } from '../src/core/input-file.js';
import { SanadError } from '../src/core/errors.js';
import {
  bomEncoding,
  createDecoder,
  guessEncoding,
  resolveEncoding,
} from '../src/core/text-encoding.js';
import { encodeIn } from './helpers/encode.js';

const ARABIC = 'id,name\n1,محمد علي\n2,عبد الله بن سعيد\n3,فاطمة الزهراء\n4,يوسف القرضاوي\n';
const FRENCH = 'id,name\n1,François Lefèvre\n2,Élodie Müller\n3,José Gómez\n4,Ñuño Peña\n';
const OFSI = '/work/shared/data/uk_sanctions/ofsi_ConList_2020-04-27.csv';

describe('resolveEncoding', () => {
  it.each([
    ['cp1256', 'windows-1256'],
    ['Windows-1256', 'windows-1256'],
    ['arabic', 'iso-8859-6'],
    ['latin1', 'windows-1252'],
    [' UTF8 ', 'utf-8'],
  ])('reads the label %s as %s', (label, name) => {
    expect(resolveEncoding(label)).toBe(name);
  });

  it('refuses an unknown label, naming it', () => {
    expect(() => resolveEncoding('klingon')).toThrow(SanadError);
    expect(() => resolveEncoding('klingon')).toThrow(/unknown encoding "klingon"/);
  });
});

describe('bomEncoding', () => {
  it('tells UTF-8, UTF-16LE and UTF-16BE by their marks, and nothing else', () => {
    expect(bomEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toEqual({
      name: 'utf-8',
      length: 3,
    });
    expect(bomEncoding(Buffer.from([0xff, 0xfe, 0x41, 0]))).toEqual({
      name: 'utf-16le',
      length: 2,
    });
    expect(bomEncoding(Buffer.from([0xfe, 0xff, 0, 0x41]))).toEqual({
      name: 'utf-16be',
      length: 2,
    });
    expect(bomEncoding(Buffer.from('id,name'))).toBeUndefined();
  });
});

describe('guessEncoding', () => {
  it.each([
    ['Arabic names in Windows-1256', 'windows-1256', ARABIC],
    ['Arabic names in ISO-8859-6', 'iso-8859-6', ARABIC],
    ['French and Spanish names in Windows-1252', 'windows-1252', FRENCH],
    ['one Arabic name in ISO-8859-6', 'iso-8859-6', 'id,name\n1,علي\n'],
    ['one Persian name in Windows-1256', 'windows-1256', 'id,name\n1,گلشيفته فراهاني\n'],
  ])('%s', (_, encoding, text) => {
    const bytes = encodeIn(encoding, text);
    expect(guessEncoding(bytes, true)).toEqual({ name: encoding, how: 'guess' });
    expect(createDecoder(encoding).decode(bytes)).toBe(text);
  });

  it('takes French that reads the same in 1252 and 1256 as Windows-1252', () => {
    const bytes = encodeIn('windows-1256', 'name\nHélène Dupré\n');
    expect(guessEncoding(bytes, true).name).toBe('windows-1252');
  });

  it('takes well-formed UTF-8 as UTF-8', () => {
    expect(guessEncoding(Buffer.from(ARABIC + FRENCH), true)).toEqual({
      name: 'utf-8',
      how: 'utf-8',
    });
  });

  it('does not hold a sequence cut at the end of a partial sample against UTF-8', () => {
    const cut = Buffer.from('name\nمحمد').subarray(0, -1);
    expect(guessEncoding(cut, false).name).toBe('utf-8');
  });

  it('keeps UTF-8 with a few damaged bytes as UTF-8, so that the damage is flagged', () => {
    const bytes = Buffer.concat([
      Buffer.from(ARABIC),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from(' x\n'),
    ]);
    expect(guessEncoding(bytes, true).name).toBe('utf-8');
  });

  it('takes stray bytes that read as no language as damaged UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from('id,name\nr1,Ab'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('del\n'),
    ]);
    expect(guessEncoding(bytes, true)).toEqual({ name: 'utf-8', how: 'utf-8' });
  });
});

describe('createDecoder', () => {
  it('decodes Windows-1252 punctuation on every Node version (nodejs/node#56542)', () => {
    expect(createDecoder('windows-1252').decode(Buffer.from([0x92, 0x80, 0x93, 0x94]))).toBe(
      '’€“”',
    );
  });

  it('marks bytes a code page leaves undefined as U+FFFD', () => {
    expect(createDecoder('windows-1252').decode(Buffer.from([0x41, 0x81, 0x42]))).toBe('A\uFFFDB');
    expect(createDecoder('iso-8859-6').decode(Buffer.from([0xc7, 0xa1, 0xf5, 0x85]))).toBe(
      'ا\uFFFD\uFFFD\uFFFD',
    );
  });

  it('decodes a stream with a sequence cut between chunks', () => {
    const bytes = Buffer.from('محمد');
    const decoder = createDecoder('utf-8');
    const text =
      decoder.decode(bytes.subarray(0, 3), { stream: true }) + decoder.decode(bytes.subarray(3));
    expect(text).toBe('محمد');
  });
});

describe('the OFSI consolidated list of 2020 (Windows-1252)', () => {
  it('is detected as Windows-1252 and decodes without a replacement character', async () => {
    const input = await openInputFile(OFSI, 'csv');
    expect(input.encoding).toEqual({ name: 'windows-1252', how: 'guess' });
    const chunks: Buffer[] = [];
    for await (const chunk of openTextBytes(OFSI, 'windows-1252')) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).not.toContain('\uFFFD');
    expect(text).toContain('so-called ’2nd Army Corps’ of the ‘Lugansk People´s Republic');
    expect(text.split('\r\n').filter((l) => l !== '')).toHaveLength(9494);
  });

  it('is a regular file the test can read (the data must be present)', () => {
    expect(fs.statSync(OFSI).size).toBe(3_855_148);
  });
});
