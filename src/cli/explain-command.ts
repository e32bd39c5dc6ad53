/**
 * `sanad explain "QUERY" ENTITY_ID`: why a query scores what it does against one entity, whether
 * or not the entity would rank among the query's results: for reviewing an alert, or answering
 * someone who asks why their name was flagged. It names the scoring model, so that an old
 * decision is read against the model that made it. Exit codes as `sanad screen`: 1 when it is
 * a match, 0 when not, 2 for an unknown entity or a bad option.
 */
import type { Command } from 'commander';
import { SanadError } from '../core/errors.js';
import { defaultThresholdText } from '../screening/default-threshold.js';
import { NODE_PARTNER } from '../store/partners.js';
import { buildQuery, type QueryCliOptions } from './build-query.js';
import { EXIT_MATCH, EXIT_OK } from './cli-options.js';
import { explainEntity } from './entity-explanation.js';
import { explanationText } from './explanation-text.js';
import { openScreener } from './open-screener.js';

interface ExplainCliOptions extends QueryCliOptions {
  partner: string;
  json?: boolean;
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description(
      `explain the score of a query against one entity: the token alignment, the qualifiers and every feature's part of the scoring model's log-odds (a match: ${defaultThresholdText()})`,
    )
    .argument('<query>', 'the name screened, in Arabic or Latin script')
    .argument(
      '<entity-id>',
      'the entity, e.g. un-sc:2975516 (entity_id in `sanad screen -f jsonl`)',
    )
    .option('--schema <schema>', 'Person, Organization, LegalEntity or Vessel')
    .option('--birth-date <date>', 'date of birth: YYYY, YYYY-MM or YYYY-MM-DD')
    .option('--nationality <country>', 'nationality: ISO code or country name')
    .option(
      '--partner <id>',
      'explain as this partner: the public lists and the partner records in its scope',
      NODE_PARTNER,
    )
    .option('--json', 'the explanation as JSON')
    .action(async (name: string, id: string, opts: ExplainCliOptions) => {
      process.exitCode = await explainCommand(name, id, opts);
    });
}

async function explainCommand(name: string, id: string, opts: ExplainCliOptions): Promise<number> {
  const query = buildQuery(name, opts);
  const screener = await openScreener(opts.partner);
  const entity = screener.entity(id, opts.partner);
  // A record out of the partner's scope answers as one that does not exist.
  if (!entity)
    throw new SanadError(
      'not_found',
      `no entity "${id}"${opts.partner === NODE_PARTNER ? '' : ` for partner "${opts.partner}"`} (entity ids are the entity_id of \`sanad screen -f jsonl\`)`,
    );
  const x = explainEntity(screener, query, entity, opts.partner);
  process.stdout.write(opts.json ? JSON.stringify(x, null, 2) + '\n' : explanationText(x));
  return x.match ? EXIT_MATCH : EXIT_OK;
}
