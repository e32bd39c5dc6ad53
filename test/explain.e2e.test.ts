/**
 * End-to-end tests of `sanad explain` and of the model version on the command line's records
 * (alerts, run reports), with the built CLI and SANAD_HOME in a fresh temporary directory. The
 * scoring model is read from data/scoring-model.json, never retyped: it is being retrained, so
 * nothing here depends on a score or on the threshold's value.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntityExplanation } from '../src/cli/entity-explanation.js';
import { loadScoringModel } from '../src/screening/resources.js';
import { runCli, type Run, useBuiltCli } from './helpers/cli.js';

const MODEL = loadScoringModel();
const BAGHDADI = 'un-sc:2975516'; // QDi.299
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-explain-'));
const HOME = path.join(TMP, 'home');

function sanad(args: string[]): Promise<Run> {
  return runCli(args, TMP, { ...process.env, SANAD_HOME: HOME });
}

/** Exit 1 exactly when the output calls it a match, as `sanad screen` does. */
function expectExitFollowsVerdict(r: Run): void {
  expect([0, 1], r.stderr).toContain(r.code);
  expect(r.code).toBe(/: a match at the model's threshold/.test(r.stdout) ? 1 : 0);
}

useBuiltCli(TMP);

describe('sanad explain QUERY ENTITY_ID', () => {
  it('prints the query, the entity, the score, the model version, the token table and the contributions', async () => {
    const r = await sanad(['explain', 'Abu Bakr al-Baghdadi', BAGHDADI]);
    expectExitFollowsVerdict(r);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^query\s+Abu Bakr al-Baghdadi$/);
    expect(lines[1]).toMatch(
      /^entity\s+un-sc:2975516\s+QDi\.299\s+IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI\s+\(list un-sc, Person\)$/,
    );
    expect(lines[2]).toMatch(/^score\s+\d\.\d\d: (a match|not a match) at the model's threshold /);
    expect(lines).toContain(`model     ${MODEL.version}`);
    expect(r.stdout).toMatch(/^matched\s+\S.*\(name score \d\.\d\d\)$/m);

    const tokenHeader = lines.indexOf('Token alignment');
    expect(tokenHeader).toBeGreaterThan(0);
    expect(lines[tokenHeader + 1]!.split(/\s+/)).toEqual([
      'query',
      'listed',
      'evidence',
      'similarity',
      'weight',
    ]);
    expect(lines.some((l) => /^Baghdadi\s+\S.*\s\d\.\d\d\s+\d\.\d\d$/.test(l))).toBe(true);
    expect(r.stdout).toMatch(/^unmatched query tokens: /m);
    expect(r.stdout).toMatch(/^unmatched listed tokens: /m);
    expect(lines).toContain('Qualifiers');

    const features = lines.indexOf('Feature contributions (log-odds)');
    expect(features).toBeGreaterThan(tokenHeader);
    const breakdown = lines.slice(features).join('\n');
    expect(breakdown).toMatch(/^feature\s+value\s+log-odds\s+why$/m);
    expect(breakdown).toMatch(/^intercept\s+[+−]\d+\.\d{3}\s/m);
    expect(breakdown).toMatch(/^total\s+[+−]\d+\.\d{3}\s/m);
    expect(breakdown).toMatch(/^calibrated score \d\.\d{3}/m);

    // Every contribution the model reports has its row, with its signed log-odds.
    const json = await sanad(['explain', 'Abu Bakr al-Baghdadi', BAGHDADI, '--json']);
    const x = JSON.parse(json.stdout) as EntityExplanation;
    for (const c of x.explanation!.contributions)
      expect(breakdown).toMatch(new RegExp(`^${c.feature}\\s+\\S+\\s+[+−]\\d+\\.\\d{3}`, 'm'));
  });

  it('--json gives the explanation with the entity, the score and the model, whose numbers add up', async () => {
    const r = await sanad([
      'explain',
      'أبو بكر البغدادي',
      BAGHDADI,
      '--birth-date',
      '1971',
      '--nationality',
      'IQ',
      '--json',
    ]);
    expect([0, 1], r.stderr).toContain(r.code);
    const x = JSON.parse(r.stdout) as EntityExplanation;
    expect(x.entity).toEqual({
      id: BAGHDADI,
      ref: 'QDi.299',
      list: 'un-sc',
      caption: 'IBRAHIM AWWAD IBRAHIM ALI AL-BADRI AL-SAMARRAI',
      schema: 'Person',
    });
    expect(x.query).toEqual({ name: 'أبو بكر البغدادي', birthDate: '1971', nationality: 'iq' });
    expect(x.model).toBe(MODEL.version);
    expect(x.threshold).toBe(MODEL.threshold);
    expect(x.intercept).toBe(MODEL.intercept);
    expect(x.match).toBe(x.score >= MODEL.threshold);
    expect(r.code).toBe(x.match ? 1 : 0);
    const e = x.explanation!;
    expect(e.model).toBe(MODEL.version);
    expect(e.tokens.length).toBeGreaterThan(0);
    expect(e.qualifiers.map((q) => q.kind)).toEqual(
      expect.arrayContaining(['birthDate', 'nationality']),
    );
    // The total log-odds is the intercept and every contribution (each rounded to 3 decimals
    // for display); the calibration maps it.
    const sum = e.contributions.reduce((s, c) => s + c.logit, x.intercept);
    expect(Math.abs(e.logit - sum)).toBeLessThanOrEqual(0.0005 * (e.contributions.length + 2));
    expect(x.calibrated).toBeCloseTo(MODEL.probability(e.logit), 9);
  });

  it('says when the query meets no name of the entity: score 0, exit 0', async () => {
    const r = await sanad(['explain', 'Mike Pompeo', BAGHDADI]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The query meets no name of the entity (score 0).');
    expect(r.stdout).toContain(`model     ${MODEL.version}`);
    const json = await sanad(['explain', 'Mike Pompeo', BAGHDADI, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      score: 0,
      match: false,
      model: MODEL.version,
      explanation: null,
    });
  });

  it('an unknown entity id is an error naming it, exit 2, nothing on stdout', async () => {
    const r = await sanad(['explain', 'Abu Bakr al-Baghdadi', 'un-sc:no-such-id']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sanad: no entity "un-sc:no-such-id"/);
  });

  it('bad options are usage errors (exit 2)', async () => {
    for (const args of [
      ['explain', 'Abu Bakr', BAGHDADI, '--birth-date', 'yesterday'],
      ['explain', 'Abu Bakr', BAGHDADI, '--schema', 'Spaceship'],
      ['explain', 'Abu Bakr', BAGHDADI, '--partner', 'no-such-partner'],
      ['explain', 'Abu Bakr'],
    ]) {
      const r = await sanad(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
    }
  });

  it('explains a partner record to the partners in its scope; to others it does not exist', async () => {
    for (const [id, kind] of [
      ['ministry', 'ministry'],
      ['bank-a', 'bank'],
      ['bank-b', 'bank'],
    ]) {
      const r = await sanad(['partners', 'add', id!, '--name', `The ${id}`, '--kind', kind!]);
      expect(r.code, r.stderr).toBe(0);
    }
    const add = await sanad([
      'records',
      'add',
      '--partner',
      'ministry',
      '--ref',
      'MOI-1',
      '--name',
      'Qassim Bahjat al-Turkmani',
      '--basis',
      'Decision 2026/114',
      '--scope',
      'partners:bank-a',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const recordId = add.stdout.split('\t')[0]!;
    expect(recordId).toMatch(/^rec-/);

    const seen = await sanad(['explain', 'Kasim Bahjat Turkmani', recordId, '--partner', 'bank-a']);
    expectExitFollowsVerdict(seen);
    expect(seen.stdout).toMatch(new RegExp(`^entity\\s+${recordId}\\s+MOI-1\\s`, 'm'));
    expect(seen.stdout).toContain(`model     ${MODEL.version}`);

    const hidden = await sanad([
      'explain',
      'Kasim Bahjat Turkmani',
      recordId,
      '--partner',
      'bank-b',
    ]);
    expect(hidden.code).toBe(2);
    expect(hidden.stdout).toBe('');
    expect(hidden.stderr).toContain(`no entity "${recordId}" for partner "bank-b"`);
  });
});

describe('the model version on the command line’s records', () => {
  it('a run’s alerts (alerts list and show) and its report name the scoring model', async () => {
    const input = path.join(TMP, 'customers.csv');
    fs.writeFileSync(input, 'id,name\nc-1,Abu Bakr al-Baghdadi\nc-2,Ayman al-Zawahiri\n');
    const run = await sanad(['screen', '--input', input, '--run', 'model-run', '--threshold', '0']);
    expect(run.code, run.stderr).toBe(1);

    const list = await sanad(['alerts', 'list', '--run', 'model-run', '--format', 'json']);
    expect(list.code, list.stderr).toBe(0);
    const alerts = JSON.parse(list.stdout) as { id: string; modelVersion: string | null }[];
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.modelVersion).toBe(MODEL.version);
    const table = await sanad(['alerts', 'list', '--run', 'model-run']);
    expect(table.stdout.split('\n')[0]!.trim().split(/\s+/).at(-1)).toBe('model');

    const show = await sanad(['alerts', 'show', String(alerts[0]!.id)]);
    expect(JSON.parse(show.stdout)).toMatchObject({ modelVersion: MODEL.version });

    const report = await sanad(['report', 'model-run']);
    expect(JSON.parse(report.stdout)).toMatchObject({
      run: { id: 'model-run', modelVersion: MODEL.version },
    });
    const html = await sanad(['report', 'model-run', '--format', 'html']);
    expect(html.stdout).toContain(`scoring model ${MODEL.version}.`);
  });

  it("--help gives the default threshold as the scoring model's", async () => {
    for (const command of ['screen', 'explain']) {
      const r = await sanad([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout.replace(/\s+/g, ' ')).toContain(
        `the scoring model's threshold, currently ${MODEL.threshold}`,
      );
    }
  });
});
