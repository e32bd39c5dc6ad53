/**
 * An ENTITY record as an FtM Organization. FIRST_NAME packs acronyms and second names like the
 * aliases do (`COMPAGNIE AERIENNE DES GRANDS LACS (CAGL) ; GREAT LAKES BUSINESS COMPANY (GLBC)`),
 * so it goes through the same splitter; the caption keeps it as written.
 */
import type { Entity } from '../../core/entity.js';
import { addAliases } from './map-aliases.js';
import { addAddresses, provenance, requireFields, type MapContext } from './map-common.js';
import { PropertyBag } from './property-bag.js';
import { childText, type RecordNode } from './record-node.js';
import { splitAliasNames } from './split-alias.js';

export function mapOrganization(node: RecordNode, ctx: MapContext): Entity {
  const { dataId, ref, firstName } = requireFields(node);
  const bag = new PropertyBag();
  const { names, acronyms } = splitAliasNames(firstName);
  bag.add('name', ...(names.length > 0 ? names : [firstName]));
  bag.add('weakAlias', ...acronyms);
  bag.add('alias', childText(node, 'NAME_ORIGINAL_SCRIPT'));
  addAliases(bag, node, 'ENTITY_ALIAS', 'Organization');
  addAddresses(bag, node, 'ENTITY_ADDRESS');
  bag.add('notes', childText(node, 'COMMENTS1'));
  const id = `${ctx.listId}:${dataId}`;
  const properties = bag.toProperties();
  return {
    id,
    schema: 'Organization',
    caption: firstName,
    properties,
    provenance: provenance(node, ref, ctx),
  };
}
