/**
 * Scopes of partner records: `private` (the owner only), `partners` (named partners: bilateral
 * or a group) and `coalition` (every partner on the node). Written as JSON in the API
 * (`"private"`, `"coalition"`, `{"partners": ["bank-a"]}`) and as text in files and the CLI
 * (`private`, `coalition`, `partners:bank-a,bank-b`).
 */
import type { Scope } from '../core/entity.js';
import { SanadError } from '../core/errors.js';

export type { Scope };

const MAX_NAMED = 500;

/** Parses and normalises a scope (named partners sorted, unique, without the owner). */
export function parseScope(value: unknown, owner?: string): Scope {
  if (typeof value === 'string') return parseScopeText(value, owner);
  if (value && typeof value === 'object') {
    const v = value as { kind?: unknown; partners?: unknown };
    if (v.kind === 'private' || v.kind === 'coalition') return { kind: v.kind };
    if (Array.isArray(v.partners) && (v.kind === undefined || v.kind === 'partners'))
      return named(v.partners, owner);
  }
  throw new SanadError(
    'invalid_input',
    'scope must be "private", "coalition" or {"partners": ["<partner id>", …]}',
  );
}

function parseScopeText(text: string, owner?: string): Scope {
  const t = text.trim();
  if (t === 'private' || t === 'coalition') return { kind: t };
  const m = /^partners?\s*:\s*(.*)$/i.exec(t);
  if (m) return named(m[1]!.split(/[,;\s]+/), owner);
  throw new SanadError(
    'invalid_input',
    `scope "${text}" must be private, coalition or partners:<id>,<id>…`,
  );
}

function named(values: unknown[], owner?: string): Scope {
  if (values.length > MAX_NAMED)
    throw new SanadError('invalid_input', `a scope names at most ${MAX_NAMED} partners`);
  const ids = new Set<string>();
  for (const v of values) {
    if (typeof v !== 'string')
      throw new SanadError('invalid_input', 'scope partners must be partner ids (strings)');
    const id = v.trim();
    if (id !== '' && id !== owner) ids.add(id);
  }
  if (ids.size === 0)
    throw new SanadError(
      'invalid_input',
      'a partners scope must name at least one partner other than the owner (or use private)',
    );
  return { kind: 'partners', partners: [...ids].sort() };
}

export function scopeText(scope: Scope): string {
  return scope.kind === 'partners' ? `partners:${scope.partners.join(',')}` : scope.kind;
}

/** The API form: the same as parseScope takes. */
export function scopeJson(scope: Scope): 'private' | 'coalition' | { partners: string[] } {
  return scope.kind === 'partners' ? { partners: scope.partners } : scope.kind;
}
