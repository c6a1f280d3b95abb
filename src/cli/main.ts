/**
 * The `pln` program: the command table, global options, and the one
 * top-level catch that maps errors to exit codes (0 done, 1 failed, 2 usage).
 */
import { Command, CommanderError } from 'commander';
import { DEFAULT_CONFIG } from '../domain/contact.js';
import { PlnError, usageError } from '../domain/errors.js';
import { editDistance } from '../domain/text.js';
import { requireNetwork } from '../store/folder.js';
import { beginChange } from '../store/journal.js';
import { App } from './app.js';
import { terminalSafe } from './terminal-safe.js';
import { commandWord, GLOBAL_OPTIONS } from './args.js';
import { printCompletions } from './commands/completion.js';
import { COMMAND_MODULES, COMMANDS, type Register } from './commands/index.js';
import { HELP_TOPICS, TOPIC_SUMMARIES, isHelpTopic, topicText } from './help-topics.js';

import { VERSION } from './version.js';

export { VERSION };

/** The command being run (by program), for the usage line of a usage error. */
const running = new WeakMap<Command, Command>();

/**
 * The program. With `only`, just that command's module is registered (the
 * run of a known command needs no other); without it, every command, for
 * the help, `pln help` and the suggestions for a mistyped command.
 */
export function buildProgram(app: App, only?: Register): Command {
  const program = new Command('pln');
  program
    .description('a personal CRM for your professional learning network, over plain Markdown files')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-d, --dir <dir>', 'the network folder (default: $PLN_DIR, the nearest folder with pln.yml, or ~/pln)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--debug', 'show stack traces of internal errors')
    .option('--no-pager', 'never page long output (otherwise $PAGER on a terminal)')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => app.streams.stdout.write(s),
      writeErr: (s) => app.streams.stderr.write(s),
      // Commander's own answers, from the streams and environment of this run (not of the
      // process); no width off a terminal means commander's default, 80.
      getOutHelpWidth: () => (app.streams.stdout.isTTY ? app.streams.stdout.columns : undefined) as number,
      getErrHelpWidth: () => (app.streams.stderr.isTTY ? app.streams.stderr.columns : undefined) as number,
      getOutHasColors: () => helpColors(app, app.streams.stdout),
      getErrHasColors: () => helpColors(app, app.streams.stderr),
      // One style for every error: `pln: what went wrong`.
      outputError: (s, write) => write(withNearestCommand(s.replace(/^error: /, 'pln: '), program)),
    })
    .hook('preAction', (_this, action) => {
      app.globals = action.optsWithGlobals();
      running.set(program, action);
    });
  for (const register of only ? [only] : COMMANDS) register(program, app);
  if (!only) registerHelp(program, app);
  const topics = HELP_TOPICS.map((t) => `  ${t.padEnd(8)} ${TOPIC_SUMMARIES[t]}`).join('\n');
  program.addHelpText('after', `\nHelp topics (pln help TOPIC):\n${topics}\n\nExamples:\n  pln due\n  pln who rust\n  pln show ada\n  pln help format`);
  for (const cmd of program.commands) {
    cmd.exitOverride().showSuggestionAfterError(true).configureOutput(program.configureOutput());
    cmd.configureHelp({ showGlobalOptions: true });
  }
  return program;
}

/**
 * Commander suggests a command only when it is very close (`lgo` → log);
 * a short word two typos away (`dew` → due) gets the nearest one here.
 */
function withNearestCommand(message: string, program: Command): string {
  const m = /^pln: unknown command '(.{1,40})'\n$/.exec(message);
  if (!m) return message;
  const word = m[1]!.toLowerCase();
  const names = program.commands.flatMap((c) => [c.name(), ...c.aliases()]).filter((n) => n !== 'merge-driver');
  const near = nearest(word, names, 2);
  return near ? `${message}(Did you mean ${near}?)\n` : message;
}

/** The closest of `names` to `word` within `max` edits (ties: the one sharing the first letter, then the first listed). */
export function nearest(word: string, names: readonly string[], max: number): string | null {
  let best: { n: string; d: number } | null = null;
  for (const n of names) {
    const d = editDistance(word, n, max) - (n[0] === word[0] ? 0.5 : 0);
    if (d <= max && (best === null || d < best.d)) best = { n, d };
  }
  return best?.n ?? null;
}

/** Whether commander may keep colours in what it prints: its own rule, over this run's environment. */
function helpColors(app: App, stream: NodeJS.WriteStream): boolean {
  const env = app.env;
  if (env.NO_COLOR || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined) return true;
  return Boolean(stream.isTTY && stream.hasColors?.());
}

/** `pln help [COMMAND|TOPIC]`: a command's help, or one of the guides in help-topics.ts. */
function registerHelp(program: Command, app: App): void {
  program
    .command('help')
    .argument('[name]', `a command, or a topic: ${HELP_TOPICS.join(', ')}`)
    .description('show the help of a command, or a guide to a topic')
    .addHelpText('after', '\nExamples:\n  pln help due\n  pln help format\n  pln help dates')
    .action((name: string | undefined) => {
      if (name === undefined) return program.outputHelp();
      if (isHelpTopic(name)) return app.page(topicText(name));
      const visible = program.createHelp().visibleCommands(program);
      const cmd = visible.find((c) => c.name() === name || c.aliases().includes(name));
      if (cmd) return cmd.outputHelp();
      const names = [...visible.map((c) => c.name()), ...HELP_TOPICS];
      const near = names.map((n) => ({ n, d: editDistance(name, n, 2) })).sort((a, b) => a.d - b.d)[0];
      const hint = near && near.d <= 2 ? ` (did you mean ${near.n}?)` : '';
      throw usageError(`no command or help topic "${name}"${hint}; topics: ${HELP_TOPICS.join(', ')}`);
    });
}

