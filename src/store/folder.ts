/**
 * The network folder: finding it, reading its settings and contact files,
 * and writing files safely (lock, re-read, temp file, fsync, rename). Every
 * edit of contacts and settings is written here; the few other files pln
 * writes (init's folders, the merge driver's files, sync's record) go
 * through files.ts, and the V8 code cache through code-cache.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { crypto } from './builtins.js';
import { PlnError } from '../domain/errors.js';
import { MAX_CONFIG_BYTES, OPEN_CHECKED, kindOf, readBounded, type BoundedRead } from './bounded.js';
import { ensureLocalState } from './local-state.js';
import { shortFileName } from './safe-path.js';

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
  /** Why a `pln.yml` above was passed over (owned by another user). */
  warnings?: string[];
}

/** `--dir` > `$PLN_DIR` > nearest ancestor holding `pln.yml` > `~/pln`. */
export function locateNetwork(opts: FindOptions = {}): NetworkLocation {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  if (opts.dirOption) return { dir: path.resolve(cwd, opts.dirOption), source: 'flag' };
  if (env.PLN_DIR) return { dir: path.resolve(cwd, env.PLN_DIR), source: 'env' };
  const warnings: string[] = [];
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'pln.yml');
    const owner = ownerOf(file);
    if (owner !== null) {
      if (trustedOwner(owner)) return { dir, source: 'ancestor', ...(warnings.length ? { warnings } : {}) };
      warnings.push(`${file} belongs to another user (uid ${owner}); not used as your network (pass --dir ${dir} to use it anyway)`);
    }
    if (path.dirname(dir) === dir) break;
  }
  return { dir: path.join(env.HOME ?? os.homedir(), 'pln'), source: 'home', ...(warnings.length ? { warnings } : {}) };
}

/**
 * The owner of `file` (and of the link, when it is one), the first that is
 * not trusted; null when there is no such file.
 */
function ownerOf(file: string): number | null {
  try {
    const link = fs.lstatSync(file);
    if (!link.isSymbolicLink()) return link.uid;
    const target = fs.statSync(file);
    return trustedOwner(link.uid) ? target.uid : link.uid;
  } catch {
    return null;
  }
}

/** You and root: a `pln.yml` anyone else could have put in a shared folder above you. */
function trustedOwner(uid: number): boolean {
  const me = process.getuid?.();
  return me === undefined || uid === me || uid === 0;
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
  /**
   * The ctime, in the caches' key too: an mtime can be put back (`touch -d`),
   * a ctime cannot, and a `chmod` (a file made readable again) changes it.
   */
  ctimeMs: number;
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
        const code = (err as NodeJS.ErrnoException).code;
        if (depth === 0 && code === 'ENOENT') return;
        if (depth === 0) throw new PlnError('file', `${relDir || dir}: cannot read folder (${code})`);
        // One folder pln cannot read (private, lost+found): said, and the rest is read.
        out.push(folderSkip(dir, relDir, `cannot read this folder (${code}); the contacts in it are left out`));
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      listing = [];
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        if (e.isDirectory() || e.name.endsWith('.md')) listing.push(`${undecodable(dir, e.name) ? 'u' : e.isDirectory() ? 'd' : e.isSymbolicLink() ? 'l' : e.isFile() ? 'f' : 'o'}${e.name}`);
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
        if (depth < MAX_DEPTH) walk(abs, depth + 1);
        else out.push(folderSkip(abs, relBase + name, `more than ${MAX_DEPTH} folders deep; the contacts in it are not read (move them up)`));
        continue;
      }
      const rel = relBase + name;
      const slug = name.slice(0, -3);
      if (kind === 'u') {
        out.push(folderSkip(abs, rel, 'its name is not valid UTF-8, so pln cannot open it; rename it'));
        continue;
      }
      if (kind === 'l') {
        out.push({ abs, rel, slug, size: 0, mtimeMs: 0, ino: 0, ctimeMs: 0, skip: 'is a symbolic link; pln does not follow links (copy the file in instead)' });
        continue;
      }
      if (kind !== 'f') {
        out.push({ abs, rel, slug, size: 0, mtimeMs: 0, ino: 0, ctimeMs: 0, skip: `is ${specialKind(abs)}, not a regular file; not read` });
        continue;
      }
      if (opts.stat === false) {
        out.push({ abs, rel, slug, size: -1, mtimeMs: -1, ino: -1, ctimeMs: -1 });
        continue;
      }
      let st: fs.Stats;
      try {
        st = fs.lstatSync(abs);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Removed since the folder was listed: not there.
        if (code !== 'ENOENT') out.push({ abs, rel, slug, size: 0, mtimeMs: 0, ino: 0, ctimeMs: 0, skip: `cannot read (${code})` });
        continue;
      }
      if (!st.isFile()) {
        out.push({ abs, rel, slug, size: 0, mtimeMs: 0, ino: 0, ctimeMs: 0, skip: `is ${kindOf(st)}, not a regular file; not read` });
        continue;
      }
      const entry: FileEntry = { abs, rel, slug, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, ctimeMs: st.ctimeMs };
      if (st.size > MAX_FILE_BYTES) entry.skip = tooLarge(st.size);
      out.push(entry);
    }
  };
  walk(root, 0);
  return out;
}

