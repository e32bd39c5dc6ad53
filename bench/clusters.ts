/**
 * Cluster quality (issue 13 item 4): (a) identifier-link recall — every record of a non-UN list
 * that quotes a UN reference present in the UN list must be in that UN entry's cluster (1.0
 * expected); (b) name proposals — precision on a sample labelled by hand.
 *
 *   tsx bench/clusters.ts [--home DIR] [--source ID=PATH]… [--sample N] [--write-sample FILE]
 *                         [--labels FILE]
 *
 * Lists: those active in the store at --home (SANAD_HOME layout), or else a temporary store
 * holding the bundled UN list plus every --source loaded through its ListSource
 * (`loadFromSource`: us-ofac-sdn, gb-ofsi, …). --write-sample writes N proposals (a fixed pseudo-random sample) as CSV with an
 * empty `label` column; --labels reads such a file, labelled `same`, `different` or `unsure`
 * by reading both records, and reports precision (unsure left out). (c) measures proposals
 * against the pairs UN references join, which are known.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { csvLine } from '../src/core/csv-cell.js';
import type { Entity } from '../src/core/entity.js';
import { Clusters } from '../src/index/clusters.js';
import { identifierLinks, quotedUnRefs, UN_LIST } from '../src/index/identifier-links.js';
import { identifierKey } from '../src/core/identifier.js';
import { memberView } from '../src/screening/cluster-links.js';
import { proposeLinks } from '../src/screening/link-proposals.js';
import { loadFromSource } from '../src/screening/list-loader.js';
import { Screener } from '../src/screening/screener.js';
import { LIST_SOURCES } from '../src/sources/registry.js';
import { pairKey } from '../src/store/cluster-links.js';
import { Store } from '../src/store/store.js';

interface Args {
  home?: string;
  sources: [string, string][];
  sample: number;
  writeSample?: string;
  labels?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { sources: [], sample: 60 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (value === undefined) throw new Error(`bench/clusters: ${flag} needs a value`);
    i++;
    if (flag === '--home') args.home = value;
    else if (flag === '--sample') args.sample = Number(value);
    else if (flag === '--write-sample') args.writeSample = value;
    else if (flag === '--labels') args.labels = value;
    else if (flag === '--source') {
      const at = value.indexOf('=');
      if (at < 1) throw new Error(`bench/clusters: --source ${value} is not ID=PATH`);
      args.sources.push([value.slice(0, at), value.slice(at + 1)]);
    } else throw new Error(`bench/clusters: unknown option ${flag}`);
  }
  return args;
}

async function openStore(args: Args): Promise<{ store: Store; home?: string; done: () => void }> {
  if (args.home) return { store: await Store.openHome(args.home), home: args.home, done: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sanad-bench-clusters-'));
  const store = await Store.openSqlite(path.join(dir, 'sanad.db'));
  const registered = new Set(LIST_SOURCES.map((s) => s.id));
  for (const [id, file] of args.sources) {
    const t = performance.now();
    if (registered.has(id)) await loadFromSource(store, id, file, { actor: 'bench' });
    else throw new Error(`bench/clusters: no reader for ${id}`);
    console.log(`loaded ${id} from ${file} in ${ms(t)}`);
  }
  return { store, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

/** (a) Records quoting a UN reference that the UN list holds, and how many are in its cluster. */
function identifierRecall(screener: Screener) {
  const un = new Map<string, Entity>();
  for (const e of screener.index.entities)
    if (e.provenance.listId === UN_LIST) un.set(identifierKey(e.provenance.ref), e);
  let quoting = 0;
  let joined = 0;
  const missed: string[] = [];
  for (const e of screener.index.entities) {
    if (e.provenance.listId === UN_LIST) continue;
    for (const ref of quotedUnRefs(e)) {
      const target = un.get(ref);
      if (!target) continue;
      quoting++;
      const cluster = screener.clusters.byId(e.id)!;
      if (cluster.members.some((m) => m.entity_id === target.id)) joined++;
      else missed.push(`${e.id} → ${target.provenance.ref}`);
    }
  }
  return { quoting, joined, recall: quoting === 0 ? NaN : joined / quoting, missed };
}

