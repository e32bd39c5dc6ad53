/**
 * Evaluation data for the benchmarks. It lives outside the package, in the shared data folder
 * ($SANAD_DATA, default ../shared/data), because some of it carries no licence to ship.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { readUnXml } from '../src/sources/un-sc/read-un-xml.js';
import type { Entity } from '../src/core/entity.js';
import { dataPath } from '../test/helpers/data.js';

/** A file in the shared data folder; the tests, benchmarks and scripts find it by one rule. */
export const evalPath = dataPath;

export function readCsv(file: string): Record<string, string>[] {
  return parse(fs.readFileSync(file), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

export async function readUnSnapshot(date: '2025-08-02' | '2026-02-27'): Promise<Entity[]> {
  const list = await readUnXml(
    fs.createReadStream(evalPath('un_sc_consolidated', `consolidated_${date}.xml`)),
  );
  return list.entities;
}

export interface PersonRow {
  name: string;
  birthDate?: string;
  nationality?: string;
}

export function personRows(file: string): PersonRow[] {
  return readCsv(file).map((r) => ({
    name: r.full_name ?? '',
    birthDate: r.date_of_birth || undefined,
    nationality: r.nationality || undefined,
  }));
}

/** A seeded pseudo-random generator (LCG): the same names on every run. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `n` person names made of the peer's negatives' first and last names recombined at random
 * (fixed seed), so that almost every name is distinct and none is meant to be listed.
 */
export function recombinedNames(n: number, seed: number): string[] {
  const rows = [
    ...readCsv(evalPath('opensanctions_yente_screening_fixtures', 'negatives_global.csv')),
    ...readCsv(evalPath('opensanctions_yente_screening_fixtures', 'negatives_us.csv')),
  ];
  const firsts = rows.map((r) => r.first_name ?? '').filter(Boolean);
  const lasts = rows.map((r) => r.last_name ?? '').filter(Boolean);
  const rand = rng(seed);
  return Array.from(
    { length: n },
    () =>
      `${firsts[Math.floor(rand() * firsts.length)]} ${lasts[Math.floor(rand() * lasts.length)]}`,
  );
}

/** The peer's 100,000 synthetic people (global and US), none of them listed. */
export function negativeRows(): PersonRow[] {
  return [
    ...personRows(evalPath('opensanctions_yente_screening_fixtures', 'negatives_global.csv')),
    ...personRows(evalPath('opensanctions_yente_screening_fixtures', 'negatives_us.csv')),
  ];
}
