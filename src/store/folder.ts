/**
 * The only module that touches the network folder: finding it, reading its
 * settings and contact files, and writing files safely (lock, re-read,
 * temp file, fsync, rename).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { createHash } from 'node:crypto';
import { PlnError } from '../domain/errors.js';

export const MAX_FILE_BYTES = 1024 * 1024;

export interface FindOptions {
  dirOption?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface NetworkLocation {
  dir: string;
  /** How it was found: the flag, the environment, a `pln.yml` above, or the default. */
  source: 'flag' | 'env' | 'ancestor' | 'home';
}

/** `--dir` > `$PLN_DIR` > nearest ancestor holding `pln.yml` > `~/pln`. */
export function locateNetwork(opts: FindOptions = {}): NetworkLocation {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  if (opts.dirOption) return { dir: path.resolve(cwd, opts.dirOption), source: 'flag' };
  if (env.PLN_DIR) return { dir: path.resolve(cwd, env.PLN_DIR), source: 'env' };
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'pln.yml'))) return { dir, source: 'ancestor' };
    if (path.dirname(dir) === dir) break;
  }
  return { dir: path.join(env.HOME ?? os.homedir(), 'pln'), source: 'home' };
}

/** Throws the "no network here" error unless `dir` looks like a network. */
export function requireNetwork(loc: NetworkLocation, contactsDir: string): void {
  const hasConfig = fs.existsSync(path.join(loc.dir, 'pln.yml'));
  const hasContacts = isDirectory(path.join(loc.dir, contactsDir));
  if (hasConfig || hasContacts) return;
  const where = loc.source === 'home' ? `no network found (no pln.yml here or above, and no ${loc.dir})` : `no network at ${loc.dir}`;
  throw new PlnError('not-found', `${where}: create one with "pln init${loc.source === 'home' ? '' : ` ${loc.dir}`}" (or pass --dir)`);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** A contact file found under the contacts folder. */
export interface FileEntry {
  /** Absolute path. */
  abs: string;
  /** Relative to the network, `/`-separated. */
  rel: string;
  slug: string;
  /** Size, mtime and inode: the key the index cache compares (-1 when listed without `stat`, until read). */
  size: number;
  mtimeMs: number;
  ino: number;
  /** Set when the file is not read at all (symlink, too large, ...). */
  skip?: string;
}

/** One folder's entries as a walk saw them, so the next walk can skip listing it again. */
export interface FolderListing {
  /** Relative to the network, `/`-separated. */
  rel: string;
  /** The folder's mtime, taken before it was listed. */
  mtimeMs: number;
  /** When the walk started (ms since the epoch). */
  listedAt: number;
  /** The entries that matter, sorted: kind (`d` folder, `f` file, `l` link, `o` other) + name. */
  entries: string[];
}

export interface ListOptions {
  /** Listings from an earlier walk, by folder: one whose mtime is unchanged is not listed again. */
  known?: ReadonlyMap<string, FolderListing>;
  /** Receives this walk's listings (with `known`, or to start a cache). */
  record?: FolderListing[];
  /** When the walk started; listings of folders changed less than `racyMs` before are never reused. */
  startedAt?: number;
  racyMs?: number;
  /**
   * False: do not `stat` the files (size, mtime and inode are -1 until
   * `readContactText` fills them in from the open file, which costs less
   * when every file is read anyway).
   */
  stat?: boolean;
}

/**
 * Every `*.md` under the contacts folder, subfolders included, dot-entries
 * excluded, in a stable order. Symlinks are listed with `skip` set and never
 * followed: a link could point anywhere on the machine.
 *
 * With `known` listings, a folder whose mtime has not changed is not read
 * again (adding, removing or renaming an entry changes its folder's mtime);
 * each file is still `stat`ed, since editing a file changes only its own.
 */
export function listContactFiles(networkDir: string, contactsDir: string, opts: ListOptions = {}): FileEntry[] {
  const root = path.join(networkDir, contactsDir);
  const out: FileEntry[] = [];
  const startedAt = opts.startedAt ?? Date.now();
  const racyMs = opts.racyMs ?? 2000;
  const remember = opts.known !== undefined || opts.record !== undefined;
  const relOf = (abs: string) => path.relative(networkDir, abs).split(path.sep).join('/');

  const walk = (dir: string, depth: number) => {
    const relDir = relOf(dir);
    let listing: string[] | null = null;
    let mtimeMs = -1;
    if (remember) {
      try {
        mtimeMs = fs.statSync(dir).mtimeMs;
      } catch {
        mtimeMs = -1;
      }
      const known = opts.known?.get(relDir);
      // A folder changed within the racy window may change again with the same mtime.
      if (known && mtimeMs >= 0 && known.mtimeMs === mtimeMs && mtimeMs < known.listedAt - racyMs) {
        listing = known.entries;
        opts.record?.push(known);
      }
    }
    if (listing === null) {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        if (depth === 0 && (err as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw new PlnError('file', `${relDir || dir}: cannot read folder (${(err as NodeJS.ErrnoException).code})`);
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      listing = [];
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        if (e.isDirectory()) listing.push(`d${e.name}`);
        else if (e.name.endsWith('.md')) listing.push(`${e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o'}${e.name}`);
      }
      if (remember && mtimeMs >= 0) opts.record?.push({ rel: relDir, mtimeMs, listedAt: startedAt, entries: listing });
    }
    const base = dir + path.sep;
    const relBase = relDir === '' ? '' : `${relDir}/`;
    for (const item of listing) {
      const kind = item[0];
      const name = item.slice(1);
      const abs = base + name;
      if (kind === 'd') {
        if (depth < 16) walk(abs, depth + 1);
        continue;
      }
      const rel = relBase + name;
      const slug = name.slice(0, -3);
      if (kind === 'l') {
        out.push({ abs, rel, slug, size: 0, mtimeMs: 0, ino: 0, skip: 'is a symbolic link; pln does not follow links (copy the file in instead)' });
        continue;
      }
      if (kind !== 'f') continue;
      if (opts.stat === false) {
        out.push({ abs, rel, slug, size: -1, mtimeMs: -1, ino: -1 });
        continue;
      }
      const st = fs.statSync(abs);
      const entry: FileEntry = { abs, rel, slug, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
      if (st.size > MAX_FILE_BYTES) entry.skip = tooLarge(st.size);
      out.push(entry);
    }
  };
  walk(root, 0);
  return out;
}

// ignoreBOM keeps a byte-order mark in the text, so a write puts it back.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tooLarge(size: number): string {
  return `file is ${(size / 1048576).toFixed(1)} MiB, over the 1 MiB limit for a contact; not read`;
}

// One buffer for every contact file read in a load: no Buffer per file.
let shared = Buffer.allocUnsafe(64 * 1024);

/**
 * Reads a listed file as UTF-8 text (null when it is not valid UTF-8)
 * through a reused buffer. An entry listed without `stat` gets its size,
 * mtime and inode from the open file here, and `skip` when it is too large
 * (then nothing is read and the result is null).
 */
export function readContactText(entry: FileEntry): string | null {
  const fd = fs.openSync(entry.abs, 'r');
  let length = 0;
  try {
    if (entry.size < 0) {
      const st = fs.fstatSync(fd);
      entry.size = st.size;
      entry.mtimeMs = st.mtimeMs;
      entry.ino = st.ino;
      if (st.size > MAX_FILE_BYTES) {
        entry.skip = tooLarge(st.size);
        return null;
      }
    }
    for (;;) {
      if (length === shared.length) {
        const bigger = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(bigger, 0, 0, length);
        shared = bigger;
      }
      const wanted = shared.length - length;
      const n = fs.readSync(fd, shared, length, wanted, null);
      length += n;
      // A regular file gives less than asked only at its end: no read to see 0 bytes.
      if (n < wanted) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  try {
    return utf8.decode(shared.subarray(0, length));
  } catch {
    return null;
  }
}

/** Reads a file as UTF-8; null when it is not valid UTF-8. */
export function readText(abs: string): { text: string | null; bytes: Buffer } {
  const bytes = fs.readFileSync(abs);
  try {
    return { text: utf8.decode(bytes), bytes };
  } catch {
    return { text: null, bytes };
  }
}

/** Reads a file that may be absent. */
export function readOptional(abs: string): string | null {
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

// ---- safe writes -------------------------------------------------------------

const LOCK_TIMEOUT_MS = 15_000;
const LOCK_STALE_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Runs `fn` holding an exclusive lock for `name` under `.pln/locks/`. A lock
 * whose process is gone, or older than 30 s, is stale and taken over.
 */
export function withLock<T>(networkDir: string, name: string, fn: () => T): T {
  const lockDir = path.join(networkDir, '.pln', 'locks');
  try {
    fs.mkdirSync(lockDir, { recursive: true });
  } catch (err) {
    // A recursive mkdir on a read-only file system may say ENOENT; ask the folder itself why.
    try {
      fs.accessSync(networkDir, fs.constants.W_OK);
    } catch (why) {
      throw writeError(name, why);
    }
    throw writeError(name, err);
  }
  const lockPath = path.join(lockDir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.lock`);
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  let fd: number | null = null;
  for (let attempt = 0; fd === null; attempt++) {
    try {
      fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, String(process.pid));
    } catch (err) {
      if (fd !== null) {
        // Created but not written (a full disk): no lock, and no descriptor or file left behind.
        fs.closeSync(fd);
        fs.rmSync(lockPath, { force: true });
        throw writeError(name, err);
      }
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(name, err);
      if (isStale(lockPath)) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new PlnError('conflict', `another pln is writing ${name} (lock ${lockPath}); if none is running, delete that file`);
      }
      sleep(Math.min(5 + attempt * 3, 50) + Math.random() * 10);
    }
  }
  try {
    return fn();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lockPath, { force: true });
  }
}

function isStale(lockPath: string): boolean {
  try {
    const st = fs.statSync(lockPath);
    if (Date.now() - st.mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(fs.readFileSync(lockPath, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return Date.now() - st.mtimeMs > 1000;
    try {
      process.kill(pid, 0);
      return false;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false;
  }
}

/**
 * Replaces a file's content atomically: temp file in the same folder, every
 * byte written (a short write is an error), fsync, rename, fsync the folder.
 * Keeps the file's mode. Never writes through a symlink.
 */
export function writeAtomic(abs: string, text: string, displayPath: string): void {
  // A new file gets the default mode less the umask, as any editor would give it.
  let mode: number | undefined;
  try {
    const st = fs.lstatSync(abs);
    if (st.isSymbolicLink()) throw new PlnError('file', `${displayPath}: is a symbolic link; pln does not write through links`);
    mode = st.mode & 0o7777;
  } catch (err) {
    if (err instanceof PlnError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(displayPath, err);
  }
  const dir = path.dirname(abs);
  const tmp = path.join(dir, `.${path.basename(abs)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const data = Buffer.from(text, 'utf8');
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    let off = 0;
    while (off < data.length) {
      const n = fs.writeSync(fd, data, off, data.length - off);
      if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
      off += n;
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    if (mode !== undefined) fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, abs);
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw writeError(displayPath, err);
  }
  try {
    const dfd = fs.openSync(dir, 'r');
    fs.fsyncSync(dfd);
    fs.closeSync(dfd);
  } catch {
    // Some file systems cannot fsync a folder; the rename is already done.
  }
}

function writeError(displayPath: string, err: unknown): PlnError {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    EIO: 'an I/O error',
  };
  return new PlnError('file', `${displayPath}: could not write (${why[code ?? ''] ?? code ?? String(err)}); the file is unchanged`);
}

export interface UpdateOptions {
  networkDir: string;
  abs: string;
  /** Shown in messages: path relative to the network. */
  display: string;
  /** Hash of the text the caller's decision was based on; a mismatch re-applies `edit` to the new text. */
  expectedHash?: string;
}

/**
 * Read-modify-write of one file under its lock. `edit` gets the current text
 * and returns the new one (or null for no change); it may run again if the
 * file changes between the read and the rename (an editor saving), and the
 * write is refused if the file keeps changing.
 */
export function updateFile(opts: UpdateOptions, edit: (text: string) => string | null): { before: string; after: string | null } {
  return withLock(opts.networkDir, opts.display, () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = readCurrent(opts);
      const after = edit(current);
      if (after === null || after === current) return { before: current, after: null };
      // Check again right before replacing: someone without our lock (an
      // editor, a sync) may have saved in between.
      if (hashText(readCurrent(opts)) !== hashText(current)) continue;
      writeAtomic(opts.abs, after, opts.display);
      return { before: current, after };
    }
    throw new PlnError('conflict', `${opts.display}: the file keeps changing while pln writes it; try again`);
  });
}

function readCurrent(opts: UpdateOptions): string {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(opts.abs);
  } catch (err) {
    throw new PlnError('file', `${opts.display}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  if (st.isSymbolicLink()) throw new PlnError('file', `${opts.display}: is a symbolic link; pln does not write through links`);
  if (st.size > MAX_FILE_BYTES) throw new PlnError('file', `${opts.display}: over the 1 MiB limit; not changed`);
  const { text } = readText(opts.abs);
  if (text === null) throw new PlnError('file', `${opts.display}: not valid UTF-8; not changed`);
  return text;
}

/** Creates a new file; never overwrites (fails when it exists). */
export function createFile(networkDir: string, abs: string, text: string, display: string): void {
  withLock(networkDir, display, () => {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (fs.existsSync(abs)) throw new PlnError('conflict', `${display} already exists; not overwritten`);
    writeAtomic(abs, text, display);
  });
}
