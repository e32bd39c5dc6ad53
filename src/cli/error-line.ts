/**
 * What the CLI prints for an error it did not expect: one line a person can act on, never a
 * stack trace (SANAD_DEBUG=1 adds the stack, for a bug report). System errors (an unknown host,
 * a path that cannot be written) are named with the host or path they hit; `sanad serve` names
 * its own listen failures (serve-command.ts, listenError) with the host and port asked for.
 */

interface SystemError extends Error {
  code?: string;
  path?: string;
  dest?: string;
  address?: string;
  port?: number;
  hostname?: string;
}

/** The hint after an unexpected error. */
export const DEBUG_HINT = 'set SANAD_DEBUG=1 to see where it happened, for a bug report';

/** One line for a known system error; undefined for anything else. */
export function systemErrorLine(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const e = error as SystemError;
  if (typeof e.code !== 'string') return undefined;
  const where = e.path ? `${e.path}: ` : '';
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `unknown host "${e.hostname ?? '?'}": the name cannot be resolved`;
    case 'ECONNREFUSED':
      return `connection refused by ${e.address ?? '?'}${e.port ? `:${e.port}` : ''}: is the server running?`;
    case 'EACCES':
    case 'EPERM':
      return `${where}permission denied`;
    case 'EROFS':
      return `${where}the file system is read-only`;
    case 'ENOSPC':
      return `${where}no space left on the device`;
    case 'ENOTDIR':
      return `${where}a part of this path is a file, not a directory`;
    case 'EISDIR':
      return `${where}is a directory, not a file`;
    case 'ENOENT':
      return `${where}no such file or directory`;
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files; raise the limit (ulimit -n) or screen fewer files at once';
    default:
      return undefined;
  }
}

/** An error nobody expected: what it says, and on a second line how to see more. */
export function unexpectedErrorText(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0] ?? '';
  if (debug)
    return `unexpected error: ${error instanceof Error ? (error.stack ?? message) : message}`;
  return `unexpected error: ${firstLine}\n(${DEBUG_HINT})`;
}
