/**
 * The `sanad` command line. Exit codes (EXIT_CODES_HELP): 0 clean, 1 at least one match, 2 usage
 * or input error, 3 rows that could not be read or screened. Results go to stdout (or
 * --output); progress, summaries and errors to stderr, as one line a person can read: never a
 * stack trace, unless SANAD_DEBUG=1 asks for one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { SanadError } from '../core/errors.js';
import { EXIT_ERROR, EXIT_OK } from './cli-options.js';
import { PACKAGE_ROOT } from '../screening/resources.js';
import { parseActor, setCliActor } from './actor.js';
import { registerAuditCommands } from './audit-command.js';
import { registerClustersCommands } from './clusters-command.js';
import { systemErrorLine, unexpectedErrorText } from './error-line.js';
import { registerExplainCommand } from './explain-command.js';
import { registerKeyCommands } from './keys-command.js';
import { registerListCommands } from './lists-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerWorkerCommand } from './worker-command.js';
import { registerSharingCommands } from './sharing-commands.js';
import { registerWorkflowCommands } from './workflow-commands.js';
import { registerScreenCommand } from './screen-command.js';
import { registerScanCommand } from './scan-command.js';

/** The status of a process whose reader went away (128 + SIGPIPE), as `yes | head` has. */
export const EXIT_PIPE = 141;

export const EXIT_CODES_HELP = `
Exit codes:
  0  clean: every name or row was screened and none matched
  1  every row was screened and at least one matched
  2  usage or input error (nothing was screened)
  3  incomplete: some rows could not be read or screened, whatever matched (screen --input)`;

const OPERATORS_HELP = `
The command line is for the operators who own this node: whoever can run it can read and
change the store. --actor NAME (or SANAD_ACTOR) names the person acting in the audit trail,
so that two analysts sharing a workstation can each sign their decisions (four-eyes); it is
an attribution, not a login.`;

/** The options of the whole program, accepted before the command or after it. */
function globalOptions(): Option[] {
  return [
    new Option('--home <dir>', 'state directory (default: $SANAD_HOME or ~/.sanad)'),
    new Option(
      '--actor <name>',
      'who is acting, recorded in the audit trail (default: $SANAD_ACTOR or the OS user); an attribution, not a login',
    ).argParser(parseActor),
  ];
}

export function buildProgram(): Command {
  const program = new Command('sanad')
    .description(
      'Screen names against the UN Security Council list and local watchlists, in Arabic and Latin script.',
    )
    .version(packageVersion())
    .enablePositionalOptions()
    .exitOverride();
  for (const option of globalOptions()) program.addOption(option);
  program.hook('preAction', (_program, action) => {
    // The command's own (hidden) copy of a global option wins over the program's.
    const opts = action.optsWithGlobals<{ home?: string; actor?: string }>();
    if (opts.home) process.env.SANAD_HOME = opts.home;
    setCliActor(opts.actor ?? actorFromEnv());
  });
  registerScreenCommand(program);
  registerScanCommand(program);
  registerExplainCommand(program);
  registerListCommands(program);
  registerServeCommand(program, packageVersion());
  registerWorkerCommand(program);
  registerKeyCommands(program);
  registerAuditCommands(program);
  registerWorkflowCommands(program);
  registerSharingCommands(program);
  registerClustersCommands(program);
  program.addHelpText('after', `${EXIT_CODES_HELP}\n${OPERATORS_HELP}`);
  for (const name of ['screen', 'scan', 'explain'])
    program.commands.find((c) => c.name() === name)?.addHelpText('after', EXIT_CODES_HELP);
  for (const command of allCommands(program)) {
    // A usage error prints the error and where to read more, not the whole help.
    command.showHelpAfterError(`Run '${commandPath(command)} --help' for usage.`);
    for (const option of command.options)
      if (option.mandatory && !option.description.includes('(required)'))
        option.description += ' (required)';
    // `sanad alerts approve 3 7 --actor bob` reads as naturally as `sanad --actor bob …`;
    // `sanad lists` acts itself as well as holding subcommands, so it takes them too.
    if (command !== program && (command.commands.length === 0 || command.name() === 'lists'))
      for (const option of globalOptions()) command.addOption(option.hideHelp());
  }
  return program;
}

/** SANAD_ACTOR, checked as --actor is; unset or empty: none. */
function actorFromEnv(): string | undefined {
  const value = process.env.SANAD_ACTOR;
  if (value === undefined || value === '') return undefined;
  try {
    return parseActor(value);
  } catch (error) {
    throw new SanadError('invalid_input', `SANAD_ACTOR: ${(error as Error).message}`);
  }
}

function* allCommands(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* allCommands(sub);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export async function run(argv: string[]): Promise<number> {
  guardProcess();
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
    if (isClosedPipe(error)) return EXIT_PIPE;
    process.stderr.write(`sanad: ${errorText(error)}\n`);
    return EXIT_ERROR;
  }
}

function errorText(error: unknown): string {
  if (error instanceof SanadError) return error.message;
  return systemErrorLine(error) ?? unexpectedErrorText(error, debugWanted());
}

function debugWanted(): boolean {
  const v = process.env.SANAD_DEBUG;
  return v !== undefined && v !== '' && v !== '0';
}

function isClosedPipe(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'EPIPE';
}

let guarded = false;

/**
 * What escapes the command's promise: a reader that closed the pipe (`sanad screen … | head
 * -1`) ends the process quietly, as a SIGPIPE would; a full disk under a redirected stdout, or an
 * error event nobody listened for, ends it with one line.
 */
function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  const fail = (error: unknown) => {
    if (isClosedPipe(error)) process.exit(EXIT_PIPE);
    try {
      process.stderr.write(`sanad: ${errorText(error)}\n`);
    } finally {
      process.exit(EXIT_ERROR);
    }
  };
  process.stdout.on('error', fail);
  process.stderr.on('error', (error) => process.exit(isClosedPipe(error) ? EXIT_PIPE : EXIT_ERROR));
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}