/**
 * Bare `pln` (nothing but global options, as in `pln --dir ~/net`) shows the
 * daily agenda. Anything else, `--help`, `--version`, a command or an
 * unknown option, is left for commander to handle as usual.
 */
export function withDefaultCommand(argv: string[]): string[] {
  if (commandWord(argv) !== null) return argv;
  // `--json` belongs to the command: `pln --json` is `pln today --json`.
  const json = argv.includes('--json');
  return [...argv.filter((a) => a !== '--json'), 'today', ...(json ? ['--json'] : [])];
}

/** The module of the command these arguments run; undefined when it is not a known command (or help is asked for). */
export function moduleOf(args: string[]): Register | undefined {
  const word = commandWord(args);
  return typeof word === 'string' && Object.hasOwn(COMMAND_MODULES, word) ? COMMAND_MODULES[word] : undefined;
}

/** Whether the network pln would use (no --dir given) exists yet. */
function networkExists(app: App): boolean {
  try {
    requireNetwork(app.location(), DEFAULT_CONFIG.contactsDir);
    return true;
  } catch {
    return false;
  }
}

/** The command line without the global options, as undo names a change. */
function withoutGlobals(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    // After `--` every word is an argument, `--dir=x` too (`pln add -- --dir=x`).
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const takesValue = GLOBAL_OPTIONS.get(a);
    if (takesValue === true) i++;
    else if (takesValue === undefined && !a.startsWith('--dir=') && !/^-d./.test(a)) out.push(a);
  }
  return out;
}

/**
 * Runs the CLI and returns the exit code; never throws. Ends by writing the
 * caches the run brought up to date: nothing of it is left for process exit.
 */
export async function run(argv: string[], app: App): Promise<number> {
  // For a command that runs other commands in-process (pln mcp) without importing this module.
  app.runner = run;
  // The completion scripts' call: its words are a command line being typed, read by complete.ts, not by commander.
  if (argv[0] === '__complete') {
    try {
      printCompletions(argv.slice(1), app, buildProgram(app));
    } finally {
      app.flush();
    }
    return 0;
  }
  const args = withDefaultCommand(argv);
  // Whatever this run writes is one change for pln undo.
  beginChange(['pln', ...withoutGlobals(argv)].join(' '));
  const program = buildProgram(app, argv.length === 0 ? undefined : moduleOf(args));
  try {
    // A first run, with no network anywhere: bare `pln` shows how to start, not an error.
    if (argv.length === 0 && !networkExists(app)) {
      program.outputHelp();
      app.print('\nNo network yet: create one with pln init (or try pln init --sample).');
      return 0;
    }
    await program.parseAsync(args, { from: 'user' });
    return app.exitCode;
  } catch (err) {
    return handleError(err, app, program);
  } finally {
    app.flush();
  }
}

function handleError(err: unknown, app: App, program: Command): number {
  const stderr = app.streams.stderr;
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    // Commander has already printed the message; point at the help.
    const cmdName = program.args[0];
    const sub = program.commands.find((c) => c.name() === cmdName || c.aliases().includes(cmdName ?? ''));
    stderr.write(`Usage: ${sub ? `pln ${sub.name()} ${sub.usage()}` : `pln ${program.usage()}`}\n(see pln ${sub ? `${sub.name()} ` : ''}--help)\n`);
    return 2;
  }
  if (err instanceof PlnError) {
    stderr.write(`pln: ${terminalSafe(err.message)}\n`);
    for (const d of err.details) stderr.write(`${terminalSafe(d)}\n`);
    if (err.kind === 'usage') {
      const action = running.get(program);
      const cmd = action && action !== program ? action : null;
      stderr.write(cmd ? `Usage: pln ${cmd.name()} ${cmd.usage()}\n(see pln ${cmd.name()} --help)\n` : '(see pln --help)\n');
    }
    return err.exitCode;
  }
  if (err instanceof Error && err.name === 'ExitPromptError') {
    // Ctrl-C at a prompt: the shell convention for SIGINT.
    stderr.write('pln: cancelled\n');
    return 130;
  }
  const sys = err as NodeJS.ErrnoException;
  if (sys && typeof sys.code === 'string' && typeof sys.path === 'string') {
    // A file-system refusal is the user's situation, not our bug: say what and where.
    const why: Record<string, string> = {
      ENOENT: 'no such file or folder',
      ENOTDIR: 'a file is in the way where a folder is expected',
      EEXIST: 'already exists',
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      EROFS: 'read-only file system',
      ENOSPC: 'no space left on the device',
      EISDIR: 'is a folder, not a file',
    };
    stderr.write(`pln: ${terminalSafe(sys.path)}: ${why[sys.code] ?? sys.code}\n`);
    return 1;
  }
  const e = err as Error;
  stderr.write(`pln: internal error: ${terminalSafe(e?.message ?? String(err))}${app.globals.debug ? '' : ' (run with --debug for details)'}\n`);
  if (app.globals.debug && e?.stack) stderr.write(`${e.stack}\n`);
  return 1;
}
