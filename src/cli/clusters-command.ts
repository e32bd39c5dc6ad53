/**
 * `sanad clusters`: one listed person or organisation across lists. Shows the clusters of more
 * than one record, computes and stores link proposals (name, date of birth, nationality), lists
 * them, and lets the node's operator accept or reject one (recorded in the audit trail; a
 * running server picks an accepted link up at its next refresh).
 */
import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import {
  clusterView,
  computeProposals,
  decideProposal,
  proposalView,
} from '../screening/cluster-links.js';
import { Screener } from '../screening/screener.js';
import { LINK_STATES, listClusterLinks, type LinkState } from '../store/cluster-links.js';
import { defaultHome, type Store } from '../store/store.js';
import { cliActor } from './actor.js';
import { formatTable } from './table.js';
import { withStore } from './with-store.js';

const formatOption = () =>
  new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table');

export function registerClustersCommands(program: Command): void {
  const clusters = program
    .command('clusters')
    .description(
      'records of several lists joined as one person or organisation; propose, accept and reject links',
    )
    .addOption(formatOption())
    .passThroughOptions()
    .action(async (opts: { format: string }) =>
      withStore(async (store) => showClusters(await open(store), opts.format)),
    );

  clusters
    .command('propose')
    .description(
      'screen every record against the other lists and store the links proposed by name, date of birth and nationality',
    )
    .action(async () =>
      withStore(async (store) => {
        const { found, stored } = await computeProposals(store, await open(store));
        process.stdout.write(
          `${stored.length} new proposal${stored.length === 1 ? '' : 's'} (${found} found, ${found - stored.length} already proposed or decided)\n`,
        );
      }),
    );

  clusters
    .command('proposals')
    .description('the link proposals, newest first; stale: a record is no longer listed')
    .addOption(new Option('--state <state>', 'only proposals in this state').choices(LINK_STATES))
    .addOption(formatOption())
    .action(async (opts: { state?: LinkState; format: string }) =>
      withStore(async (store) => {
        const screener = await open(store);
        const links = (await listClusterLinks(store, opts.state)).map((l) =>
          proposalView(screener, l),
        );
        if (opts.format === 'json') {
          process.stdout.write(JSON.stringify(links, null, 2) + '\n');
          return;
        }
        const rows = links.map((l) => [
          l.id,
          l.stale ? `${l.state} (stale)` : l.state,
          l.score.toFixed(2),
          `${l.a} ${l.captionA ?? '(gone)'}`,
          `${l.b} ${l.captionB ?? '(gone)'}`,
          l.basis,
        ]);
        process.stdout.write(
          formatTable(['id', 'state', 'score', 'record a', 'record b', 'basis'], rows, 60),
        );
      }),
    );

  for (const [verb, state] of [
    ['accept', 'accepted'],
    ['reject', 'rejected'],
  ] as const) {
    const command = clusters
      .command(verb)
      .description(`${verb} a link proposal (recorded in the audit trail)`)
      .argument('<id>', 'proposal id (lk_…), as `sanad clusters proposals` shows');
    if (state === 'rejected') command.option('--reason <text>', 'why the records are not one');
    command.action(async (id: string, opts: { reason?: string }) =>
      withStore(async (store) => {
        if (opts.reason !== undefined && opts.reason.length > 500)
          throw new SanadError('invalid_input', '--reason is longer than 500 characters');
        const link = await decideProposal(store, await open(store), id, {
          state,
          actor: cliActor(),
          reason: opts.reason,
        });
        process.stdout.write(`${link.id} ${link.state}: ${link.a} ~ ${link.b}\n`);
      }),
    );
  }
}

function open(store: Store): Promise<Screener> {
  return Screener.open(store, defaultHome());
}

function showClusters(screener: Screener, format: string): void {
  const all = [...screener.clusters.multiple()].map((c) => clusterView(screener, c));
  all.sort((x, y) => y.members.length - x.members.length || x.id.localeCompare(y.id));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(all, null, 2) + '\n');
    return;
  }
  const rows = all.flatMap((c) =>
    c.members.map((m, i) => [
      i === 0 ? c.id : '',
      m.list,
      m.ref,
      m.caption,
      m.birthDates.join(', '),
      m.listedOn ?? '',
    ]),
  );
  process.stdout.write(formatTable(['cluster', 'list', 'ref', 'name', 'born', 'listed'], rows, 50));
  const n = all.length;
  process.stderr.write(`sanad: ${n} cluster${n === 1 ? '' : 's'} of more than one record\n`);
}
