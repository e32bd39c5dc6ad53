/** Alerts, decisions, monitoring, reports and settings from the command line. */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import {
  assign,
  comment,
  decide,
  getAlert,
  review,
  setFourEyes,
  STATES,
  type DecisionAction,
} from '../screening/alerts.js';
import { listAlerts } from '../screening/alert-queue.js';
import { monitorRun } from '../screening/monitor.js';
import { workMonitorRanges } from '../jobs/monitor-ranges.js';
import { openJobQueue } from '../jobs/open-queue.js';
import { reportCsv, reportHtml, runReport } from '../screening/run-report.js';
import { ScreeningService } from '../screening/screening-service.js';
import { deliverDue, webhookFromEnv } from '../screening/webhooks.js';
import type { AlertState } from '../store/schema.js';
import { NODE_PARTNER } from '../store/partners.js';
import { isPublicId, PUBLIC_ID_PREFIX } from '../store/public-id.js';
import { defaultHome, Store } from '../store/store.js';
import { cliActor } from './actor.js';
import { withStore } from './with-store.js';
import { parseNumberOption } from './cli-options.js';
import { formatTable } from './table.js';

/** Workflow commands act for a partner: the node's own organisation unless told. */
function partnerOption(): Option {
  return new Option('--partner <id>', 'act for this partner (see `sanad partners`)').default(
    NODE_PARTNER,
  );
}

/** An alert's or decision's id as `sanad alerts` shows it (al_…, dc_…). */
function publicIdArg(kind: 'alert' | 'decision', value: string): string {
  if (!isPublicId(kind, value))
    throw new SanadError(
      'invalid_input',
      `${kind} id "${value}" is not one (${PUBLIC_ID_PREFIX[kind]}_ and 16 letters or digits, as \`sanad alerts\` shows)`,
    );
  return value;
}

const alertId = (value: string) => publicIdArg('alert', value);

/** Re-screens the monitored subjects and delivers webhooks; used after a list load too. */
export async function monitorAndNotify(store: Store, home: string): Promise<void> {
  // A service, not a bare screener: the ranges this process takes may be of a pass planned
  // after a list load it has not seen yet, and it must refresh to screen them (list-versions.ts).
  const service = new ScreeningService(store, store.dialect === 'sqlite' ? home : undefined);
  await service.start();
  const screener = service.screener;
  const webhook = webhookFromEnv();
  // On PostgreSQL the pass's ranges are jobs: this process takes them too, and so does any
  // `sanad worker` on the database; on SQLite the process screens them itself.
  const queue = store.dialect === 'postgres' ? openJobQueue(store) : undefined;
  let s;
  try {
    if (queue) await workMonitorRanges(store, queue, service);
    s = await monitorRun(store, screener, {
      actor: cliActor(),
      match: {},
      webhook: Boolean(webhook),
      queue,
    });
  } finally {
    await queue?.stop();
  }
  process.stderr.write(
    `sanad: monitoring: ${s.subjects} subjects re-screened, ${s.hits} with hits, ${s.alerts} new alert(s)\n`,
  );
  if (webhook) {
    const d = await deliverDue(store, webhook);
    process.stderr.write(`sanad: webhook: ${d.delivered} delivered, ${d.failed} to retry\n`);
  }
}

