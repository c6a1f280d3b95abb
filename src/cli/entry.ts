/**
 * Process entry, kept tiny: `pln --version` answers without loading anything,
 * every other command loads the CLI (and, through it, only what it needs).
 *
 * The CLI is one CommonJS file, compiled with V8's code cache: the compiled
 * code of earlier runs (of this very file, on this Node) is kept in the
 * user's cache folder and handed back to V8, which saves compiling the CLI
 * again at every start. The cache is checked before use (our CRC-32, then
 * V8's own checks of version, flags and source); a cache that is missing,
 * damaged or rejected is simply not used, and written anew after the run. Each
 * command has its own (what its first successful run compiled): V8 reads a
 * cache whole, so a smaller one is read sooner.
 *
 *     CRC-32 of V8's data (u32 LE) | V8's data
 *
 * Bundled as CommonJS (dist/pln.cjs, required by bin/pln.cjs): Node starts a
 * CommonJS program without its ES module loader, a few milliseconds sooner.
 */
import type { App as AppClass } from './app.js';
import { commandWord } from './args.js';
import type { run as runFn } from './main.js';

declare const __PLN_VERSION__: string;
declare const __PLN_CACHE_KEY__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${typeof __PLN_VERSION__ === 'string' ? __PLN_VERSION__ : '0.0.0-dev'}\n`);
} else {
  const { cli: { App, run }, saveCodeCache } = loadCli(require);
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
    // Only after a run that worked (a mistyped command has no cache).
    if (code === 0) saveCodeCache();
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
        if (code !== 'EAGAIN') throw err;
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
function loadCli(require: NodeJS.Require): { cli: Cli; saveCodeCache: () => void } {
  const fs = require('node:fs') as typeof import('node:fs');
  const vm = require('node:vm') as typeof import('node:vm');
  const path = require('node:path') as typeof import('node:path');
  const file = path.join(__dirname, 'chunks', 'cli.cjs');
  const url = (require('node:url') as typeof import('node:url')).pathToFileURL(file);
  // The build writes it in ASCII: Latin-1 is the quickest way to read it.
  const source = fs.readFileSync(file, 'latin1');
  const cacheFile = codeCacheFile(require, commandOf(argv));
  const cached = cacheFile === null ? undefined : readCodeCache(fs, require, cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __plnImport, __plnUrl) {${source}\n})`, {
    filename: file,
    cachedData: cached,
  });
  const module = { exports: {} as Cli };
  const load = script.runInThisContext() as (...args: unknown[]) => void;
  const { createRequire } = require('node:module') as typeof import('node:module');
  load(module.exports, createRequire(file), module, file, path.dirname(file), (p: string) => import(new URL(p, url).href), url.href);
  // Written after the run, so that the functions this command compiled are in it too.
  const stale = cacheFile !== null && (cached === undefined || script.cachedDataRejected);
  const saveCodeCache = () => {
    if (stale) writeCodeCache(fs, require, cacheFile, script.createCachedData());
  };
  return { cli: module.exports, saveCodeCache };
}

/** The command these arguments run, for naming its code cache (`today` when none); null when unclear. */
function commandOf(args: string[]): string | null {
  const word = commandWord(args);
  if (word === null) return 'today';
  return word !== undefined && /^[a-z_-]{1,20}$/.test(word) ? word : null;
}

/** In `$XDG_CACHE_HOME/pln` or the platform's user cache folder: one file per Node version, build and command. */
function codeCacheFile(require: NodeJS.Require, command: string | null): string | null {
  if (command === null) return null;
  const env = process.env;
  const path = require('node:path') as typeof import('node:path');
  const home = env.HOME ?? env.USERPROFILE;
  let dir: string | null = null;
  if (env.XDG_CACHE_HOME) dir = env.XDG_CACHE_HOME;
  else if (process.platform === 'darwin' && home) dir = path.join(home, 'Library', 'Caches');
  else if (process.platform === 'win32' && env.LOCALAPPDATA) dir = env.LOCALAPPDATA;
  else if (home) dir = path.join(home, '.cache');
  if (dir === null || !path.isAbsolute(dir)) return null;
  const build = typeof __PLN_CACHE_KEY__ === 'string' ? __PLN_CACHE_KEY__ : 'source';
  return path.join(dir, 'pln', `code-${process.version}-${process.arch}-${build}-${command}.bin`);
}

/** The cached code, when its checksum holds (V8 checks the rest). */
function readCodeCache(fs: typeof import('node:fs'), require: NodeJS.Require, file: string): Buffer | undefined {
  try {
    const bytes = fs.readFileSync(file);
    const { crc32 } = require('node:zlib') as typeof import('node:zlib');
    if (bytes.length > 4 && bytes.readUInt32LE(0) === crc32(bytes.subarray(4))) return bytes.subarray(4);
  } catch {
    // No cache yet, or not readable: compile as usual.
  }
  return undefined;
}

/** Writes the code cache (CRC-32 first) atomically, and removes stale ones of other versions; never fails. */
function writeCodeCache(fs: typeof import('node:fs'), require: NodeJS.Require, file: string, data: Buffer): void {
  const path = require('node:path') as typeof import('node:path');
  const { crc32 } = require('node:zlib') as typeof import('node:zlib');
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const head = Buffer.alloc(4);
    head.writeUInt32LE(crc32(data));
    fs.writeFileSync(tmp, Buffer.concat([head, data]), { mode: 0o600 });
    fs.renameSync(tmp, file);
    // Those of other versions (or commands), once unused for a week.
    for (const name of fs.readdirSync(dir)) {
      const other = path.join(dir, name);
      if (name.startsWith('code-') && name !== path.basename(file) && Date.now() - fs.statSync(other).atimeMs > 7 * 86_400_000) fs.rmSync(other, { force: true });
    }
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
}
