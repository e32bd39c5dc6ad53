/**
 * Where a workbook keeps what we read: the workbook part (found through the package's
 * relationships), its first visible worksheet in tab order, its shared strings and styles, and
 * whether its dates count from 1900 or 1904. Part names come from the relationship files rather
 * than being assumed, because writers do not all use `xl/worksheets/sheet1.xml`.
 */
import path from 'node:path/posix';
import { SanadError } from '../../core/errors.js';
import { parsePart, type Attributes } from './xml-part.js';
import type { ZipParts } from './zip-parts.js';

export interface WorkbookParts {
  /** The first visible worksheet (the first worksheet when every one is hidden). */
  sheet: string;
  sharedStrings?: string;
  styles?: string;
  /** Serial 0 is 1904-01-01 (old Mac Excel) instead of 1900-01-00. */
  date1904: boolean;
}

interface Relationship {
  type: string;
  target: string;
}

export async function readWorkbookParts(zip: ZipParts): Promise<WorkbookParts> {
  const root = await readRelationships(zip, '');
  const officeDocument = [...root.values()].find((r) => r.type.endsWith('/officeDocument'));
  const workbook = officeDocument?.target ?? 'xl/workbook.xml';
  const { sheets, date1904 } = await readWorkbook(zip, workbook);
  const rels = await readRelationships(zip, workbook);
  const worksheets = sheets.flatMap((s) => {
    const rel = rels.get(s.id);
    return rel?.type.endsWith('/worksheet') ? [{ ...s, target: rel.target }] : [];
  });
  const sheet = (worksheets.find((s) => s.visible) ?? worksheets[0])?.target;
  if (sheet === undefined) throw unreadable(zip, `${workbook} names no worksheet`);
  const byType = (suffix: string, fallback: string) => {
    const found = [...rels.values()].find((r) => r.type.endsWith(suffix))?.target;
    return found ?? (zip.has(fallback) ? fallback : undefined);
  };
  const dir = path.dirname(workbook);
  const sharedStrings = byType('/sharedStrings', path.join(dir, 'sharedStrings.xml'));
  const styles = byType('/styles', path.join(dir, 'styles.xml'));
  return {
    sheet,
    date1904,
    ...(sharedStrings === undefined ? {} : { sharedStrings }),
    ...(styles === undefined ? {} : { styles }),
  };
}

interface SheetEntry {
  id: string;
  visible: boolean;
}

async function readWorkbook(
  zip: ZipParts,
  part: string,
): Promise<{ sheets: SheetEntry[]; date1904: boolean }> {
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  await parsePart(zip, part, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = isTrue(attributes.date1904);
      else if (name === 'sheet') {
        const id = relationshipId(attributes);
        const state = attributes.state ?? 'visible';
        if (id !== undefined) sheets.push({ id, visible: state === 'visible' });
      }
    },
  });
  return { sheets, date1904 };
}

/** `r:id`, whatever prefix the writer bound to the relationships namespace. */
function relationshipId(attributes: Attributes): string | undefined {
  for (const [name, value] of Object.entries(attributes)) if (name.endsWith(':id')) return value;
  return undefined;
}

/** The relationships of a part (`''` for the package), by Id, targets resolved to part names. */
async function readRelationships(zip: ZipParts, part: string): Promise<Map<string, Relationship>> {
  const dir = path.dirname(part);
  const relsPart = path.join(dir, '_rels', `${path.basename(part)}.rels`);
  const rels = new Map<string, Relationship>();
  if (!zip.has(relsPart)) return rels;
  await parsePart(zip, relsPart, {
    open(name, a) {
      if (name !== 'Relationship' || a.TargetMode === 'External') return;
      if (a.Id === undefined || a.Target === undefined) return;
      rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(dir, a.Target) });
    },
  });
  return rels;
}

/** A target is relative to its source part's folder, or absolute from the package root. */
function resolveTarget(dir: string, target: string): string {
  const resolved = target.startsWith('/') ? target : path.join(dir, target);
  return path.normalize(resolved).replace(/^\/+/, '');
}

function isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

export function unreadable(zip: ZipParts, reason: string): SanadError {
  return new SanadError('invalid_input', `${zip.file} is not a readable XLSX file: ${reason}`);
}
