/**
 * The `sanad` command line. Exit codes: 0 done, 1 done and at least one match, 2 usage or
 * input error, 3 a batch with rows that were not screened. Results go to stdout (or --output); progress, summaries and errors to stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import { EXIT_ERROR, EXIT_OK } from './cli-options.js';
import { PACKAGE_ROOT } from '../screening/resources.js';
import { registerAuditCommands } from './audit-command.js';
import { registerExplainCommand } from './explain-command.js';
import { registerKeyCommands } from './keys-command.js';
import { registerListCommands } from './lists-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerSharingCommands } from './sharing-commands.js';
import { registerWorkflowCommands } from './workflow-commands.js';
import { registerScreenCommand } from './screen-command.js';

export function buildProgram(): Command {
  const program = new Command('sanad')
    .description(
      'Screen names against the UN Security Council list and local watchlists, in Arabic and Latin script.',
    )
    .version(packageVersion())
    .addOption(new Option('--home <dir>', 'state directory (default: $SANAD_HOME or ~/.sanad)'))
    .showHelpAfterError()
    .enablePositionalOptions()
    .exitOverride();
  program.hook('preAction', (cmd) => {
    const home = cmd.opts<{ home?: string }>().home;
    if (home) process.env.SANAD_HOME = home;
  });
  registerScreenCommand(program);
  registerExplainCommand(program);
  registerListCommands(program);
  registerServeCommand(program, packageVersion());
  registerKeyCommands(program);
  registerAuditCommands(program);
  registerWorkflowCommands(program);
  registerSharingCommands(program);
  return program;
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return (process.exitCode as number | undefined) ?? EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return EXIT_OK;
      return EXIT_ERROR;
    }
    if (error instanceof SanadError) {
      process.stderr.write(`sanad: ${error.message}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(
      `sanad: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_ERROR;
  }
}
