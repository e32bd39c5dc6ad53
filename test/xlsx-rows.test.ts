/**
 * The XLSX reader on workbooks written by exceljs (as Excel-like writers lay them out), on
 * workbooks assembled here part by part (for what exceljs does not write: phonetic runs, the
 * 1900 leap-year serials, prefixed elements, data descriptors, hostile sizes), and on OFSI's
 * published ConList.xlsx.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SanadError } from '../src/core/errors.js';
import { isDateFormat } from '../src/sources/xlsx/date-styles.js';
import { xlsxRows, type XlsxLimits, type XlsxRow } from '../src/sources/xlsx/xlsx-rows.js';
import { dataPath } from './helpers/data.js';

const OFSI = dataPath('uk_sanctions', 'ofsi_ConList_2025-04-14.xlsx');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-xlsx-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let files = 0;
function save(data: Buffer, name = `book-${++files}.xlsx`): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

async function rows(file: string, limits: Partial<XlsxLimits> = {}): Promise<XlsxRow[]> {
  const out: XlsxRow[] = [];
  for await (const row of xlsxRows(file, limits)) out.push(row);
  return out;
}

async function failure(file: string, limits: Partial<XlsxLimits> = {}): Promise<SanadError> {
  try {
    await rows(file, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(SanadError);
    return error as SanadError;
  }
  throw new Error(`${file} was read without an error`);
}

async function excel(fill: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return save(Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('xlsxRows on workbooks written by exceljs', () => {
  it('reads text, numbers, booleans, formula results and errors as the cells show them', async () => {
    const file = await excel((wb) => {
      const ws = wb.addWorksheet('people');
      ws.addRow(['name', 'count', 'share', 'active', 'joined', 'check']);
      ws.addRow([
        'أبو بكر البغدادي',
        3,
        0.1 + 0.2,
        true,
        { formula: 'A2&" (Iraq)"', result: 'أبو بكر البغدادي (Iraq)' },
        { error: '#N/A' },
      ]);
      ws.addRow(['Hamid', 1234567, -2.5, false, { formula: '1+1', result: 2 }, '']);
    });
    expect(await rows(file)).toEqual([
      { line: 1, values: ['name', 'count', 'share', 'active', 'joined', 'check'] },
      {
        line: 2,
        values: ['أبو بكر البغدادي', '3', '0.3', 'TRUE', 'أبو بكر البغدادي (Iraq)', '#N/A'],
      },
      { line: 3, values: ['Hamid', '1234567', '-2.5', 'FALSE', '2'] },
    ]);
  });

  it('reads dates as YYYY-MM-DD by built-in and custom formats, and other numbers as numbers', async () => {
    const file = await excel((wb) => {
      const ws = wb.addWorksheet('dates');
      // exceljs writes a Date as a serial with the built-in short date format (id 14).
      ws.getCell('A1').value = new Date(Date.UTC(1980, 0, 2));
      ws.getCell('B1').value = 29221;
      ws.getCell('B1').numFmt = 'dd/mm/yyyy';
      ws.getCell('C1').value = 45396.75; // a date and time
      ws.getCell('C1').numFmt = '[$-409]d-mmm-yy h:mm AM/PM';
      ws.getCell('D1').value = 29221;
      ws.getCell('D1').numFmt = 'yyyy"年"m"月"d"日"';
      ws.getCell('E1').value = 29221;
      ws.getCell('E1').numFmt = '#,##0.00';
      ws.getCell('F1').value = 1.5;
      ws.getCell('F1').numFmt = '[h]:mm:ss';
      ws.getCell('G1').value = 12.5;
      ws.getCell('G1').numFmt = '0 "days"';
      ws.getCell('H1').value = 45396.75; // a time of day alone (built-in 20) shows no date
      ws.getCell('H1').numFmt = 'h:mm';
    });
    expect(await rows(file)).toEqual([
      {
        line: 1,
        values: [
          '1980-01-02',
          '1980-01-01',
          '2024-04-14',
          '1980-01-01',
          '29221',
          '1.5',
          '12.5',
          '45396.75',
        ],
      },
    ]);
  });

  it('keeps cells in their columns across gaps, numbers rows as the sheet does, and skips empty rows', async () => {
    const file = await excel((wb) => {
      const ws = wb.addWorksheet('gaps');
      ws.getCell('A1').value = 'id';
      ws.getCell('B1').value = 'name';
      ws.getCell('D1').value = 'nationality';
      ws.getCell('A2').value = 'X-1';
      ws.getCell('D2').value = 'sy';
      ws.getCell('B4').value = '   '; // blank: skipped
      ws.getCell('C7').value = 'Hamid';
    });
    expect(await rows(file)).toEqual([
      { line: 1, values: ['id', 'name', '', 'nationality'] },
      { line: 2, values: ['X-1', '', '', 'sy'] },
      { line: 7, values: ['', '', 'Hamid'] },
    ]);
  });

  it('joins the runs of rich text', async () => {
    const file = await excel((wb) => {
      wb.addWorksheet('rich').getCell('A1').value = {
        richText: [{ text: 'Abu ' }, { font: { bold: true }, text: 'Bakr' }],
      };
    });
    expect(await rows(file)).toEqual([{ line: 1, values: ['Abu Bakr'] }]);
  });

  it('reads the first visible worksheet in tab order', async () => {
    const file = await excel((wb) => {
      wb.addWorksheet('lookup', { state: 'hidden' }).addRow(['hidden']);
      wb.addWorksheet('records').addRow(['shown']);
      wb.addWorksheet('notes').addRow(['third']);
    });
    expect(await rows(file)).toEqual([{ line: 1, values: ['shown'] }]);
  });

  it('reads the inline strings of exceljs’s streaming writer', async () => {
    const file = path.join(dir, 'inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('s');
    ws.addRow(['مروان صادق', 'X-2']).commit();
    ws.commit();
    await wb.commit();
    expect(await rows(file)).toEqual([{ line: 1, values: ['مروان صادق', 'X-2'] }]);
  });

  it('reads dates in the 1904 date system', async () => {
    const file = await excel((wb) => {
      wb.properties.date1904 = true;
      wb.addWorksheet('mac').getCell('A1').value = new Date(Date.UTC(1980, 0, 2));
    });
    expect(await rows(file)).toEqual([{ line: 1, values: ['1980-01-02'] }]);
  });
});

describe('xlsxRows on workbooks assembled part by part', () => {
  it('counts days as Excel does, 1900-02-29 included, in both date systems', async () => {
    const serials = ['1', '59', '60', '61', '29221', '2958465', '0', '-1', '2958466'];
    const sheet = sheetXml([
      `<row r="1">${serials.map((v) => `<c s="1"><v>${v}</v></c>`).join('')}</row>`,
    ]);
    const styles = stylesXml([0, 14]);
    expect(await rows(save(workbook({ sheet, styles })))).toEqual([
      {
        line: 1,
        values: [
          '1900-01-01',
          '1900-02-28',
          '1900-02-29',
          '1900-03-01',
          '1980-01-01',
          '9999-12-31',
          '0', // Excel's 1900-01-00: a time of day, no date
          '-1',
          '2958466',
        ],
      },
    ]);
    const mac = sheetXml(['<row r="1"><c s="1"><v>0</v></c><c s="1"><v>27759</v></c></row>']);
    expect(await rows(save(workbook({ sheet: mac, styles, date1904: true })))).toEqual([
      { line: 1, values: ['1904-01-01', '1980-01-01'] },
    ]);
  });

  it('tells date formats from others', () => {
    for (const code of ['dd/mm/yyyy', 'd-mmm', 'mmm-yy', 'mmmm', '[$-F800]dddd, mmmm dd, yyyy'])
      expect(isDateFormat(code), code).toBe(true);
    for (const code of ['General', '0.00E+00', '#,##0;[Red]-#,##0', '"d"0', 'h:mm', '[mm]:ss', '@'])
      expect(isDateFormat(code), code).toBe(false);
  });

  it('leaves out phonetic runs and decodes _xHHHH_ escapes in shared and inline strings', async () => {
    const sharedStrings = sstXml([
      '<si><r><t>山田</t></r><r><t xml:space="preserve"> 太郎</t></r><rPh sb="0" eb="2"><t>ヤマダ</t></rPh><phoneticPr fontId="1"/></si>',
      '<si><t>line one_x000D_line two, a literal _x005F_x0041_</t></si>',
    ]);
    const sheet = sheetXml([
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>' +
        '<c r="C1" t="inlineStr"><is><t>Abu</t><rPh><t>x</t></rPh></is></c></row>',
    ]);
    expect(await rows(save(workbook({ sheet, sharedStrings })))).toEqual([
      { line: 1, values: ['山田 太郎', 'line one\rline two, a literal _x0041_', 'Abu'] },
    ]);
  });

  it('finds the parts by their relationships, and reads prefixed elements, unreferenced cells and data descriptors', async () => {
    // As OFSI's generator and the OpenXML SDK write them: another sheet name, an `x:` prefix, a
    // BOM, cells and rows without references, and entries whose sizes follow their data.
    const sheet =
      '\uFEFF<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row><x:c t="inlineStr"><x:is><x:t>a</x:t></x:is></x:c><x:c><x:v>1</x:v></x:c></x:row>' +
      '<x:row><x:c r="C2" t="str"><x:f>1</x:f><x:v>c</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const file = save(workbook({ sheet, sheetPath: 'xl/worksheets/data.xml', descriptors: true }));
    expect(await rows(file)).toEqual([
      { line: 1, values: ['a', '1'] },
      { line: 2, values: ['', '', 'c', '4'] },
    ]);
  });

  it('hands out rows while the sheet is still being read', async () => {
    // Two thousand good rows, then broken XML: the rows before it arrive before the error does.
    const good = Array.from(
      { length: 2000 },
      (_, i) => `<row r="${i + 1}"><c t="inlineStr"><is><t>${'n'.repeat(500)}</t></is></c></row>`,
    );
    const sheet = sheetXml([...good, '<row r="2001"><c><v>1</v></row>']);
    let seen = 0;
    let error: unknown;
    try {
      for await (const row of xlsxRows(save(workbook({ sheet })))) seen = row.line;
    } catch (e) {
      error = e;
    }
    expect(seen).toBeGreaterThan(0);
    expect((error as Error).message).toMatch(
      /xl\/worksheets\/sheet1\.xml\) is not well-formed XML/,
    );
  });

  it('closes the file when the reader stops early, fails or ends', async () => {
    const sheet = sheetXml(
      Array.from({ length: 100 }, (_, i) => `<row r="${i + 1}"><c><v>${i}</v></c></row>`),
    );
    const file = save(workbook({ sheet }));
    const broken = save(workbook({ sheet: sheetXml(['<row r="1"><c t="s"><v>3</v></c></row>']) }));
    // The descriptors this process holds on the workbook (Linux).
    const open = (workbookFile: string) =>
      fs.readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return fs.readlinkSync(`/proc/self/fd/${fd}`) === workbookFile;
        } catch {
          return false; // closed while listing
        }
      }).length;
    for await (const row of xlsxRows(file)) {
      expect(open(file)).toBe(1);
      if (row.line === 3) break;
    }
    expect(open(file)).toBe(0);
    await failure(broken);
    expect(open(broken)).toBe(0);
    expect(await rows(file)).toHaveLength(100);
    expect(open(file)).toBe(0);
  });
});

describe('xlsxRows on the real OFSI Consolidated List', () => {
  it('reads every row of ConList.xlsx, whose entries have data descriptors', async () => {
    const all = await rows(OFSI);
    // PROVENANCE.md: row 1 is Last Updated, row 2 the header, rows 3–18,800 the data.
    expect(all).toHaveLength(18_800);
    expect(all[0]).toEqual({ line: 1, values: ['Last Updated', '14/04/2025'] });
    expect(all[1]!.values).toHaveLength(36);
    expect(all[1]!.values.slice(0, 3)).toEqual(['Name 6', 'Name 1', 'Name 2']);
    expect(all.at(-1)!.line).toBe(18_800);
    const header = all[1]!.values;
    const nonLatin = header.indexOf('Name Non-Latin Script');
    const arabic = all.filter((r) => /[\u0600-\u06FF]/.test(r.values[nonLatin] ?? ''));
    expect(arabic.length).toBeGreaterThan(1000);
  });
});

describe('xlsxRows refuses, naming the file', () => {
  it('a file that is not a zip', async () => {
    const csv = save(Buffer.from('id,name\n1,Hamid\n'), 'renamed.xlsx');
    const error = await failure(csv);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`${csv} is not a readable XLSX file`);
    const xls = save(
      Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(600),
      ]),
      'old.xlsx',
    );
    expect((await failure(xls)).message).toMatch(
      /old\.xlsx is not a readable XLSX file: it is an Excel 97–2003 workbook/,
    );
  });

  it('a zip without a workbook', async () => {
    const file = save(zip([{ name: 'readme.txt', data: 'hello' }]));
    expect((await failure(file)).message).toBe(
      `${file} is not a readable XLSX file: it has no xl/workbook.xml`,
    );
  });

  it('a zip of more files than a workbook has', async () => {
    const many = Array.from({ length: 10_001 }, (_, i) => ({ name: `f/${i}`, data: '' }));
    const file = save(zip(many));
    const error = await failure(file);
    expect(error.code).toBe('too_large');
    expect(error.message).toBe(`${file}: it holds 10,001 files, more than an XLSX workbook has`);
  });

  it('a part that says it expands past the budget, before inflating it', async () => {
    const sheet = sheetXml(['<row r="1"><c><v>1</v></c></row>']);
    const file = save(workbook({ sheet, declare: { 'xl/worksheets/sheet1.xml': 2 ** 31 } }));
    const error = await failure(file);
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(
      new RegExp(`^${escape(file)}: xl/worksheets/sheet1.xml expands to more than 1024 MB`),
    );
  });

  it('a part that inflates past the budget', async () => {
    const sheet = sheetXml(
      Array.from({ length: 5000 }, (_, i) => `<row r="${i + 1}"><c><v>${i}</v></c></row>`),
    );
    const error = await failure(save(workbook({ sheet })), { maxPartBytes: 64 * 1024 });
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(/xl\/worksheets\/sheet1\.xml expands to more than/);
  });

  it('a part that inflates to more than it declares', async () => {
    const sheet = sheetXml(
      Array.from({ length: 500 }, (_, i) => `<row r="${i + 1}"><c><v>${i}</v></c></row>`),
    );
    const file = save(workbook({ sheet, declare: { 'xl/worksheets/sheet1.xml': 1000 } }));
    const error = await failure(file);
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(`${file} is not a readable XLSX file`);
  });

  it('shared strings past their budget', async () => {
    const sharedStrings = sstXml(
      Array.from({ length: 1000 }, (_, i) => `<si><t>name ${i}</t></si>`),
    );
    const sheet = sheetXml(['<row r="1"><c t="s"><v>0</v></c></row>']);
    const file = save(workbook({ sheet, sharedStrings }));
    expect(await rows(file, { maxSharedStringChars: 30_000 })).toEqual([
      { line: 1, values: ['name 0'] },
    ]);
    const error = await failure(file, { maxSharedStringChars: 10_000 });
    expect(error.code).toBe('too_large');
    expect(error.message).toMatch(
      new RegExp(`^${escape(file)}: its shared strings hold more than 10,000 characters`),
    );
  });

  it('a cell that points past the shared strings', async () => {
    const sheet = sheetXml(['<row r="4"><c r="B4" t="s"><v>7</v></c></row>']);
    const file = save(workbook({ sheet, sharedStrings: sstXml(['<si><t>a</t></si>']) }));
    expect((await failure(file)).message).toBe(
      `${file} (xl/worksheets/sheet1.xml): row 4 refers to shared string 7, which the workbook does not have`,
    );
  });

  it('a cell past the last column', async () => {
    const sheet = sheetXml(['<row r="1"><c r="ZZZZ1"><v>1</v></c></row>']);
    expect((await failure(save(workbook({ sheet })))).message).toMatch(
      /row 1 has a cell at "ZZZZ1", which is no column/,
    );
    const wide = sheetXml([`<row r="2">${'<c><v>1</v></c>'.repeat(16_385)}</row>`]);
    expect((await failure(save(workbook({ sheet: wide })))).message).toMatch(
      /row 2 has more than 16,384 columns/,
    );
  });

  it('entities that would expand the XML', async () => {
    const sheet =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
      '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>';
    expect((await failure(save(workbook({ sheet })))).message).toMatch(
      /sheet1\.xml\) is not well-formed XML/,
    );
  });
});

// ---- Assembling workbooks ----

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function sheetXml(rowXml: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${MAIN}"><sheetData>${rowXml.join('')}</sheetData></worksheet>`;
}

function sstXml(items: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${items.length}">${items.join('')}</sst>`;
}

/** A styles part whose cellXfs have these number format ids, in order. */
function stylesXml(formatIds: number[]): string {
  const xfs = formatIds.map((id) => `<xf numFmtId="${id}"/>`).join('');
  return `<styleSheet xmlns="${MAIN}"><cellXfs count="${formatIds.length}">${xfs}</cellXfs></styleSheet>`;
}

