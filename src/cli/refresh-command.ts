/**
 * `sanad lists refresh [ID]`: fetch the official lists from their publishers' URLs (or the
 * operator's, `--url`, remembered), load what changed, refuse what is implausible. Exit code 2
 * when any list was refused or failed: a refused refresh leaves a stale list serving, which a
 * cron job must not take for success. Also the duration parser of `serve --refresh-interval`.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import {
  changedActive,
  refreshLists,
  refused,
  REFRESH_DEFAULTS,
  type RefreshOutcome,
} from '../screening/list-refresh.js';
import { deliverDue, webhookFromEnv } from '../screening/webhooks.js';
import { LIST_SOURCES } from '../sources/registry.js';
import { defaultHome } from '../store/store.js';
import { versionName } from '../store/version-name.js';
import { cliActor } from './actor.js';
import { EXIT_ERROR, parseNumberOption } from './cli-options.js';
import { withStore } from './with-store.js';
import { monitorAndNotify } from './workflow-commands.js';

export function registerRefreshCommand(lists: Command): void {
  lists
    .command('refresh')
    .description(
      "fetch official lists from their publishers' URLs and load what changed; a file that does not parse or removes too many entries is refused and the active version keeps serving",
    )
    .argument(
      '[list]',
      `list id (${LIST_SOURCES.map((s) => s.id).join(', ')}); default: every loaded list with a URL`,
    )
    .option('--url <url>', 'fetch the list from this URL, and keep fetching it from there')
    .option(
      '--max-removed <share>',
      "refuse a file that removes more than this share of the active version's entries",
      parseNumberOption(0, 1),
      REFRESH_DEFAULTS.maxRemoved,
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .action(async (list: string | undefined, opts: RefreshCliOptions) => {
      if (opts.url !== undefined && list === undefined)
        throw new SanadError(
          'invalid_input',
          '--url needs the list it is for: lists refresh ID --url URL',
        );
      const webhook = webhookFromEnv();
      await withStore(async (store) => {
        const outcomes = await refreshLists(store, list === undefined ? undefined : [list], {
          url: opts.url,
          maxRemoved: opts.maxRemoved,
          actor: cliActor(),
          webhook: webhook !== undefined,
        });
        if (outcomes.length === 0)
          process.stderr.write('sanad: no list to refresh (none loaded has a URL)\n');
        process.stdout.write(
          opts.format === 'json'
            ? JSON.stringify(outcomes, null, 2) + '\n'
            : outcomes.map((o) => `${outcomeLine(o)}\n`).join(''),
        );
        // A new version: the monitored subjects are screened again now (and the webhook fed).
        if (outcomes.some(changedActive)) await monitorAndNotify(store, defaultHome());
        else if (webhook && outcomes.some(refused)) await deliverDue(store, webhook);
        if (outcomes.some(refused)) process.exitCode = EXIT_ERROR;
      });
    });
}

interface RefreshCliOptions {
  url?: string;
  maxRemoved: number;
  format: string;
}

function outcomeLine(o: RefreshOutcome): string {
  const v = o.version;
  switch (o.status) {
    case 'loaded':
      return `${o.listId}: loaded ${versionName(v!)}, ${v!.entityCount} entries`;
    case 'reactivated':
      return `${o.listId}: made ${versionName(v!)} active again (the same file as then)`;
    case 'not_modified':
      return `${o.listId}: not modified${v ? ` (${versionName(v)} stays active)` : ''}`;
    default:
      return `${o.listId}: ${o.status}: ${o.error}`;
  }
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** A week at most: setTimeout holds 24.8 days, and no list should go staler than a week. */
const MAX_INTERVAL_MS = 7 * UNITS.d!;

/**
 * `--refresh-interval`: `30m`, `6h`, `1d`, `90s` (a bare number is seconds); `0` or `off`
 * disables. In milliseconds, 0 for off. A commander argument parser.
 */
export function parseRefreshInterval(value: string): number {
  const text = value.trim().toLowerCase();
  if (text === 'off' || text === '0') return 0;
  const m = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(text);
  const ms = m ? Number(m[1]) * UNITS[m[2] || 's']! : NaN;
  if (!(ms >= 1000 && ms <= MAX_INTERVAL_MS))
    throw new InvalidArgumentError(
      'expected a duration from 1s to 7d such as 30m, 6h or 1d, or 0/off to disable',
    );
  return ms;
}
