/** An INDIVIDUAL record as an FtM Person. */
import type { Entity } from '../../core/entity.js';
import { readBirthDate } from './birth-date.js';
import { readDocument } from './document-number.js';
import { addAliases } from './map-aliases.js';
import {
  addAddresses,
  countryValue,
  joinParts,
  provenance,
  requireFields,
  type MapContext,
} from './map-common.js';
import { PropertyBag } from './property-bag.js';
import { childNodes, childText, valueTexts, type RecordNode } from './record-node.js';

const NAME_PARTS = [
  ['FIRST_NAME', 'firstName'],
  ['SECOND_NAME', 'secondName'],
  ['THIRD_NAME', 'middleName'],
  ['FOURTH_NAME', 'lastName'],
] as const;

export function mapPerson(node: RecordNode, ctx: MapContext): Entity {
  const { dataId, ref } = requireFields(node);
  const bag = new PropertyBag();
  const name = NAME_PARTS.map(([tag]) => childText(node, tag))
    .filter((p) => p !== '')
    .join(' ');
  bag.add('name', name);
  for (const [tag, property] of NAME_PARTS) bag.add(property, childText(node, tag));
  bag.add('alias', childText(node, 'NAME_ORIGINAL_SCRIPT'));
  addAliases(bag, node, 'INDIVIDUAL_ALIAS', 'Person');
  bag.add('title', ...valueTexts(node, 'TITLE'));
  bag.add('position', ...valueTexts(node, 'DESIGNATION'));
  // FtM spells gender in lower case (`male`, `female`).
  bag.add('gender', childText(node, 'GENDER').toLowerCase());
  bag.add('nationality', ...valueTexts(node, 'NATIONALITY').map(countryValue));
  addBirth(bag, node, ctx);
  addDocuments(bag, node);
  addAddresses(bag, node, 'INDIVIDUAL_ADDRESS');
  bag.add('notes', childText(node, 'COMMENTS1'));
  const id = `${ctx.listId}:${dataId}`;
  return {
    id,
    schema: 'Person',
    caption: name,
    properties: bag.toProperties(),
    provenance: provenance(node, ref, ctx),
  };
}

function addBirth(bag: PropertyBag, node: RecordNode, ctx: MapContext): void {
  for (const dob of childNodes(node, 'INDIVIDUAL_DATE_OF_BIRTH')) {
    const date = readBirthDate(dob);
    if (date === undefined) continue;
    bag.add('birthDate', date.value);
    if (date.approximate) ctx.approximateBirthDates++;
  }
  for (const pob of childNodes(node, 'INDIVIDUAL_PLACE_OF_BIRTH')) {
    const parts = ['STREET', 'CITY', 'STATE_PROVINCE', 'COUNTRY'].map((f) => childText(pob, f));
    // A few places are given only as a remark (`possibly Sabratha, Talil neighbourhood`).
    bag.add('birthPlace', joinParts(parts) || childText(pob, 'NOTE'));
  }
}

function addDocuments(bag: PropertyBag, node: RecordNode): void {
  for (const doc of childNodes(node, 'INDIVIDUAL_DOCUMENT')) {
    const found = readDocument(doc);
    if (found !== undefined) bag.add(found.kind, found.number);
  }
}
