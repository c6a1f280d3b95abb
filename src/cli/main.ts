/**
 * The `pln` program: the command table, global options, and the one
 * top-level catch that maps errors to exit codes (0 done, 1 failed, 2 usage).
 */
import { Command, CommanderError } from 'commander';
import { PlnError } from '../domain/errors.js';
import { App } from './app.js';
import { COMMANDS } from './commands/index.js';

declare const __PLN_VERSION__: string;
export const VERSION = typeof __PLN_VERSION__ === 'string' ? __PLN_VERSION__ : '0.0.0-dev';

export function buildProgram(app: App): Command {
  const program = new Command('pln');
  program
    .description('a personal CRM for your professional learning network, over plain Markdown files')
    .version(VERSION, '-V, --version', 'print the version')
    .option('-d, --dir <dir>', 'the network folder (default: $PLN_DIR, the nearest folder with pln.yml, or ~/pln)')
    .option('--no-color', 'no colours (also NO_COLOR=1)')
    .option('--debug', 'show stack traces of internal errors')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => app.streams.stdout.write(s),
      writeErr: (s) => app.streams.stderr.write(s),
    })
    .hook('preAction', (_this, action) => {
      app.globals = action.optsWithGlobals();
    });
  for (const register of COMMANDS) register(program, app);
  for (const cmd of program.commands) {
    cmd.exitOverride().showSuggestionAfterError(true).configureOutput(program.configureOutput());
    cmd.configureHelp({ showGlobalOptions: true });
  }
  return program;
}

/** Runs the CLI and returns the exit code; never throws. */
export async function run(argv: string[], app: App): Promise<number> {
  const program = buildProgram(app);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return app.exitCode;
  } catch (err) {
    return handleError(err, app, program);
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
    stderr.write(`pln: ${err.message}\n`);
    for (const d of err.details) stderr.write(`${d}\n`);
    if (err.kind === 'usage') stderr.write('(see pln --help)\n');
    return err.exitCode;
  }
  if (err instanceof Error && err.name === 'ExitPromptError') {
    stderr.write('pln: cancelled\n');
    return 1;
  }
  const e = err as Error;
  stderr.write(`pln: internal error: ${e?.message ?? String(err)}${app.globals.debug ? '' : ' (run with --debug for details)'}\n`);
  if (app.globals.debug && e?.stack) stderr.write(`${e.stack}\n`);
  return 1;
}
