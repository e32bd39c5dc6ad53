/**
 * `sanad lists import … --format ftm` and `sanad lists export` through the built CLI: the format
 * found from the file, a delta applied, the export imported into another list and exported
 * again to the same lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useBuiltCli, type Run } from './helpers/cli.js';
import { dataPath } from './helpers/data.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-ftm-cli-'));
const HOME = path.join(TMP, 'home');
useBuiltCli(TMP);

const sanad = (...args: string[]): Promise<Run> =>
  runCli(args, TMP, { ...process.env, SANAD_HOME: HOME });

/** The export of `list` with its dataset name taken out, one parsed object per line. */
function lines(text: string, list: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l.replaceAll(`"datasets":["${list}"]`, '"datasets":[]')) as unknown);
}

describe('sanad lists import/export (FtM)', () => {
  it('imports FtM files, applies a delta, and exports what imports back the same', async () => {
    const first = await sanad(
      'lists',
      'import',
      'os',
      dataPath('ftm', 'yente_t1_entities.ftm.json'),
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/os loaded v1 .*, 6 entries/);

    const delta = await sanad(
      'lists',
      'import',
      'os',
      dataPath('ftm', 'yente_entities.delta.json'),
    );
    expect(delta.code, delta.stderr).toBe(0);
    expect(delta.stderr).toMatch(/os loaded v2 .*, 582 entries/);
    expect(delta.stderr).toContain('delta: 576 added or changed, 0 removed');
    expect(delta.stderr).toContain(
      'warning: skipped relations sanad does not keep: 2 UnknownLink, 1 Ownership',
    );

    const out = path.join(TMP, 'os-export.txt');
    const exported = await sanad('lists', 'export', 'os', '-o', out);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toBe('');
    // No .json extension: --format says what it is.
    const copy = await sanad('lists', 'import', 'copy', out, '--format', 'ftm');
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stderr).toMatch(/copy loaded v1 .*, 582 entries/);

    const again = await sanad('lists', 'export', 'copy', '--format', 'ftm');
    expect(again.code, again.stderr).toBe(0);
    // The copy's ids keep the list they came from (`copy:os-NK-…`), so its export prefixes them
    // once more: FtM ids stay unique across the lists of a node.
    expect(lines(again.stdout.replaceAll('"copy-os-', '"os-'), 'copy')).toEqual(
      lines(fs.readFileSync(out, 'utf8'), 'os'),
    );
  });

  it('reads a .csv file as CSV, and refuses to export a list that is not there', async () => {
    const csv = path.join(TMP, 'local.csv');
    fs.writeFileSync(csv, 'id,name,schema\n1,Abdelkader Laagoub,Person\n');
    const imported = await sanad('lists', 'import', 'local', csv);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/local loaded v1 .*, 1 entries/);
    const missing = await sanad('lists', 'export', 'no-such-list');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no list "no-such-list"/);
  });
});
