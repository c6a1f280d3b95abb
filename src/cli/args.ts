/**
 * Reading the command line before commander does: which command it runs.
 * Shared by the entry (which names its code cache after the command) and
 * the program (which registers only that command's module, and runs
 * `today` when there is no command).
 */

/** Global options and whether each takes a value: what may stand before a command. */
export const GLOBAL_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['-d', true],
  ['--dir', true],
  ['--no-color', false],
  ['--debug', false],
  ['--no-pager', false],
]);

/**
 * The command word of these arguments: the first one after the global
 * options (`--json` before any command belongs to the default one, `today`).
 * Null when there is none; undefined when another option comes first or a
 * global option lacks its value (commander then has something to say).
 */
export function commandWord(args: readonly string[]): string | null | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('--dir=') || /^-d./.test(arg) || arg === '--json') continue;
    const takesValue = GLOBAL_OPTIONS.get(arg);
    if (takesValue === undefined) return arg.startsWith('-') ? undefined : arg;
    if (takesValue && ++i >= args.length) return undefined;
  }
  return null;
}