/**
 * Whether a listed name is not the file's real name: bytes that are not
 * UTF-8 come out of the listing as U+FFFD, and no file has that name (one
 * whose name holds a real U+FFFD does).
 */
function undecodable(dir: string, name: string): boolean {
  if (!name.includes('\uFFFD')) return false;
  try {
    fs.lstatSync(path.join(dir, name));
    return false;
  } catch {
    return true;
  }
}

/** Folders below the contacts folder that are walked; deeper ones are reported. */
const MAX_DEPTH = 16;

/** An entry standing for a folder that is not read, so that it is reported like a file. */
function folderSkip(abs: string, rel: string, why: string): FileEntry {
  return { abs, rel, slug: '', size: 0, mtimeMs: 0, ino: 0, ctimeMs: 0, skip: why };
}

function specialKind(abs: string): string {
  try {
    return kindOf(fs.lstatSync(abs));
  } catch {
    return 'not a regular file';
  }
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
  const fd = fs.openSync(entry.abs, OPEN_CHECKED);
  let length = 0;
  try {
    if (entry.size < 0) {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) {
        entry.skip = `is ${kindOf(st)}, not a regular file; not read`;
        return null;
      }
      entry.size = st.size;
      entry.mtimeMs = st.mtimeMs;
      entry.ctimeMs = st.ctimeMs;
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
      // Grown past the limit since it was listed.
      if (length > MAX_FILE_BYTES) {
        entry.skip = tooLarge(length);
        return null;
      }
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
export function readText(abs: string, display = abs): { text: string | null; bytes: Buffer } {
  const bytes = readBounded(abs, { display, max: MAX_FILE_BYTES });
  if (bytes === null) throw new PlnError('file', `${display}: cannot read (ENOENT)`);
  try {
    return { text: utf8.decode(bytes), bytes };
  } catch {
    return { text: null, bytes };
  }
}

/**
 * Reads a file that may be absent: a regular file only, of at most `max`
 * bytes (default: the limit for `pln.yml`); a link only to a regular file
 * inside `linksInside`. Anything else is a PlnError naming the file.
 */
export function readOptional(abs: string, opts: Partial<BoundedRead> = {}): string | null {
  const bytes = readOptionalBytes(abs, opts);
  return bytes === null ? null : bytes.toString('utf8');
}

/** readOptional's bytes, as they are (a file that need not be UTF-8: `.gitignore`). */
export function readOptionalBytes(abs: string, opts: Partial<BoundedRead> = {}): Buffer | null {
  return readBounded(abs, { display: opts.display ?? abs, max: opts.max ?? MAX_CONFIG_BYTES, ...(opts.linksInside !== undefined ? { linksInside: opts.linksInside } : {}) });
}

export function hashText(text: string): string {
  return crypto().createHash('sha1').update(text).digest('hex');
}

// ---- safe writes -------------------------------------------------------------

const LOCK_TIMEOUT_MS = 15_000;
const LOCK_STALE_MS = 30_000;
/** A takeover marker is held for microseconds; one this old belongs to a process that died holding it. */
const MARKER_STALE_MS = 5_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function errCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | null)?.code;
}

/** What identifies a running process beyond its PID: this boot, and when it started (Linux; empty elsewhere). */
interface ProcessStamp {
  boot: string;
  start: string;
}

let ownStamp: ProcessStamp | undefined;

function readSmall(file: string): string {
  try {
    return fs.readFileSync(file, 'latin1').slice(0, 4096);
  } catch {
    return '';
  }
}

