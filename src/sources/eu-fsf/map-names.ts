/**
 * `nameAlias` elements as names. The EU marks each alias `strong` or not (a weak alias is a
 * nickname or a vague name, FtM's `weakAlias`); some carry a remark "low quality", which means
 * the same. A `nameLanguage` (AR, RU, EL, …) marks a name written in that language, often in its
 * own script: kept as written, as a strong alias, so that a query in Arabic script finds it.
 */
import type { PropertyBag } from '../un-sc/property-bag.js';
import { children, childText, type XmlNode } from '../xml/xml-elements.js';
import { attr, flag } from './eu-country.js';

/** `(a) Mullah, (b) Maulavi` → `Mullah`, `Maulavi`: the EU letters several titles or functions. */
export function splitLettered(value: string): string[] {
  return value
    .split(/\([a-z]\)/)
    .map((v) =>
      v
        .trim()
        .replace(/^[,;]\s*|[,;]$/g, '')
        .trim(),
    )
    .filter((v) => v !== '');
}

/** The whole name, or its parts joined when the EU gives only parts. */
function wholeName(alias: XmlNode): string {
  const whole = attr(alias, 'wholeName');
  if (whole !== '') return whole;
  return ['firstName', 'middleName', 'lastName']
    .map((a) => attr(alias, a))
    .filter((p) => p !== '')
    .join(' ');
}

function isWeak(alias: XmlNode): boolean {
  if (alias.attrs.strong !== undefined && !flag(alias, 'strong')) return true;
  return /\blow? quality\b/i.test(childText(alias, 'remark'));
}

/**
 * Adds every name of `entry` to `bag` and returns the caption: the first strong name without a
 * language (the EU's primary, Latin-script spelling), else the first name at all.
 */
export function addNames(bag: PropertyBag, entry: XmlNode, isPerson: boolean): string {
  const aliases = children(entry, 'nameAlias').filter((a) => wholeName(a) !== '');
  const primary =
    aliases.find((a) => !isWeak(a) && attr(a, 'nameLanguage') === '') ??
    aliases.find((a) => !isWeak(a)) ??
    aliases[0];
  for (const alias of aliases) {
    const name = wholeName(alias);
    if (alias === primary) bag.add('name', name);
    else bag.add(isWeak(alias) ? 'weakAlias' : 'alias', name);
    if (alias === primary || attr(alias, 'nameLanguage') === '') {
      bag.add('firstName', attr(alias, 'firstName'));
      bag.add('middleName', attr(alias, 'middleName'));
      bag.add('lastName', attr(alias, 'lastName'));
    }
    bag.add('title', ...splitLettered(attr(alias, 'title')));
    // An organisation's "function" is a description of what it does, not a position.
    if (isPerson) bag.add('position', ...splitLettered(attr(alias, 'function')));
    else bag.add('notes', attr(alias, 'function'));
    const gender = attr(alias, 'gender').toUpperCase();
    bag.add('gender', gender === 'M' ? 'male' : gender === 'F' ? 'female' : undefined);
    const remark = childText(alias, 'remark');
    if (remark !== '' && !/\bquality\b/i.test(remark)) bag.add('notes', remark);
  }
  return primary === undefined ? '' : wholeName(primary);
}
