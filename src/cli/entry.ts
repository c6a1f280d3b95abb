/**
 * Process entry, kept tiny: `pln --version` answers without loading anything,
 * every other command loads the CLI (and, through it, only what it needs).
 *
 * The CLI is one CommonJS file, compiled with V8's code cache: the compiled
 * code of earlier runs (of this very file, on this Node) is kept in the
 * user's cache folder and handed back to V8, which saves compiling the CLI
 * again at every start. The cache is trusted only in a folder that only this
 * user can write (checked: owner and mode, no symlink), only as a regular
 * file of ours, and only when the SHA-256 of the source it was compiled from
 * is that of the source being run (computed by the build) and the CRC-32 of
 * its data holds (then V8 checks version and flags). A cache that is missing, damaged or rejected
 * is not used and is written anew after the run; a run that used one and
 * fails deletes it. Each command has its own (what its first successful run
 * compiled): V8 reads a cache whole, so a smaller one is read sooner.
 *
 *     SHA-256 of the source (32 bytes) | CRC-32 of V8's data (4 bytes) | V8's data
 *
 * Bundled as CommonJS (dist/pln.cjs, required by bin/pln.cjs): Node starts a
 * CommonJS program without its ES module loader, a few milliseconds sooner.
 */
import type { App as AppClass } from './app.js';
import { commandWord } from './args.js';
import type { run as runFn } from './main.js';

import { codeCacheFile, readCodeCache, removeQuietly, sha256, writeCodeCache } from '../store/code-cache.js';

declare const __PLN_VERSION__: string;
/** The SHA-256 of dist/chunks/cli.cjs in hex, written in by the build. */
declare const __PLN_BUNDLE_SHA256__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${typeof __PLN_VERSION__ === 'string' ? __PLN_VERSION__ : '0.0.0-dev'}\n`);
} else {
  const {
    cli: { App, run },
    endCodeCache,
  } = loadCli(require);
  // Into a pipe or a file, output is written straight to the descriptor
  // (what Node's own stream does there, synchronously, without building the
  // stream); on a terminal, the real stream (colours, width, prompts).
  // stderr and stdin are opened only when a command uses them.
  const toTerminal = (require('node:tty') as typeof import('node:tty')).isatty(1);
  if (toTerminal) {
    // A closed pipe (`pln list | head`) is not an error.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  }
  const stdout = toTerminal ? process.stdout : descriptorStream(require, 1);
  let stderrOpened = false;
  const streams = {
    stdout,
    get stderr() {
      stderrOpened = true;
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
  };
  const app = new App(process.env, streams, process.cwd());
  void run(argv, app).then((code) => {
    process.exitCode = code;
    endCodeCache(code);
    // Exiting here spares Node tearing down the heap, which takes a while
    // after reading a large network (about 13 ms at 10,000 people). Not
    // while output is still queued (a pipe on macOS, say): then Node
    // exits once it is written.
    const queued = (toTerminal && process.stdout.writableLength > 0) || (stderrOpened && process.stderr.writableLength > 0);
    if (!queued) process.exit(code);
  });
}

/** A write-only stand-in for process.stdout on a pipe or file: every byte written before write returns. */
function descriptorStream(require: NodeJS.Require, fd: number): NodeJS.WriteStream {
  const fs = require('node:fs') as typeof import('node:fs');
  let pause: Int32Array | undefined;
  const write = (chunk: string | Uint8Array): boolean => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let off = 0; off < bytes.length; ) {
      try {
        off += fs.writeSync(fd, bytes, off, bytes.length - off);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A closed pipe (`pln list | head`) is not an error.
        if (code === 'EPIPE') process.exit(0);
        // A full disk, `> /dev/full`: named like any file pln cannot write (`pln: standard output: ...`).
        if (code !== 'EAGAIN') throw Object.assign(err as NodeJS.ErrnoException, { path: 'standard output' });
        // A non-blocking pipe that is full: wait a moment for the reader.
        pause ??= new Int32Array(new SharedArrayBuffer(4));
        Atomics.wait(pause, 0, 0, 2);
      }
    }
    return true;
  };
  return { fd, isTTY: false, write } as unknown as NodeJS.WriteStream;
}

interface Cli {
  App: typeof AppClass;
  run: typeof runFn;
}

/** The CLI, and what writes its code cache once the command has run (a no-op when the cache in use is good). */
function loadCli(require: NodeJS.Require): { cli: Cli; endCodeCache: (code: number) => void } {
  const fs = require('node:fs') as typeof import('node:fs');
  const vm = require('node:vm') as typeof import('node:vm');
  const path = require('node:path') as typeof import('node:path');
  const file = path.join(__dirname, 'chunks', 'cli.cjs');
  const url = (require('node:url') as typeof import('node:url')).pathToFileURL(file);
  // The build writes it in ASCII: Latin-1 is the quickest way to read it.
  const source = fs.readFileSync(file, 'latin1');
  const cacheFile = codeCacheFile(require, commandOf(argv));
  let sourceHash: Buffer | null = null;
  const hashOfSource = () =>
    (sourceHash ??= typeof __PLN_BUNDLE_SHA256__ === 'string' && __PLN_BUNDLE_SHA256__.length === 64 ? Buffer.from(__PLN_BUNDLE_SHA256__, 'hex') : sha256(require, Buffer.from(source, 'latin1')));
  const cached = cacheFile === null ? undefined : readCodeCache(fs, require, cacheFile, hashOfSource);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __plnImport, __plnUrl) {${source}\n})`, {
    filename: file,
    cachedData: cached,
  });
  const module = { exports: {} as Cli };
  const load = script.runInThisContext() as (...args: unknown[]) => void;
  const { createRequire } = require('node:module') as typeof import('node:module');
  load(module.exports, createRequire(file), module, file, path.dirname(file), (p: string) => import(new URL(p, url).href), url.href);
  const fresh = cached === undefined || script.cachedDataRejected === true;
  // After the run, so that the functions this command compiled are in it too;
  // only after a run that worked (a mistyped command has no cache). A run
  // that used a cache and failed deletes it: the next one compiles afresh.
  const endCodeCache = (code: number) => {
    if (cacheFile === null) return;
    if (code === 0 && fresh) writeCodeCache(fs, require, cacheFile, hashOfSource(), script.createCachedData());
    else if (code !== 0 && !fresh) removeQuietly(fs, cacheFile);
  };
  return { cli: module.exports, endCodeCache };
}

/** The command these arguments run, for naming its code cache (`today` when none); null when unclear. */
function commandOf(args: string[]): string | null {
  const word = commandWord(args);
  if (word === null) return 'today';
  return word !== undefined && /^[a-z_-]{1,20}$/.test(word) ? word : null;
}