/** The boot id and a process's start time (clock ticks since boot), from /proc; empty strings where there is none. */
function processStamp(pid: number | 'self'): ProcessStamp {
  if (pid === 'self' && ownStamp) return ownStamp;
  const boot = readSmall('/proc/sys/kernel/random/boot_id').trim();
  // Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces and parentheses.
  const stat = readSmall(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = /^\d+$/.test(fields[19] ?? '') ? fields[19]! : '';
  const stamp = { boot: /^[0-9a-f-]{1,64}$/.test(boot) ? boot : '', start };
  if (pid === 'self') ownStamp = stamp;
  return stamp;
}

/** A lock's content: `PID HOST BOOT START`, complete before the lock exists (it is linked into place). */
function lockContent(): string {
  const { boot, start } = processStamp('self');
  return `${process.pid} ${os.hostname().replace(/\s+/g, '_') || '-'} ${boot || '-'} ${start || '-'}\n`;
}

/**
 * Runs `fn` holding an exclusive lock for `name` under `.pln/locks/`.
 *
 * The lock is a file made complete first and then linked into place, so it
 * is never seen empty, and a full disk leaves no lock behind. A lock is
 * stale when its process is gone (its PID is not running, or is running a
 * process started later, or it comes from another boot or machine: a lock
 * committed to git and cloned is such a one), or when it is older than 30 s.
 * Taking over a stale lock is itself exclusive: see `breakStaleLock`.
 */
export function withLock<T>(networkDir: string, name: string, fn: () => T): T {
  const lockDir = path.join(networkDir, '.pln', 'locks');
  ensureLocalState(networkDir, { create: true });
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
  const lockPath = path.join(lockDir, `${shortFileName(name)}.lock`);
  let deadline = Date.now() + LOCK_TIMEOUT_MS;
  let holder = '';
  const content = lockContent();
  for (let attempt = 0; ; attempt++) {
    if (createLock(lockPath, content, name)) break;
    if (breakStaleLock(lockPath)) continue;
    // The time limit is per holder: many writers taking turns are progress, not a stuck lock.
    const seen = snapshotLock(lockPath);
    const now = seen === null ? '' : `${seen.ino}-${seen.mtimeNs}-${seen.text}`;
    if (now !== holder) {
      holder = now;
      deadline = Date.now() + LOCK_TIMEOUT_MS;
    }
    if (Date.now() > deadline) {
      throw new PlnError('conflict', `another pln is writing ${name} (lock ${lockPath}); if none is running, delete that file`);
    }
    sleep(Math.min(5 + attempt * 3, 50) + Math.random() * 10);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

/**
 * Creates the lock with its whole content, or returns false when it exists.
 * A failure (a full disk) leaves neither a lock nor an open descriptor.
 */
function createLock(lockPath: string, content: string, name: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${randomSuffix()}.new`;
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    writeAll(fd, Buffer.from(content, 'latin1'));
    fs.closeSync(fd);
    fd = null;
    try {
      fs.linkSync(tmp, lockPath);
      return true;
    } catch (err) {
      if (errCode(err) === 'EEXIST') return false;
      // A file system without hard links: create the lock itself exclusively.
      if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes(errCode(err) ?? '')) throw err;
      return createLockDirectly(lockPath, content);
    }
  } catch (err) {
    throw writeError(name, err);
  } finally {
    if (fd !== null) closeQuietly(fd);
    fs.rmSync(tmp, { force: true });
  }
}

function createLockDirectly(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'wx', 0o644);
  } catch (err) {
    if (errCode(err) === 'EEXIST') return false;
    throw err;
  }
  try {
    writeAll(fd, Buffer.from(content, 'latin1'));
  } catch (err) {
    closeQuietly(fd);
    fs.rmSync(lockPath, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  return true;
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed, or the close itself failed: nothing left to release.
  }
}

function randomSuffix(): string {
  return Math.floor(Math.random() * 0x100000000).toString(36);
}

/** A snapshot of one lock file: its identity and what it says. */
interface LockSnapshot {
  ino: bigint;
  mtimeNs: bigint;
  size: bigint;
  text: string;
}

function snapshotLock(lockPath: string): LockSnapshot | null {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    if (!st.isFile()) return { ino: st.ino, mtimeNs: st.mtimeNs, size: st.size, text: '' };
    const buf = Buffer.alloc(256);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return { ino: st.ino, mtimeNs: st.mtimeNs, size: st.size, text: buf.subarray(0, n).toString('latin1') };
  } catch {
    return null;
  } finally {
    closeQuietly(fd);
  }
}

function sameLock(a: LockSnapshot, b: LockSnapshot): boolean {
  return a.ino === b.ino && a.mtimeNs === b.mtimeNs && a.size === b.size && a.text === b.text;
}

/**
 * Removes the lock when it is stale; returns true when the caller should try
 * to take the lock again at once (the stale lock is gone, or the lock was
 * released meanwhile).
 *
 * Several writers may find the same stale lock at once. Only the one that
 * creates the takeover marker named after that very lock file (inode and
 * mtime) may remove it, and only after checking, marker held, that the lock
 * is still that file with the same content: a writer that looked at the
 * stale lock a moment ago can never remove the live lock that replaced it.
 */
function breakStaleLock(lockPath: string): boolean {
  const seen = snapshotLock(lockPath);
  if (seen === null) return true;
  if (!isStale(seen)) return false;
  const marker = `${lockPath}.break-${seen.ino}-${seen.mtimeNs}`;
  let fd: number;
  try {
    fd = fs.openSync(marker, 'wx', 0o644);
  } catch (err) {
    // Another writer is taking it over; a marker left by one that died is removed.
    if (errCode(err) === 'EEXIST') {
      try {
        if (Date.now() - fs.statSync(marker).mtimeMs > MARKER_STALE_MS) fs.rmSync(marker, { force: true });
      } catch {
        // Gone already.
      }
    }
    return false;
  }
  try {
    closeQuietly(fd);
    const now = snapshotLock(lockPath);
    if (now === null) return true;
    if (!sameLock(now, seen)) return false;
    fs.rmSync(lockPath, { force: true });
    return true;
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

function isStale(lock: LockSnapshot): boolean {
  const ageMs = Date.now() - Number(lock.mtimeNs / 1_000_000n);
  if (ageMs > LOCK_STALE_MS) return true;
  const [pidText, host, boot, start] = lock.text.trim().split(' ');
  const pid = Number(pidText);
  // Unreadable content (an older pln writes its PID after creating the lock): give it a moment.
  if (!Number.isInteger(pid) || pid <= 0) return ageMs > 1000;
  if (host !== undefined) {
    // From another machine, or from before this machine booted: no process of ours holds it.
    if (host !== (os.hostname().replace(/\s+/g, '_') || '-')) return true;
    const mine = processStamp('self');
    if (boot !== undefined && boot !== '-' && mine.boot !== '' && boot !== mine.boot) return true;
  }
  try {
    process.kill(pid, 0);
  } catch (err) {
    return errCode(err) === 'ESRCH';
  }
  // Only a PID, and it runs: an older pln's lock (held for milliseconds), or one that came with a clone.
  if (host === undefined) return ageMs > 2000;
  // The PID runs, but perhaps as a later process that reused it.
  if (start !== undefined && start !== '-') {
    const theirs = processStamp(pid).start;
    if (theirs !== '' && theirs !== start) return true;
  }
  return false;
}

function writeAll(fd: number, data: Buffer): void {
  let off = 0;
  while (off < data.length) {
    const n = fs.writeSync(fd, data, off, data.length - off);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
    off += n;
  }
}

/** Options of one atomic write. */
export interface AtomicWriteOptions {
  /**
   * The network the file is in: the temp file is then made in its
   * `.pln/tmp/`, which nothing commits, and leftovers of writers that died
   * are removed there first.
   */
  networkDir?: string;
  /**
   * Called after the temp file is written and fsynced, immediately before
   * the rename: false leaves the file as it is (the temp file is removed)
   * and makes `writeAtomic` return false.
   */
  stillCurrent?: () => boolean;
}

/** Where temp files of writes into a network are made (never committed by `pln sync`). */
export const TEMP_DIR = path.join('.pln', 'tmp');
/** A temp file of ours: `NAME.PID.RANDOM.tmp` under `.pln/tmp`, or `.NAME.PID.RANDOM.tmp` next to the file (older versions, other file systems). */
const TEMP_NAME = /^\.?.+\.(\d+)\.[0-9a-z]+\.tmp$/;

/**
 * Replaces a file's content atomically: temp file, every byte written (a
 * short write is an error), fsync, rename, fsync the folder. Keeps the
 * file's mode. Never writes through a symlink. Returns false when
 * `stillCurrent` said no (nothing written).
 */
export function writeAtomic(abs: string, text: string | Buffer, displayPath: string, opts: AtomicWriteOptions = {}): boolean {
  // A new file gets the default mode less the umask, as any editor would give it.
  let mode: number | undefined;
  try {
    const st = fs.lstatSync(abs);
    if (st.isSymbolicLink()) throw new PlnError('file', `${displayPath}: is a symbolic link; pln does not write through links`);
    if (!st.isFile()) throw new PlnError('file', `${displayPath}: is not a regular file; not written`);
    mode = st.mode & 0o7777;
  } catch (err) {
    if (err instanceof PlnError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(displayPath, err);
  }
  const dir = path.dirname(abs);
  const name = `${shortFileName(path.basename(abs))}.${process.pid}.${randomSuffix()}.tmp`;
  const tmpDir = opts.networkDir === undefined ? null : tempFolder(opts.networkDir);
  let tmp = tmpDir === null ? path.join(dir, `.${name}`) : path.join(tmpDir, name);
  const data = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  let fd: number | null = null;
  try {
    const writeTemp = () => {
      fd = fs.openSync(tmp, 'wx', mode ?? 0o666);
      writeAll(fd, data);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = null;
      if (mode !== undefined) fs.chmodSync(tmp, mode);
    };
    writeTemp();
    if (opts.stillCurrent && !opts.stillCurrent()) {
      fs.rmSync(tmp, { force: true });
      return false;
    }
    try {
      fs.renameSync(tmp, abs);
    } catch (err) {
      // `.pln` on another file system than the folder (a mount): the temp file goes next to the file.
      if (errCode(err) !== 'EXDEV' || tmpDir === null) throw err;
      fs.rmSync(tmp, { force: true });
      tmp = path.join(dir, `.${name}`);
      writeTemp();
      if (opts.stillCurrent && !opts.stillCurrent()) {
        fs.rmSync(tmp, { force: true });
        return false;
      }
      fs.renameSync(tmp, abs);
    }
  } catch (err) {
    if (fd !== null) closeQuietly(fd);
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
  return true;
}

/** `.pln/tmp` of a network, made if needed and cleared of dead writers' files; null when it is not a plain folder. */
function tempFolder(networkDir: string): string | null {
  const dir = path.join(networkDir, TEMP_DIR);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const st = fs.lstatSync(dir);
    const parent = fs.lstatSync(path.dirname(dir));
    if (!st.isDirectory() || !parent.isDirectory()) return null;
  } catch {
    return null;
  }
  for (const stale of staleTempFiles(dir)) fs.rmSync(path.join(dir, stale), { force: true });
  return dir;
}

/** Names of temp files in `dir` whose writer is no longer running (or that are over an hour old). */
function staleTempFiles(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    const m = TEMP_NAME.exec(n);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid !== process.pid;
    if (alive) {
      try {
        process.kill(pid, 0);
      } catch (err) {
        alive = errCode(err) !== 'ESRCH';
      }
    }
    if (!alive) {
      out.push(n);
      continue;
    }
    try {
      if (Date.now() - fs.lstatSync(path.join(dir, n)).mtimeMs > 3_600_000) out.push(n);
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/**
 * Temp files left by writes that were killed, relative to the network:
 * those in `.pln/tmp` and, from older versions, `.NAME.md.PID.TS.tmp` next
 * to the contact files. `pln doctor` reports them; the next write removes
 * those in `.pln/tmp`.
 */
export function leftoverTempFiles(networkDir: string, contactsDir: string): string[] {
  const out = staleTempFiles(path.join(networkDir, TEMP_DIR)).map((n) => `${TEMP_DIR.split(path.sep).join('/')}/${n}`);
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && depth < 16) walk(path.join(dir, e.name), depth + 1);
      else if (e.isFile() && e.name.startsWith('.') && TEMP_NAME.test(e.name)) out.push(path.relative(networkDir, path.join(dir, e.name)).split(path.sep).join('/'));
    }
  };
  walk(path.join(networkDir, contactsDir), 0);
  return out.sort();
}

function writeError(displayPath: string, err: unknown): PlnError {
  if (err instanceof PlnError) return err;
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

/** Told of every contact file updateFile and createFile wrote (the undo journal, see journal.ts). */
export type WriteObserver = (networkDir: string, rel: string, before: string | null, after: string) => void;
let written: WriteObserver | null = null;

/** Sets the one observer of writes (null: none). */
export function observeWrites(observer: WriteObserver | null): void {
  written = observer;
}

/**
 * Read-modify-write of one file under its lock. `edit` gets the current text
 * and returns the new one (or null for no change); it runs again if the file
 * changed between the read and the rename (an editor saving), and the write
 * is refused if the file keeps changing.
 *
 * The last check that the file is still what `edit` saw is made after the
 * temp file is written and fsynced, immediately before the rename: what is
 * left is the time between that check and the rename itself (microseconds),
 * which no check can close without the editor taking our lock.
 */
export function updateFile(opts: UpdateOptions, edit: (text: string) => string | null): { before: string; after: string | null } {
  return withLock(opts.networkDir, opts.display, () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = readCurrent(opts);
      const after = edit(current.text);
      if (after === null || after === current.text) return { before: current.text, after: null };
      const stillCurrent = () => sameAsRead(opts, current);
      if (writeAtomic(opts.abs, after, opts.display, { networkDir: opts.networkDir, stillCurrent })) {
        written?.(opts.networkDir, opts.display, current.text, after);
        return { before: current.text, after };
      }
    }
    throw new PlnError('conflict', `${opts.display}: the file keeps changing while pln writes it; try again`);
  });
}

/**
 * The text updateFile would edit now, with its checks (a regular file, not a
 * link, not read-only, readable UTF-8 within the size limit), without the
 * lock and without writing: for a command that changes several files to find
 * one it cannot change before it changes any.
 */
export function readForUpdate(opts: UpdateOptions): string {
  return readCurrent(opts).text;
}

interface CurrentFile {
  text: string;
  bytes: Buffer;
  /** The file's stat from the descriptor it was read through. */
  stat: fs.BigIntStats;
}

/**
 * Whether the file is still exactly what was read: the same content and
 * mode, then (the last thing before the rename, one system call) the same
 * inode, size, mtime and ctime, which catches a save renamed into place
 * since the content was compared.
 */
function sameAsRead(opts: UpdateOptions, read: CurrentFile): boolean {
  try {
    const now = readCurrent(opts);
    if (now.stat.mode !== read.stat.mode || !now.bytes.equals(read.bytes)) return false;
    const st = fs.lstatSync(opts.abs, { bigint: true });
    const was = now.stat;
    return st.ino === was.ino && st.dev === was.dev && st.size === was.size && st.mtimeNs === was.mtimeNs && st.ctimeNs === was.ctimeNs;
  } catch {
    return false;
  }
}

function readCurrent(opts: UpdateOptions): CurrentFile {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(opts.abs);
  } catch (err) {
    throw new PlnError('file', `${opts.display}: cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  if (st.isSymbolicLink()) throw new PlnError('file', `${opts.display}: is a symbolic link; pln does not write through links`);
  if (!st.isFile()) throw new PlnError('file', `${opts.display}: is not a regular file; not changed`);
  if (st.size > MAX_FILE_BYTES) throw new PlnError('file', `${opts.display}: over the 1 MiB limit; not changed`);
  // Read-only, as git and editors treat it: pln does not replace a file you protected.
  if ((st.mode & 0o222) === 0) throw new PlnError('file', `${opts.display}: is read-only; not changed (make it writable first: chmod u+w ${opts.display})`);
  let read: ReturnType<typeof readWithStat>;
  try {
    read = readWithStat(opts.abs);
  } catch (err) {
    throw new PlnError('file', `${opts.display}: cannot read (${errCode(err) ?? String(err)}); not changed`);
  }
  const { text, bytes, stat } = read;
  if (text === null) throw new PlnError('file', `${opts.display}: not valid UTF-8; not changed`);
  return { text, bytes, stat };
}

/** Reads a file and the stat of the very file read (not a later one renamed into place). */
function readWithStat(abs: string): { text: string | null; bytes: Buffer; stat: fs.BigIntStats } {
  const fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd, { bigint: true });
    if (!stat.isFile() || stat.size > BigInt(MAX_FILE_BYTES)) throw Object.assign(new Error('not a regular file of at most 1 MiB'), { code: 'EINVAL' });
    const bytes = fs.readFileSync(fd);
    try {
      return { text: utf8.decode(bytes), bytes, stat };
    } catch {
      return { text: null, bytes, stat };
    }
  } finally {
    closeQuietly(fd);
  }
}

/** Creates a new file; never overwrites (fails when it exists). */
export function createFile(networkDir: string, abs: string, text: string, display: string): void {
  withLock(networkDir, display, () => {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    if (fs.existsSync(abs) || isLink(abs)) throw new PlnError('conflict', `${display} already exists; not overwritten`);
    // An editor may create it meanwhile: checked again right before the rename.
    const stillAbsent = () => !fs.existsSync(abs) && !isLink(abs);
    if (!writeAtomic(abs, text, display, { networkDir, stillCurrent: stillAbsent })) throw new PlnError('conflict', `${display} already exists; not overwritten`);
    written?.(networkDir, display, null, text);
  });
}

function isLink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}
