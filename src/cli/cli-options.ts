import { InvalidArgumentError } from 'commander';

/**
 * Exit codes: 0 done, 1 done and at least one match, 2 usage or input error, 3 a batch with rows
 * that were not screened (unreadable rows, or no data rows at all), matches or not: such a run
 * must never pass for a clean one.
 */
export const EXIT_OK = 0;
export const EXIT_MATCH = 1;
export const EXIT_ERROR = 2;
export const EXIT_INCOMPLETE = 3;

export function parseNumberOption(min: number, max: number, integer = false) {
  return (value: string): number => {
    const n = Number(value);
    if (
      value.trim() === '' ||
      !Number.isFinite(n) ||
      n < min ||
      n > max ||
      (integer && !Number.isInteger(n))
    ) {
      throw new InvalidArgumentError(
        `expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`,
      );
    }
    return n;
  };
}
