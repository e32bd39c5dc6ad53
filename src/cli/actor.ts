/**
 * Who acts, for the audit trail, when the CLI changes something. The CLI is for the operators
 * who own the node (whoever can run it can open the store), so `--actor` (or SANAD_ACTOR) is an
 * attribution, not an authentication: it lets two analysts who share a workstation sign their
 * own decisions, so that four-eyes sees two people. Without it the actor is the OS user.
 */
import os from 'node:os';
import { InvalidArgumentError } from 'commander';

/** Long enough for a full name or an e-mail address; short enough to read in a table. */
export const ACTOR_MAX_LENGTH = 100;

let named: string | undefined;

/** Checks a name given with --actor or SANAD_ACTOR; a commander argument parser. */
export function parseActor(value: string): string {
  const name = value.trim();
  if (name === '') throw new InvalidArgumentError('the actor name is empty');
  if ([...name].length > ACTOR_MAX_LENGTH)
    throw new InvalidArgumentError(`the actor name is longer than ${ACTOR_MAX_LENGTH} characters`);
  // Control characters could rewrite a terminal line, and bidi controls reorder what a
  // reviewer reads, in every table and export that shows the actor. (The zero-width joiners
  // stay allowed: Persian names use them.)
  if (/[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/u.test(name))
    throw new InvalidArgumentError('the actor name contains control characters');
  return name;
}

/** Names the person acting for the rest of this command (undefined: the OS user). */
export function setCliActor(name: string | undefined): void {
  named = name;
}

export function cliActor(): string {
  if (named !== undefined) return `cli:${named}`;
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}
