/**
 * `pln` run inside the test process: `run(argv, app)` from the TypeScript
 * source, with an App over captured output streams (not terminals), the
 * pinned environment of `pln()` and a working folder of its own. Same
 * options and result as `pln()` in pln.ts, asynchronously; no build needed.
 *
 * What only the real program does stays with `pln()`: terminals (pager,
 * prompts), signals, pipes, the code cache, git running `pln merge-driver`,
 * an editor sharing the terminal.
 */
import { Readable } from 'node:stream';
import { App, type Streams } from '../../src/cli/app.js';
import { run } from '../../src/cli/main.js';
import { baseEnv, ROOT, type RunOptions, type RunResult } from './pln.js';

export type { RunOptions, RunResult };

/** A write-only stream that keeps every byte; not a terminal. */
function capture(fd: number): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = {
    fd,
    isTTY: false,
    writableLength: 0,
    write(chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error) => void), done?: (err?: Error) => void): boolean {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk));
      const callback = typeof encoding === 'function' ? encoding : done;
      if (callback) queueMicrotask(() => callback());
      return true;
    },
  };
  // Decoded once at the end, as a spawned process's output is.
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Standard input holding `input`, then closed; not a terminal. */
function stdinOf(input: string): NodeJS.ReadStream {
  const stdin = Readable.from(input === '' ? [] : [Buffer.from(input, 'utf8')]) as unknown as NodeJS.ReadStream;
  Object.assign(stdin, { isTTY: false, fd: 0 });
  return stdin;
}

/** Runs one after another: two runs at once would share the process's module state. */
let queue: Promise<unknown> = Promise.resolve();

/** Runs `pln ARGS` in this process (with `--dir` when given) and returns what it printed and its exit code. */
export function plnIn(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const result = queue.then(() => runOnce(args, opts));
  queue = result.catch(() => undefined);
  return result;
}

async function runOnce(args: string[], opts: RunOptions): Promise<RunResult> {
  const full = opts.dir ? ['--dir', opts.dir, ...args] : args;
  const stdout = capture(1);
  const stderr = capture(2);
  const streams: Streams = { stdout: stdout.stream, stderr: stderr.stream, stdin: stdinOf(opts.input ?? '') };
  const app = new App(baseEnv(opts.env), streams, opts.cwd ?? opts.dir ?? ROOT);
  const code = await run(full, app);
  return { stdout: stdout.text(), stderr: stderr.text(), code };
}
