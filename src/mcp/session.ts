/**
 * One request's view of the command line: an App whose output goes into
 * strings instead of the process's streams, and which runs `pln` commands
 * in-process. A tool is the very command a person would type, so its
 * result is the command's `--json` value, its writes take the command's
 * locked, atomic, minimal-diff path, and WHO is resolved as on a pipe:
 * never by asking, an ambiguous name is an error listing the candidates.
 */
import { App } from '../cli/app.js';

/** What a command printed, and how it ended. */
export interface CommandResult {
  code: number;
  stdout: string;
  /** Error lines (`pln: ` taken off; usage hints for a terminal left out). */
  errors: string[];
  /** Warning lines (`warning: ` taken off): bad files, a due date in the past, ... */
  warnings: string[];
}

/** A write-only stream into a string. */
class Capture {
  private chunks: string[] = [];
  readonly isTTY = false;
  write = (chunk: string | Uint8Array): boolean => {
    this.chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  take(): string {
    const text = this.chunks.join('');
    this.chunks = [];
    return text;
  }
}

export interface SessionOptions {
  /** `--dir` of `pln mcp`, when given. */
  dir?: string;
  env: NodeJS.ProcessEnv;
  /** Runs a command line in-process (the CLI's `run`). */
  run: (argv: string[], app: App) => Promise<number>;
}

/**
 * The environment for commands run here: no colour, no pager, no terminal
 * width (tables are not cut to a width nobody sees).
 */
function commandEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, NO_COLOR: '1' };
  for (const k of ['FORCE_COLOR', 'COLUMNS', 'PAGER', 'PLN_PAGER']) delete out[k];
  return out;
}

export class Session {
  readonly app: App;
  private readonly out = new Capture();
  private readonly err = new Capture();
  private readonly globals: string[];
  private readonly runCli: SessionOptions['run'];

  constructor(opts: SessionOptions) {
    // stdin is the protocol's: a command here never reads it (not interactive).
    const stdin = { isTTY: false } as NodeJS.ReadStream;
    this.app = new App(commandEnv(opts.env), { stdout: this.out as unknown as NodeJS.WriteStream, stderr: this.err as unknown as NodeJS.WriteStream, stdin });
    this.runCli = opts.run;
    this.globals = ['--no-color', '--no-pager', ...(opts.dir === undefined ? [] : ['--dir', opts.dir])];
    // For what is asked of the app directly (resources, the prompt), not through a command.
    this.app.globals = { dir: opts.dir, color: false, pager: false };
  }

  /** Runs `pln ARGV` (the network read once per session, re-read after a write). */
  async run(argv: readonly string[]): Promise<CommandResult> {
    this.app.exitCode = 0;
    const code = await this.runCli([...this.globals, ...argv], this.app);
    const errors: string[] = [];
    const warnings: string[] = [];
    for (const line of this.err.take().split('\n')) {
      if (line.trim() === '' || /^Usage: pln |^\(see pln /.test(line)) continue;
      if (line.startsWith('warning: ')) warnings.push(line.slice('warning: '.length));
      else errors.push(line.replace(/^pln: /, ''));
    }
    return { code, stdout: this.out.take(), errors, warnings };
  }

  /**
   * Ends the session as the end of a process would: caches read or changed
   * are written now, and forgotten, so that the next request sees the
   * folder as it is then (someone may edit a file in between).
   */
  close(): void {
    this.app.flush();
  }
}
