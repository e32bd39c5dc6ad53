import { Command, Option } from 'commander';
import { createKey, listKeys, revokeKey, ROLES } from '../store/api-keys.js';
import type { Role } from '../store/schema.js';
import { cliActor } from './actor.js';
import { withStore } from './with-store.js';
import { formatTable } from './table.js';

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('API keys for `sanad serve`: create, list, revoke');
  keys
    .command('create')
    .description('create a key; the key is printed once, alone on the last line of stdout')
    .addOption(
      new Option('--role <role>', 'admin, analyst or client')
        .choices([...ROLES])
        .makeOptionMandatory(),
    )
    .requiredOption('--name <name>', 'who or what the key is for')
    .option('--partner <id>', 'the partner the key acts for (see `sanad partners`)', 'node')
    .option(
      '--person <name>',
      "the person the key belongs to: four-eyes never lets one person's keys approve each other's decisions",
    )
    .action(async (opts: { role: Role; name: string; partner: string; person?: string }) =>
      withStore(async (store) => {
        const { key, info } = await createKey(
          store,
          opts.name,
          opts.role,
          cliActor(),
          opts.partner,
          opts.person,
        );
        const of = info.person === null ? '' : ` (person "${info.person}")`;
        process.stdout.write(
          `created ${info.role} key ${info.id} of partner ${info.partner} for "${info.name}"${of}; it is shown only now:\n${key}\n`,
        );
      }),
    );
  keys
    .command('list')
    .description('list keys (never the secrets)')
    .option('--partner <id>', "only this partner's keys")
    .action(async (opts: { partner?: string }) =>
      withStore(async (store) => {
        const rows = (await listKeys(store, opts.partner)).map((k) => [
          k.id,
          k.partner,
          k.role,
          k.name,
          k.person ?? '',
          k.createdAt.slice(0, 19),
          k.revokedAt ? `revoked ${k.revokedAt.slice(0, 19)}` : 'active',
        ]);
        process.stdout.write(
          formatTable(['id', 'partner', 'role', 'name', 'person', 'created', 'state'], rows),
        );
      }),
    );
  keys
    .command('revoke')
    .description('revoke a key by its id')
    .argument('<id>', 'key id (from `sanad keys list`)')
    .action(async (id: string) =>
      withStore(async (store) => {
        const info = await revokeKey(store, id, cliActor());
        process.stderr.write(`sanad: key ${info.id} ("${info.name}") revoked\n`);
      }),
    );
}