interface WorkbookSpec {
  sheet: string;
  sheetPath?: string;
  sharedStrings?: string;
  styles?: string;
  date1904?: boolean;
  descriptors?: boolean;
  /** Uncompressed sizes to declare instead of the true ones, by part. */
  declare?: Record<string, number>;
}

function workbook(spec: WorkbookSpec): Buffer {
  const sheetPath = spec.sheetPath ?? 'xl/worksheets/sheet1.xml';
  const rels = [
    `<Relationship Id="rId1" Type="${REL}/worksheet" Target="${sheetPath.replace(/^xl\//, '')}"/>`,
  ];
  const parts: ZipEntry[] = [
    {
      name: '_rels/.rels',
      data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${spec.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    { name: sheetPath, data: spec.sheet },
  ];
  if (spec.sharedStrings !== undefined) {
    rels.push(`<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
    parts.push({ name: 'xl/sharedStrings.xml', data: spec.sharedStrings });
  }
  if (spec.styles !== undefined) {
    rels.push(`<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/>`);
    parts.push({ name: 'xl/styles.xml', data: spec.styles });
  }
  parts.push({
    name: 'xl/_rels/workbook.xml.rels',
    data: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  });
  return zip(
    parts.map((p) => ({
      ...p,
      descriptor: spec.descriptors,
      declaredSize: spec.declare?.[p.name],
    })),
  );
}

interface ZipEntry {
  name: string;
  data: string;
  /** Sizes and CRC after the data (general purpose flag bit 3), as streaming writers do. */
  descriptor?: boolean | undefined;
  declaredSize?: number | undefined;
}

/** A zip archive of deflated entries, written by hand to control what its headers claim. */
function zip(entries: ZipEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = Buffer.from(e.data, 'utf8');
    const body = zlib.deflateRawSync(raw);
    const crc = zlib.crc32(raw);
    const size = e.declaredSize ?? raw.length;
    const name = Buffer.from(e.name, 'utf8');
    const flags = 0x800 | (e.descriptor ? 0x8 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    if (!e.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(size, 22);
    }
    local.writeUInt16LE(name.length, 26);
    const parts = [local, name, body];
    if (e.descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(body.length, 8);
      d.writeUInt32LE(size, 12);
      parts.push(d);
    }
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(flags, 8);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(body.length, 20);
    c.writeUInt32LE(size, 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    central.push(c, name);
    for (const p of parts) {
      chunks.push(p);
      offset += p.length;
    }
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
