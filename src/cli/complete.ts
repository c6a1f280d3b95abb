/**
 * Shell completion, decided here rather than in each shell: given the words
 * of a command line being typed (the last one is the word under the cursor),
 * what can that word be? Commands, options and what each argument and option
 * value is are read from the commander program, so a new command or option
 * completes without a change here. The shells' scripts (completion.ts) are
 * stubs that call `pln __complete WORDS…` and offer what it prints.
 */
import type { Command, Option } from 'commander';
import { fold, stripControl, words as nameWords } from '../domain/text.js';

/** Where the candidates for a word come from. */
export type Source = { kind: 'people' } | { kind: 'tags' } | { kind: 'topics' } | { kind: 'words'; words: readonly string[] } | { kind: 'files' } | { kind: 'dirs' } | { kind: 'none' };

export interface OptionSpec {
  /** `-t`, `--tag`. */
  flags: string[];
  /** What its value can be; null for a flag that takes none. */
  value: Source | null;
  /** May be given more than once (`--tag a --tag b`). */
  repeatable: boolean;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  options: OptionSpec[];
  /** One entry per argument; the last repeats when `variadic`. */
  args: Source[];
  variadic: boolean;
}

export interface ProgramSpec {
  /** Options valid anywhere (`--dir`, `--no-color`, `--help`, ...). */
  globals: OptionSpec[];
  /** Options valid only before a command (`--version`). */
  topLevel: OptionSpec[];
  commands: CommandSpec[];
}

const PEOPLE: Source = { kind: 'people' };
const TAGS: Source = { kind: 'tags' };
const TOPICS: Source = { kind: 'topics' };
const NONE: Source = { kind: 'none' };
const FILES: Source = { kind: 'files' };
const DIRS: Source = { kind: 'dirs' };
export const wordsOf = (list: readonly string[]): Source => ({ kind: 'words', words: list });

/** What the completion of a program needs to know that its commander definition does not say. */
export interface Hints {
  /** Arguments, by command name (others are guessed from the argument's name). */
  args?: Record<string, Source[]>;
  /** Option values, by long flag (`--sort`) or `command --flag` (`export --format`). */
  values?: Record<string, Source>;
  /** Help topics, offered by `pln help`. */
  topics?: readonly string[];
}

/** An argument's candidates from its name, when no hint says: `<who>` is a person, `<file>` a file. */
function guessArgument(name: string): Source {
  const n = name.toLowerCase();
  if (/^(who|person|people|target)$/.test(n)) return PEOPLE;
  if (/^topics?$/.test(n)) return TOPICS;
  if (/^tags?$/.test(n)) return TAGS;
  if (/^(file|files|path|input)$/.test(n)) return FILES;
  if (/^(dir|folder)$/.test(n)) return DIRS;
  return NONE;
}

/** An option value's candidates from its flag, when no hint says. */
function guessValue(long: string | undefined): Source {
  switch (long) {
    case '--tag':
      return TAGS;
    case '--expertise':
    case '--topic':
      return TOPICS;
    case '--dir':
      return DIRS;
    case '--output':
    case '--file':
      return FILES;
    case '--who':
    case '--person':
      return PEOPLE;
    default:
      return NONE;
  }
}

function optionSpec(command: string, opt: Option, hints: Hints): OptionSpec {
  const takesValue = opt.required || opt.optional;
  const long = opt.long ?? '';
  return {
    flags: [opt.short, opt.long].filter((f): f is string => f !== undefined),
    value: !takesValue ? null : (hints.values?.[`${command} ${long}`] ?? (opt.argChoices ? wordsOf(opt.argChoices) : undefined) ?? hints.values?.[long] ?? guessValue(opt.long)),
    repeatable: opt.variadic || Array.isArray(opt.defaultValue),
  };
}

