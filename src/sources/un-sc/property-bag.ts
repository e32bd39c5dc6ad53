/**
 * Collects FtM property values for one entity: values are whitespace-collapsed, empty ones
 * dropped and repeats removed in order. Names are compared case-insensitively across name,
 * alias and weakAlias so that a string appears once, in its strongest property.
 */
import type { Properties, Property } from '../../core/entity.js';
import { clean } from './name-text.js';

const NAME_ORDER = ['name', 'alias', 'weakAlias'] as const;

export class PropertyBag {
  private readonly values = new Map<Property, string[]>();

  add(property: Property, ...values: (string | undefined)[]): void {
    const list = this.values.get(property) ?? [];
    for (const raw of values) {
      const value = clean(raw ?? '');
      if (value !== '' && !list.includes(value)) list.push(value);
    }
    if (list.length > 0) this.values.set(property, list);
  }

  has(property: Property): boolean {
    return this.values.has(property);
  }

  toProperties(): Properties {
    const seen = new Set<string>();
    const out: Properties = {};
    for (const property of NAME_ORDER) {
      const kept = (this.values.get(property) ?? []).filter((v) => {
        const key = v.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (kept.length > 0) out[property] = kept;
    }
    for (const [property, list] of this.values) {
      if (!(NAME_ORDER as readonly string[]).includes(property)) out[property] = list;
    }
    return out;
  }
}