export function registerWorkflowCommands(program: Command): void {
  const alerts = program
    .command('alerts')
    .description('the alert queue: list, show, decide, approve, assign, comment');
  alerts
    .command('list')
    .description('alerts, newest first')
    .addOption(new Option('--state <state>', 'filter by state').choices([...STATES]))
    .option('--list <id>', 'filter by list')
    .option('--min-score <score>', 'filter by score', parseNumberOption(0, 1))
    .option('--assignee <name>', 'filter by assignee')
    .option('--run <name>', 'filter by run')
    .option('-n, --limit <n>', 'how many', parseNumberOption(1, 500, true), 50)
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .addOption(partnerOption())
    .action(
      async (o: {
        partner: string;
        state?: AlertState;
        list?: string;
        minScore?: number;
        assignee?: string;
        run?: string;
        limit: number;
        format: string;
      }) =>
        withStore(async (store) => {
          const rows = await listAlerts(store, o.partner, {
            state: o.state ? [o.state] : undefined,
            list: o.list,
            minScore: o.minScore,
            assignee: o.assignee,
            run: o.run,
            limit: o.limit,
          });
          if (o.format === 'json') process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
          else
            process.stdout.write(
              formatTable(
                ['id', 'state', 'score', 'subject', 'list', 'ref', 'caption', 'assignee', 'model'],
                rows.map((a) => [
                  a.id,
                  a.state,
                  a.score.toFixed(2),
                  `${a.subject.id} ${a.subject.name}`,
                  a.entity.list,
                  a.entity.ref,
                  a.entity.caption,
                  a.assignee ?? '',
                  a.modelVersion ?? '',
                ]),
              ),
            );
        }),
    );
  alerts
    .command('show')
    .argument('<id>', 'alert id')
    .description('one alert with its decisions and comments (JSON)')
    .addOption(partnerOption())
    .action(async (id: string, o: { partner: string }) =>
      withStore(
        async (store) =>
          void process.stdout.write(
            JSON.stringify(await getAlert(store, o.partner, alertId(id)), null, 2) + '\n',
          ),
      ),
    );
  alerts
    .command('decide')
    .argument('<id>', 'alert id')
    .addOption(
      new Option(
        '--action <action>',
        'confirm (a true match), dismiss (a false positive) or escalate',
      )
        .choices(['confirm', 'dismiss', 'escalate'])
        .makeOptionMandatory(),
    )
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .description('decide on an alert (with four-eyes on, confirm and dismiss wait for approval)')
    .addOption(partnerOption())
    .action(async (id: string, o: { action: DecisionAction; reason: string; partner: string }) =>
      withStore(
        async (store) =>
          void process.stdout.write(
            JSON.stringify(
              await decide(store, o.partner, alertId(id), o.action, o.reason, cliActor()),
            ) + '\n',
          ),
      ),
    );
  for (const [name, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    alerts
      .command(name)
      .argument('<id>', 'alert id')
      .argument('<decision>', 'decision id (see `sanad alerts show`)')
      .description(
        `${name} a pending decision made by someone else (four-eyes: sign with --actor NAME)`,
      )
      .addOption(partnerOption())
      .action(async (id: string, decision: string, o: { partner: string }) =>
        withStore(
          async (store) =>
            void process.stdout.write(
              JSON.stringify(
                await review(
                  store,
                  o.partner,
                  alertId(id),
                  publicIdArg('decision', decision),
                  approve,
                  cliActor(),
                ),
              ) + '\n',
            ),
        ),
      );
  }
  alerts
    .command('assign')
    .description('assign an alert to an analyst, or unassign it')
    .argument('<id>', 'alert id')
    .argument('[assignee]', 'who; leave out to unassign')
    .addOption(partnerOption())
    .action(async (id: string, who: string | undefined, o: { partner: string }) =>
      withStore((store) => assign(store, o.partner, alertId(id), who ?? null, cliActor())),
    );
  alerts
    .command('comment')
    .description('add a comment to an alert')
    .argument('<id>', 'alert id')
    .argument('<text>', 'the comment')
    .addOption(partnerOption())
    .action(async (id: string, text: string, o: { partner: string }) =>
      withStore(
        async (store) => void (await comment(store, o.partner, alertId(id), text, cliActor())),
      ),
    );

  program
    .command('monitor')
    .description('monitoring of subjects kept under it')
    .command('run')
    .description('re-screen every monitored subject now; only new or changed hits alert')
    .action(async () => withStore((store) => monitorAndNotify(store, defaultHome())));

  program
    .command('report')
    .argument('<run>', 'run name')
    .description('the report of a screening run')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['json', 'csv', 'html'])
        .default('json'),
    )
    .option('-o, --output <file>', 'write to a file')
    .addOption(partnerOption())
    .action(async (run: string, o: { format: string; output?: string; partner: string }) =>
      withStore(async (store) => {
        const r = await runReport(store, o.partner, run);
        const text =
          o.format === 'csv'
            ? reportCsv(r)
            : o.format === 'html'
              ? reportHtml(r)
              : JSON.stringify(r, null, 2) + '\n';
        if (o.output) fs.writeFileSync(o.output, text);
        else process.stdout.write(text);
      }),
    );

  program
    .command('settings')
    .description('workflow settings')
    .command('four-eyes')
    .argument('<state>', 'on or off')
    .description('require a second analyst to approve confirm and dismiss decisions')
    .addOption(partnerOption())
    .action(async (state: string, o: { partner: string }) => {
      if (state !== 'on' && state !== 'off')
        throw new SanadError('invalid_input', 'four-eyes is "on" or "off"');
      await withStore((store) => setFourEyes(store, o.partner, state === 'on', cliActor()));
    });
}