/** Reads commands, options and arguments from the program, as its help shows them. */
export function describeProgram(program: Command, hints: Hints = {}): ProgramSpec {
  const help = program.createHelp();
  const programOptions = help.visibleOptions(program);
  const globals = programOptions.filter((o) => o.long !== '--version').map((o) => optionSpec('', o, hints));
  const topLevel = programOptions.filter((o) => o.long === '--version').map((o) => optionSpec('', o, hints));
  const commands = help.visibleCommands(program).map((cmd): CommandSpec => {
    const name = cmd.name();
    const known = hints.args?.[name];
    return {
      name,
      aliases: cmd.aliases(),
      options: help
        .visibleOptions(cmd)
        .filter((o) => o.long !== '--help')
        .map((o) => optionSpec(name, o, hints)),
      args: cmd.registeredArguments.map((arg, i) => known?.[i] ?? (arg.argChoices ? wordsOf(arg.argChoices) : guessArgument(arg.name()))),
      variadic: cmd.registeredArguments.at(-1)?.variadic ?? false,
    };
  });
  // `pln help <TAB>` offers commands and topics.
  const helpCmd = commands.find((c) => c.name === 'help');
  if (helpCmd) helpCmd.args = [wordsOf([...commands.map((c) => c.name).filter((n) => n !== 'help'), ...(hints.topics ?? [])])];
  return { globals, topLevel, commands };
}

/** What the word under the cursor can be. */
export interface Completion {
  source: Source;
  /** The word as typed, without the shell's quoting: candidates start with it. */
  prefix: string;
  /** Written before each candidate: `--sort=` when completing `--sort=l`. */
  lead: string;
  /** The network named by `--dir` on the line, if any. */
  dir?: string;
  /** Options already given (for options, a flag given once is not offered again). */
  used: Set<string>;
  command?: CommandSpec;
}

/** A word as the shell would pass it: without a leading quote and backslash escapes. */
function unquote(word: string): string {
  const q = word[0];
  if (q !== "'" && q !== '"') return word.replace(/\\(.)/g, '$1');
  const inner = word.slice(1, word.length > 1 && word.endsWith(q) ? -1 : undefined);
  return q === "'" ? inner : inner.replace(/\\(.)/g, '$1');
}

function findOption(opts: OptionSpec[], flag: string): OptionSpec | undefined {
  return opts.find((o) => o.flags.includes(flag));
}

/**
 * What the last of `words` (the words after `pln`; the last may be empty)
 * can be. bash splits `--opt=value` into `--opt`, `=`, `value`; both forms
 * are read.
 */