/** A fixed order that does not follow the lists' own order: FNV-1a of the pair. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const SAMPLE_COLUMNS = [
  'a',
  'b',
  'score',
  'basis',
  'names_a',
  'names_b',
  'born_a',
  'born_b',
  'nationality_a',
  'nationality_b',
  'programme_a',
  'programme_b',
  'label',
];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { store, home, done } = await openStore(args);
  try {
    let t = performance.now();
    const screener = await Screener.open(store, home);
    const entities = screener.index.entities;
    const lists = new Map<string, number>();
    for (const e of entities)
      lists.set(e.provenance.listId, (lists.get(e.provenance.listId) ?? 0) + 1);
    console.log(`screener (index and clusters) opened in ${ms(t)}:`, Object.fromEntries(lists));

    t = performance.now();
    const links = identifierLinks(entities);
    const linkTime = ms(t);
    const bases: Record<string, number> = {};
    for (const l of links) {
      const kind = l.basis
        .split(' ')
        .slice(0, l.basis.startsWith('UN') ? 2 : 1)
        .join(' ');
      bases[kind] = (bases[kind] ?? 0) + 1;
    }
    const multiple = [...screener.clusters.multiple()];
    console.log(`identifier links: ${links.length} in ${linkTime}`, bases);
    console.log(`clusters of more than one record: ${multiple.length}`);
    const recall = identifierRecall(screener);
    console.log(
      `(a) identifier-link recall: ${recall.joined}/${recall.quoting} = ${recall.recall.toFixed(3)}`,
    );
    for (const m of recall.missed.slice(0, 10)) console.log(`    missed ${m}`);

    t = performance.now();
    const proposals = await proposeLinks(screener);
    console.log(`(b) proposals: ${proposals.length} in ${ms(t)}`);
    const byId = new Map(entities.map((e) => [e.id, e]));
    if (args.writeSample) {
      const sample = [...proposals]
        .sort((x, y) => hash(`${x.a} ${x.b}`) - hash(`${y.a} ${y.b}`))
        .slice(0, args.sample);
      let out = csvLine(SAMPLE_COLUMNS);
      for (const p of sample) {
        const [a, b] = [memberView(byId.get(p.a)!), memberView(byId.get(p.b)!)];
        out += csvLine([
          p.a,
          p.b,
          p.score,
          p.basis,
          a.names.join(' | '),
          b.names.join(' | '),
          a.birthDates.join(' | '),
          b.birthDates.join(' | '),
          a.nationalities.join(' | '),
          b.nationalities.join(' | '),
          a.programme,
          b.programme,
          '',
        ]);
      }
      fs.writeFileSync(args.writeSample, out);
      console.log(`wrote ${sample.length} proposals to ${args.writeSample} for labelling`);
    }
    if (args.labels) precision(args.labels, new Set(proposals.map((p) => `${p.a} ${p.b}`)));
    await knownPairs(screener);
  } finally {
    await store.close();
    done();
  }
}

/**
 * (c) The pairs a UN reference joins are known to be one person or organisation: with the
 * identifier links left out, how many of them do the name proposals find (recall), and of the
 * proposals that pair such a record with a UN record, how many pair it with its own (precision,
 * out of sample: no rule was set by reading these).
 */
async function knownPairs(screener: Screener): Promise<void> {
  const unByRef = new Map<string, string>();
  for (const e of screener.index.entities)
    if (e.provenance.listId === UN_LIST) unByRef.set(identifierKey(e.provenance.ref), e.id);
  const truth = new Map<string, string>();
  for (const e of screener.index.entities) {
    const refs = e.provenance.listId === UN_LIST ? [] : quotedUnRefs(e);
    const target = refs.length === 1 ? unByRef.get(refs[0]!) : undefined;
    if (target) truth.set(e.id, target);
  }
  const t = performance.now();
  const proposals = await proposeLinks(screener, new Clusters(screener.index.entities));
  let found = 0;
  let right = 0;
  let wrong = 0;
  const wrongs: string[] = [];
  const caption = (id: string) => screener.entity(id)?.caption ?? id;
  const pairs = new Set(proposals.map((p) => `${p.a} ${p.b}`));
  for (const [record, un] of truth) if (pairs.has(pairKey(record, un).join(' '))) found++;
  for (const p of proposals)
    for (const [x, y] of [
      [p.a, p.b],
      [p.b, p.a],
    ] as const) {
      const own = truth.get(x);
      if (own === undefined || !y.startsWith(`${UN_LIST}:`)) continue;
      if (own === y) right++;
      else {
        wrong++;
        wrongs.push(`${caption(x)} ~ ${caption(y)}, not ${caption(own)}: ${p.basis}`);
      }
    }
  console.log(
    `(c) without identifier links (${ms(t)}): ${proposals.length} proposals; pairs a UN reference joins found ${found}/${truth.size} = ${(found / truth.size).toFixed(3)}; proposals pairing such a record with a UN record: ${right}/${right + wrong} = ${(right / (right + wrong)).toFixed(3)} with its own`,
  );
  for (const w of wrongs.slice(0, 10)) console.log(`    wrong: ${w}`);
}

/** Precision of the labelled sample; says how many labelled pairs are still proposed today. */
function precision(file: string, proposed: Set<string>): void {
  const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  const count = (label: string) => rows.filter((r) => r.label === label).length;
  const same = count('same');
  const different = count('different');
  const kept = rows.filter((r) => proposed.has(`${r.a} ${r.b}`));
  const keptSame = kept.filter((r) => r.label === 'same').length;
  const keptDifferent = kept.filter((r) => r.label === 'different').length;
  console.log(
    `(b) precision on ${file}: ${same}/${same + different} = ${(same / (same + different)).toFixed(3)} (${count('unsure')} unsure)`,
  );
  console.log(
    `    of those still proposed now (${kept.length}/${rows.length}): ${keptSame}/${keptSame + keptDifferent} = ${(keptSame / (keptSame + keptDifferent)).toFixed(3)}; same pairs no longer proposed: ${same - keptSame}`,
  );
  for (const r of rows.filter((x) => x.label === 'different'))
    console.log(
      `    different${proposed.has(`${r.a} ${r.b}`) ? '' : ' (no longer proposed)'}: ${first(r.names_a)} ~ ${first(r.names_b)} (${r.score})`,
    );
}

const first = (names: string | undefined) => (names ?? '').split(' | ')[0];

await main();
