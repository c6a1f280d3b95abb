/**
 * Reading files of a network that may come from someone else: only regular
 * files are read (a FIFO, device or socket is refused by name, never
 * opened for reading), a symbolic link only when allowed and only to a
 * regular file inside the network, and never more than a given size.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlnError } from '../domain/errors.js';

/** `pln.yml`: settings, a few lines; far below this. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** A template, like a contact. */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;
/** A file of the machine-local cache (`.pln/cache/...`). */
export const MAX_CACHE_BYTES = 512 * 1024 * 1024;

const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = fs.constants;
/**
 * Flags for opening a file that was checked with `lstat`: a FIFO put in its
 * place in between does not block the open, a link does not open at all.
 */
export const OPEN_CHECKED = O_RDONLY | O_NONBLOCK | O_NOFOLLOW;

/** What a file is, for a message: "a FIFO (named pipe)", "a device", ... */
export function kindOf(st: fs.Stats | fs.Dirent): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFile()) return 'a file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

/** True when `inner` is `outer` or inside it (both absolute, resolved). */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export interface BoundedRead {
  /** Names the file in messages (relative to the network). */
  display: string;
  /** The most bytes read; a larger file is refused. */
  max: number;
  /** A symbolic link is followed only to a regular file inside this folder; without it, never. */
  linksInside?: string;
}

/**
 * The bytes of a regular file, or null when there is none. Throws a
 * PlnError naming the file for anything else: a link (outside `linksInside`),
 * a FIFO, device, socket or folder, a file over `max` bytes.
 */
export function readBounded(abs: string, opts: BoundedRead): Buffer | null {
  const refuse = (why: string) => new PlnError('file', `${opts.display}: ${why}; not read`);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw refuse(`cannot read (${code})`);
  }
  let target = abs;
  let flags = OPEN_CHECKED;
  if (st.isSymbolicLink()) {
    if (opts.linksInside === undefined) throw refuse('is a symbolic link; pln does not follow links here (copy the file in instead)');
    let root: string;
    try {
      target = fs.realpathSync(abs);
      root = fs.realpathSync(opts.linksInside);
      st = fs.statSync(target);
    } catch {
      throw refuse('is a symbolic link to nothing readable');
    }
    if (!isInside(target, root)) throw refuse('is a symbolic link to a file outside the network');
    flags = O_RDONLY | O_NONBLOCK;
  }
  if (!st.isFile()) throw refuse(`is ${kindOf(st)}, not a regular file`);
  if (st.size > opts.max) throw refuse(`is ${sizeText(st.size)}, over the ${sizeText(opts.max)} limit`);
  let fd: number;
  try {
    fd = fs.openSync(target, flags);
  } catch (err) {
    throw refuse(`cannot read (${(err as NodeJS.ErrnoException).code})`);
  }
  try {
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) throw refuse(`is ${kindOf(fst)}, not a regular file`);
    // One byte more than allowed tells a file that grew past the limit.
    const buf = Buffer.allocUnsafe(Math.min(fst.size, opts.max) + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > opts.max) throw refuse(`is over the ${sizeText(opts.max)} limit`);
      if (length === buf.length) break;
    }
    return buf.subarray(0, length);
  } catch (err) {
    if (err instanceof PlnError) throw err;
    throw refuse(`cannot read (${(err as NodeJS.ErrnoException).code})`);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The bytes of a cache file, or null when it is absent or anything but a
 * regular file of at most `max` bytes (a cache is only ever a shortcut).
 */
export function readCacheBytes(abs: string, max = MAX_CACHE_BYTES): Buffer | null {
  try {
    return readBounded(abs, { display: abs, max });
  } catch {
    return null;
  }
}

/** How a network's own template is read: at most 1 MiB, a link only to a file inside the network. */
export function templateRead(networkDir: string): BoundedRead {
  return { display: 'templates/contact.md', max: MAX_TEMPLATE_BYTES, linksInside: networkDir };
}
