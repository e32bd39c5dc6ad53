/**
 * How a list version is named to a person: `v1 (2026-02-27)`. A label is most often a
 * timestamp (the UN list's generation time, a local import's load time); its date is what a
 * reader compares, and the number is what every command takes.
 */
import type { VersionSummary } from './store.js';

const ISO_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})T[\d:.]+(Z|[+-]\d{2}:?\d{2})?$/;

/** The date of a timestamp label; any other label as it is. */
export function labelText(label: string): string {
  return ISO_TIMESTAMP.exec(label)?.[1] ?? label;
}

/** `v1 (2026-02-27)`. */
export function versionName(v: Pick<VersionSummary, 'seq' | 'label'>): string {
  return `v${v.seq} (${labelText(v.label)})`;
}
