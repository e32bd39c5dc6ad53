/**
 * The OFSI Consolidated List as `gb-ofsi` entities for the cluster bench, until the gb-ofsi
 * ListSource is registered: the evaluation reader's designations (uk-ofsi.ts, Latin names) plus
 * what links records across lists — the UN reference OFSI quotes in `Other Information`
 * (`(UN Ref):QDi.299`) and the passport and national ID numbers (without their country: OFSI
 * writes it in prose).
 */
import type { Entity, EntityIdentifier } from '../../src/core/entity.js';
import { xlsxRows } from '../../src/sources/xlsx/xlsx-rows.js';
import { groupEntity, readOfsiGroups } from './uk-ofsi.js';

const UN_REF = /\(UN Ref\):\s*([A-Za-z]{2}[ie]\.\s*\d+)/g;

interface Extra {
  unRefs: Set<string>;
  passports: Set<string>;
  ids: Set<string>;
}

export async function readOfsiWithLinks(file: string): Promise<Entity[]> {
  const extra = new Map<string, Extra>();
  let header: Map<string, number> | undefined;
  for await (const { values } of xlsxRows(file)) {
    if (!header) {
      if (values.includes('Group ID')) header = new Map(values.map((c, i) => [c.trim(), i]));
      continue;
    }
    const h = header;
    const get = (c: string) => (values[h.get(c) ?? -1] ?? '').trim();
    const id = get('Group ID');
    if (id === '') continue;
    let x = extra.get(id);
    if (!x) extra.set(id, (x = { unRefs: new Set(), passports: new Set(), ids: new Set() }));
    for (const m of get('Other Information').matchAll(UN_REF)) x.unRefs.add(m[1]!);
    if (get('Passport Number')) x.passports.add(get('Passport Number'));
    if (get('National Identification Number')) x.ids.add(get('National Identification Number'));
  }
  const out: Entity[] = [];
  for (const g of await readOfsiGroups(file)) {
    const e = groupEntity(g, 'latin') ?? groupEntity(g, 'arabic');
    if (!e) continue;
    const x = extra.get(g.groupId);
    const identifiers: EntityIdentifier[] = [
      ...[...(x?.unRefs ?? [])].map((number) => ({ kind: 'un-ref' as const, number })),
    ];
    const passports = [...(x?.passports ?? [])];
    const ids = [...(x?.ids ?? [])];
    out.push({
      ...e,
      id: `gb-ofsi:${g.groupId}`,
      properties: {
        ...e.properties,
        ...(passports.length > 0 ? { passportNumber: passports } : {}),
        ...(ids.length > 0 ? { idNumber: ids } : {}),
      },
      provenance: { ...e.provenance, listId: 'gb-ofsi' },
      ...(identifiers.length > 0 ? { identifiers } : {}),
    });
  }
  return out;
}
