/**
 * The names a caller may screen against, resolved in one place for the CLI (`--list`) and the
 * API (`/match/{dataset}`, `/search/{dataset}`, `/reconcile/{dataset}`), as yente's datasets:
 * a list id; `sanctions`, every loaded list whose registered source is a sanctions list (lists
 * users import themselves are not); `partners`, the partner records the caller may see; and
 * `default`, everything the caller may see.
 */
import { SanadError } from '../core/errors.js';
import { findListSource } from '../sources/registry.js';

export const DEFAULT_DATASET = 'default';
export const SANCTIONS_COLLECTION = 'sanctions';

/** Whether the list `listId` is read by a registered source of the `sanctions` collection. */
export function isSanctionsList(listId: string): boolean {
  return findListSource(listId)?.collections.includes(SANCTIONS_COLLECTION) ?? false;
}

/**
 * Every name a caller may use, given the screener's datasets (`Screener.listIds`: the loaded
 * lists, and `partners` when partner records are screened).
 */
export function datasetNames(listIds: readonly string[]): string[] {
  return [DEFAULT_DATASET, SANCTIONS_COLLECTION, ...listIds];
}

/**
 * The list ids `names` stand for, or undefined for everything the caller may see (no name, or
 * `default` among them). An unknown name, or `sanctions` while no sanctions list is loaded, is
 * an input error naming the known names: screening against nothing must not pass for a clear
 * result.
 */
export function resolveDatasets(
  names: readonly string[] | undefined,
  listIds: readonly string[],
): string[] | undefined {
  if (!names || names.length === 0 || names.includes(DEFAULT_DATASET)) return undefined;
  const out = new Set<string>();
  for (const name of names) {
    if (listIds.includes(name)) out.add(name);
    else if (name === SANCTIONS_COLLECTION) {
      const sanctions = listIds.filter(isSanctionsList);
      if (sanctions.length === 0)
        throw new SanadError(
          'invalid_input',
          `no sanctions list is loaded for "${name}"; known: ${datasetNames(listIds).join(', ')}`,
        );
      for (const id of sanctions) out.add(id);
    } else
      throw new SanadError(
        'invalid_input',
        `unknown list "${name}"; known: ${datasetNames(listIds).join(', ')}`,
      );
  }
  return [...out];
}
