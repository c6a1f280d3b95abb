/** Option parsing shared by commands: durations, lists, choices. */
import { addUnits, daysBetween, type IsoDate } from '../domain/dates.js';
import { usageError } from '../domain/errors.js';
import type { Command } from 'commander';

/** `7d`, `2w`, `1m`, `7` → days from today. */
export function parseWithin(text: string, today: IsoDate): number {
  const m = /^(\d{1,4})\s*(d|w|m|y)?$/.exec(text.trim().toLowerCase());
  if (!m) throw usageError(`--within "${text}" is not a duration (try 7d, 2w, 1m)`);
  return daysBetween(today, addUnits(today, Number(m[1]), m[2] ?? 'd'));
}

/** Repeatable and comma-separated: `--tag a --tag b,c` → [a, b, c]. */
export function collectList(value: string, previous: string[] = []): string[] {
  return previous.concat(
    value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}

/** `--tag`, `--company`, `--expertise`: the same filters, with the same meaning, on every listing. */
export function filterOptions(cmd: Command): Command {
  return cmd
    .option('-t, --tag <tags>', 'only people with these tags (repeatable or comma-separated; all must match)', collectList)
    .option('--company <names>', 'only people at one of these companies (part of the name is enough)', collectList)
    .option('-e, --expertise <topics>', 'only people who know all these topics', collectList);
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw usageError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
}

/** A count given on the command line (`--limit 5`, `suggest 3`): a whole number of 1 or more, else a usage error. */
export function positiveInt(text: string, name: string): number {
  const n = /^\d{1,9}$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1) throw usageError(`${name} must be a whole number of 1 or more (got "${text}")`);
  return n;
}
