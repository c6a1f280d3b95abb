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
 * is that of the source being run and the SHA-256 of its data holds (then
 * V8 checks version and flags). A cache that is missing, damaged or rejected
 * is not used and is written anew after the run; a run that used one and
 * fails deletes it. Each command has its own (what its first successful run
 * compiled): V8 reads a cache whole, so a smaller one is read sooner.
 *
 *     SHA-256 of the source (32 bytes) | SHA-256 of V8's data (32 bytes) | V8's data
 *
 * Bundled as CommonJS (dist/pln.cjs, required by bin/pln.cjs): Node starts a
 * CommonJS program without its ES module loader, a few milliseconds sooner.
 */
import type { App as AppClass } from './app.js';
import { commandWord } from './args.js';
import type { run as runFn } from './main.js';

declare const __PLN_VERSION__: string;
declare const __PLN_CACHE_KEY__: string;

// Before the code below runs (it runs as this module loads).
/** Bytes before V8's data in a code cache file: two SHA-256 digests. */
const HEADER = 64;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${typeof __PLN_VERSION__ === 'string' ? __PLN_VERSION__ : '0.0.0-dev'}\n`);
} else {
  const { cli: { App, run }, endCodeCache } = loadCli(require);
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
  const hashOfSource = () => (sourceHash ??= sha256(require, Buffer.from(source, 'latin1')));
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

function sha256(require: NodeJS.Require, bytes: Uint8Array): Buffer {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest();
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

/**
 * Whether a folder is one only this user can write: a real folder (not a
 * link), owned by us, writable by no one else; and its parent (which could
 * otherwise swap it) the same, or root's, or sticky like /tmp.
 */
function privateFolder(fs: typeof import('node:fs'), path: typeof import('node:path'), dir: string): boolean {
  if (process.platform === 'win32') return true;
  const uid = process.getuid?.() ?? -1;
  try {
    const st = fs.lstatSync(dir);
    if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o022) !== 0) return false;
    const up = fs.statSync(path.dirname(dir));
    return up.isDirectory() && (up.uid === uid || up.uid === 0) && ((up.mode & 0o022) === 0 || (up.mode & 0o1000) !== 0);
  } catch {
    return false;
  }
}

/** A regular file of ours that no one else can write, at most `max` bytes. */
function privateFile(st: import('node:fs').Stats, max: number): boolean {
  if (!st.isFile() || st.size > max) return false;
  return process.platform === 'win32' || (st.uid === (process.getuid?.() ?? -1) && (st.mode & 0o022) === 0);
}

/** The cached code, when it was compiled from this very source and its data is whole (V8 checks the rest). */
function readCodeCache(fs: typeof import('node:fs'), require: NodeJS.Require, file: string, sourceHash: () => Buffer): Buffer | undefined {
  const path = require('node:path') as typeof import('node:path');
  if (!privateFolder(fs, path, path.dirname(file))) return undefined;
  let fd: number | null = null;
  try {
    // Never follows a link, never waits on a FIFO.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
    const st = fs.fstatSync(fd);
    if (!privateFile(st, MAX_CACHE_BYTES) || st.size <= HEADER) return undefined;
    const bytes = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < bytes.length) {
      const n = fs.readSync(fd, bytes, got, bytes.length - got, got);
      if (n === 0) return undefined;
      got += n;
    }
    const data = bytes.subarray(HEADER);
    if (!bytes.subarray(0, 32).equals(sourceHash())) return undefined;
    if (!bytes.subarray(32, HEADER).equals(sha256(require, data))) return undefined;
    return data;
  } catch {
    // No cache yet, or not readable: compile as usual.
    return undefined;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function removeQuietly(fs: typeof import('node:fs'), file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing more to do.
  }
}

/** Makes the cache folder (mode 0700) and its parent when absent, one level each: never a deep mkdir. */
function makeCacheFolder(fs: typeof import('node:fs'), path: typeof import('node:path'), dir: string): void {
  for (const d of [path.dirname(dir), dir]) {
    try {
      fs.mkdirSync(d, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Writes the code cache atomically into our private folder, and removes stale ones of other versions; never fails. */
function writeCodeCache(fs: typeof import('node:fs'), require: NodeJS.Require, file: string, sourceHash: Buffer, data: Buffer): void {
  const path = require('node:path') as typeof import('node:path');
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | null = null;
  try {
    const dir = path.dirname(file);
    makeCacheFolder(fs, path, dir);
    if (!privateFolder(fs, path, dir)) return;
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    const bytes = Buffer.concat([sourceHash, sha256(require, data), data]);
    let off = 0;
    while (off < bytes.length) {
      const n = fs.writeSync(fd, bytes, off, bytes.length - off);
      if (n <= 0) throw new Error('short write');
      off += n;
    }
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, file);
    // Those of other versions (or commands), once unused for a week.
    for (const name of fs.readdirSync(dir)) {
      const other = path.join(dir, name);
      if (name.startsWith('code-') && name !== path.basename(file) && Date.now() - fs.lstatSync(other).atimeMs > 7 * 86_400_000) fs.rmSync(other, { force: true });
    }
  } catch {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed.
      }
    }
    removeQuietly(fs, tmp);
  }
}
