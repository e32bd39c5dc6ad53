/**
 * HM Treasury's OFSI Consolidated List as an evaluation set: its Latin and Arabic-script names
 * of the same people and organisations are pairs the UN list does not hold. The designations
 * come from the product's own reader (src/sources/gb-ofsi/), so the evaluation scores the UK
 * list exactly as sanad loads it; this file only splits a designation by script.
 */
import type { Entity, Properties } from '../../src/core/entity.js';
import { ofsiCountryCode } from '../../src/sources/gb-ofsi/ofsi-cells.js';
import type { OfsiGroup } from '../../src/sources/gb-ofsi/ofsi-group.js';

/**
 * The designation as an entity holding only its Latin or only its Arabic-script names, so that
 * one script can be screened against the other. Low-quality names become weak aliases, as the
 * UN reader maps them; undefined when the group has no name in that script.
 */
export function groupEntity(group: OfsiGroup, which: 'latin' | 'arabic'): Entity | undefined {
  const names = which === 'latin' ? group.latin : group.arabic;
  const strong = names.filter((n) => !n.weak).map((n) => n.value);
  const weak = names.filter((n) => n.weak).map((n) => n.value);
  const [name, ...alias] = strong.length > 0 ? strong : weak;
  if (name === undefined) return undefined;
  const weakAlias = strong.length > 0 ? weak : weak.slice(1);
  const nationality = [...new Set(group.nationalities.map((n) => ofsiCountryCode(n) ?? n))];
  const properties: Properties = { name: [name] };
  if (alias.length > 0) properties.alias = alias;
  if (weakAlias.length > 0) properties.weakAlias = weakAlias;
  if (group.birthDates.length > 0) properties.birthDate = [...group.birthDates];
  if (nationality.length > 0) properties.nationality = nationality;
  return {
    id: `uk:${group.groupId}`,
    schema: group.schema,
    caption: name,
    properties,
    provenance: {
      listId: 'uk-ofsi',
      listVersion: group.listVersion,
      ref: group.groupId,
      ...(group.regimes.length > 0 ? { programme: group.regimes.join('; ') } : {}),
      ...(group.listedOn ? { listedOn: group.listedOn } : {}),
    },
  };
}
