/**
 * A batch screened by worker threads, whose main thread opens no index: the workers build the
 * clusters as the service does (the lists' identifier links), so records of one person on two
 * lists come back as one result with both members, as they do in one thread.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useBuiltCli, type Run } from './helpers/cli.js';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-batch-clusters-'));
const HOME = path.join(TMP, 'home');
useBuiltCli(TMP);

const sanad = (...args: string[]): Promise<Run> =>
  runCli(args, TMP, { ...process.env, SANAD_HOME: HOME });

function file(name: string, text: string): string {
  const f = path.join(TMP, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('sanad screen --input with worker threads, two lists', () => {
  it('answers as one thread does, with the clusters the lists state', async () => {
    // A second list quoting the UN reference of al-Baghdadi (QDi.299): one cluster of two.
    const ftm = file(
      'other.ftm.json',
      [
        { id: 'x-1', schema: 'Person', properties: { name: ['Abu Bakr al-Baghdadi'] } },
        {
          id: 'x-1-sanction',
          schema: 'Sanction',
          properties: { entity: ['x-1'], unscId: ['QDi.299'], authorityId: ['X1'] },
        },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
    const load = await sanad('lists', 'import', 'other', ftm, '--format', 'ftm');
    expect(load.code, load.stderr).toBe(0);

    const names = ['Abu Bakr al-Baghdadi', 'أبو بكر البغدادي', 'Mike Pompeo', 'Ayman al-Zawahiri'];
    const input = file(
      'many.csv',
      ['id,name', ...Array.from({ length: 1200 }, (_, i) => `r${i},"${names[i % 4]}"`)].join('\n') +
        '\n',
    );
    const single = await sanad('screen', '--input', input, '--workers', '0');
    const pooled = await sanad('screen', '--input', input, '--workers', '2');
    expect(single.code, single.stderr).toBe(1);
    expect(pooled.code, pooled.stderr).toBe(1);
    expect(pooled.stderr).toContain('2 thread(s); lists: ');
    expect(pooled.stdout).toBe(single.stdout);

    const first = JSON.parse(pooled.stdout.split('\n')[0]!) as {
      matches: { cluster_members?: { list: string }[] }[];
    };
    const members = first.matches[0]!.cluster_members ?? [];
    expect(members.map((m) => m.list).sort()).toEqual(['other', 'un-sc']);
  });
});
