import os from 'node:os';

/** Who acts, for the audit trail, when the CLI changes something. */
export function cliActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}