export function decide(spec: ProgramSpec, input: readonly string[]): Completion {
  // Join bash's `--opt` `=` `value` back into `--opt=value`; bash then replaces only the value.
  const words: string[] = [];
  let split = false;
  for (let i = 0; i < input.length; i++) {
    const w = input[i]!;
    const prev = words.at(-1);
    split = w === '=' && prev !== undefined && prev.startsWith('--') && !prev.includes('=');
    if (split) words[words.length - 1] = `${prev}=${input[++i] ?? ''}`;
    else words.push(w);
  }
  if (words.length === 0) words.push('');
  const cur = unquote(words.pop()!);
  let command: CommandSpec | undefined;
  let unknown = false;
  let positional = 0;
  let pending: OptionSpec | undefined;
  let rest = false;
  let dir: string | undefined;
  const used = new Set<string>();
  const options = () => (command ? [...command.options, ...spec.globals] : [...spec.topLevel, ...spec.globals]);

  for (const raw of words) {
    const w = unquote(raw);
    if (pending) {
      if (pending.flags.includes('--dir')) dir = w;
      pending = undefined;
      continue;
    }
    if (!rest && w === '--') {
      rest = true;
      continue;
    }
    if (!rest && w.startsWith('-') && w.length > 1) {
      const eq = w.startsWith('--') ? w.indexOf('=') : -1;
      const flag = eq >= 0 ? w.slice(0, eq) : w.startsWith('--') ? w : w.slice(0, 2);
      const inline = eq >= 0 ? w.slice(eq + 1) : w.startsWith('--') || w.length === 2 ? undefined : w.slice(2);
      const opt = findOption(options(), flag);
      if (opt) opt.flags.forEach((f) => used.add(f));
      if (opt?.value) {
        if (inline === undefined) pending = opt;
        else if (opt.flags.includes('--dir')) dir = inline;
      }
      continue;
    }
    if (command === undefined && !unknown) {
      command = spec.commands.find((c) => c.name === w || c.aliases.includes(w));
      unknown = command === undefined;
    } else {
      positional++;
    }
  }

  const base = { prefix: cur, lead: '', dir, used, command };
  if (unknown) return { ...base, source: NONE };
  if (pending) return { ...base, source: pending.value! };
  if (!rest && cur.startsWith('-')) {
    const eq = cur.startsWith('--') ? cur.indexOf('=') : -1;
    if (eq >= 0) {
      const opt = findOption(options(), cur.slice(0, eq));
      return { ...base, source: opt?.value ?? NONE, prefix: cur.slice(eq + 1), lead: split ? '' : cur.slice(0, eq + 1) };
    }
    const flags = options()
      .filter((o) => o.repeatable || !o.flags.some((f) => used.has(f)))
      .flatMap((o) => o.flags);
    return { ...base, source: wordsOf(flags) };
  }
  if (command === undefined) {
    const names = spec.commands.flatMap((c) => [c.name, ...c.aliases]).sort();
    return { ...base, source: wordsOf(names) };
  }
  const arg = positional < command.args.length ? command.args[positional] : command.variadic ? command.args.at(-1) : undefined;
  return { ...base, source: arg ?? NONE };
}

/** The people, tags and topics of a network, as completion needs them. */
export interface CompletionData {
  contacts: readonly { slug: string; name: string; aliases: readonly string[]; tags: readonly string[]; expertise: readonly string[] }[];
}

/** Values that start with `prefix` (case- and accent-insensitive), each once, sorted; never one that looks like a directive. */
export function distinct(values: readonly string[], prefix: string): string[] {
  const p = fold(prefix);
  const seen = new Map<string, string>();
  for (const raw of values) {
    const v = stripControl(raw.replace(/[\r\n\t]+/g, ' ')).trim();
    const key = fold(v);
    if (v === '' || v.startsWith(':') || !key.startsWith(p) || seen.has(key)) continue;
    seen.set(key, v);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/**
 * The candidates for a decided completion, one per line as `pln __complete`
 * prints them: words, or the single line `:files` or `:dirs` when the shell
 * should complete paths itself. `data` is asked for only when people, tags
 * or topics are wanted.
 */
export function candidates(c: Completion, data: () => CompletionData | null): string[] {
  const s = c.source;
  switch (s.kind) {
    case 'none':
      return [];
    case 'files':
    case 'dirs':
      return c.lead === '' ? [`:${s.kind}`] : [];
    case 'words':
      return s.words.filter((w, i) => w.startsWith(c.prefix) && s.words.indexOf(w) === i).map((w) => c.lead + w);
  }
  const net = data();
  if (net === null) return [];
  let out: string[];
  if (s.kind === 'tags')
    out = distinct(
      net.contacts.flatMap((p) => p.tags),
      c.prefix.replace(/^#/, ''),
    );
  else if (s.kind === 'topics')
    out = distinct(
      net.contacts.flatMap((p) => p.expertise),
      c.prefix,
    );
  else {
    // People by slug; or else by a word of their name or an alias (`lovel` → ada-lovelace).
    out = distinct(
      net.contacts.map((p) => p.slug),
      c.prefix,
    );
    if (out.length === 0 && c.prefix !== '') {
      const p = fold(c.prefix);
      const byName = net.contacts.filter((x) => [x.name, ...x.aliases].some((n) => fold(n).startsWith(p) || nameWords(n).some((w) => w.startsWith(p))));
      out = distinct(
        byName.map((x) => x.slug),
        '',
      );
    }
  }
  return out.map((v) => c.lead + v);
}
