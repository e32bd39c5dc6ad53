/**
 * INDIVIDUAL_ALIAS / ENTITY_ALIAS. QUALITY decides the strength: `Good`, `a.k.a.` and `f.k.a.`
 * (a former name is still a name to screen) give alias, `Low` gives weakAlias, and an alias
 * without a quality is an empty placeholder the list emits. Acronyms are always weak.
 */
import type { Schema } from '../../core/entity.js';
import { joinParts } from './map-common.js';
import { isBareAcronym } from './name-text.js';
import { noteNames } from './note-names.js';
import type { PropertyBag } from './property-bag.js';
import { childNodes, childText, type RecordNode } from './record-node.js';
import { splitAliasNames } from './split-alias.js';

export function addAliases(bag: PropertyBag, node: RecordNode, tag: string, schema: Schema): void {
  for (const alias of childNodes(node, tag)) {
    const quality = childText(alias, 'QUALITY').toLowerCase();
    if (quality === '') continue;
    const raw = childText(alias, 'ALIAS_NAME');
    const strength = quality === 'low' ? 'weakAlias' : 'alias';
    const { names, acronyms } = splitAliasNames(raw);
    // An organisation alias that is only an acronym (`FDLR`) identifies as weakly as one in brackets.
    const bare = schema === 'Organization' && names.length === 1 && isBareAcronym(raw);
    bag.add(bare ? 'weakAlias' : strength, ...names);
    bag.add('weakAlias', ...acronyms);
    bag.add(strength, ...noteNames(childText(alias, 'NOTE')));
    addAliasBirth(bag, alias);
  }
}

/** Birth details recorded against one alias identity (IQi.025, QDi.129): still the subject's. */
function addAliasBirth(bag: PropertyBag, alias: RecordNode): void {
  const date = childText(alias, 'DATE_OF_BIRTH');
  if (/^\d{4}(?:-\d{2}-\d{2})?$/.test(date)) bag.add('birthDate', date);
  const place = joinParts([
    childText(alias, 'CITY_OF_BIRTH'),
    childText(alias, 'COUNTRY_OF_BIRTH'),
  ]);
  bag.add('birthPlace', place);
}
