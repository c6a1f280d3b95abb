/**
 * V8's code cache of the CLI, in the user's cache folder (see src/cli/entry.ts
 * for how it is used): where it lives, reading it only from a folder and a
 * file only this user can write, and writing it atomically. Functions take
 * `fs` and `require` from the entry, which loads built-in modules itself to
 * keep its start small.
 *
 *     SHA-256 of the source (32 bytes) | CRC-32 of V8's data (4 bytes, big-endian) | V8's data
 *
 * The source's SHA-256 is computed when the bundle is built (the entry has it
 * as a constant), so a start hashes nothing and loads no node:crypto; the
 * CRC-32 finds a torn or damaged file (the folder's permissions are what
 * keep other users out; see privateFolder).
 */

declare const __PLN_CACHE_KEY__: string;

/** Bytes before V8's data in a code cache file: the source's SHA-256 and the data's CRC-32. */
const HEADER = 36;
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

/** The SHA-256 of the source when the build did not give it (a bundle made some other way). */
export function sha256(require: NodeJS.Require, bytes: Uint8Array): Buffer {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(bytes).digest();
}

/** The data's CRC-32, as the 4 bytes of the header. */
function crcOf(require: NodeJS.Require, data: Uint8Array): Buffer {
  const { crc32 } = require('node:zlib') as typeof import('node:zlib');
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data));
  return out;
}

/** In `$XDG_CACHE_HOME/pln` or the platform's user cache folder: one file per Node version, build and command. */
export function codeCacheFile(require: NodeJS.Require, command: string | null): string | null {
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
export function readCodeCache(fs: typeof import('node:fs'), require: NodeJS.Require, file: string, sourceHash: () => Buffer): Buffer | undefined {
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
    if (!bytes.subarray(32, HEADER).equals(crcOf(require, data))) return undefined;
    return data;
  } catch {
    // No cache yet, or not readable: compile as usual.
    return undefined;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

export function removeQuietly(fs: typeof import('node:fs'), file: string): void {
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
export function writeCodeCache(fs: typeof import('node:fs'), require: NodeJS.Require, file: string, sourceHash: Buffer, data: Buffer): void {
  const path = require('node:path') as typeof import('node:path');
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | null = null;
  try {
    const dir = path.dirname(file);
    makeCacheFolder(fs, path, dir);
    if (!privateFolder(fs, path, dir)) return;
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600);
    const bytes = Buffer.concat([sourceHash, crcOf(require, data), data]);
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
