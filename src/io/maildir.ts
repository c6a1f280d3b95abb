/**
 * Maildir folders (`cur/` and `new/`, one message per file) and single
 * message files (`.eml`): each file's header block only. A file is read
 * 64 KiB at a time until its headers end (at most 256 KiB); the body is
 * never read. Only regular files are read (links are followed to them, as
 * for every source): a FIFO, socket or device among the messages is named
 * and skipped, never opened in a way that could wait for a writer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findHeaderEnd, isFieldLine, MAX_HEADER_BYTES, type HeaderSink, type ReadProgress } from './mbox.js';
import { kindOf } from '../store/bounded.js';

const STEP = 64 * 1024;
let shared = Buffer.allocUnsafe(STEP);

/** Whether a folder is a Maildir: it has `cur/` or `new/`. */
export function isMaildir(dir: string): boolean {
  return ['cur', 'new'].some((sub) => {
    try {
      return fs.statSync(path.join(dir, sub)).isDirectory();
    } catch {
      return false;
    }
  });
}

/** Told of a file that is not read, and why (`is a FIFO (named pipe), not a regular file`). */
export type SkipNote = (file: string, why: string) => void;

/** Opens without waiting: a FIFO put in place of a message does not block the open (fstat then tells it). */
const OPEN_NOW = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

/** `is a FIFO (named pipe), not a regular file`, ... */
function notRegular(st: fs.Stats | fs.Dirent): string {
  return `is ${kindOf(st)}, not a regular file`;
}

/** The message files of a Maildir, in a stable order; trashed ones (flag T) left out (told to `trashed`), and what is not a regular file (told to `skip`). */
export function maildirFiles(dir: string, skip?: SkipNote, trashed?: (file: string) => void): string[] {
  const out: string[] = [];
  for (const sub of ['cur', 'new']) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(dir, sub), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      // `:2,FLAGS`: T marks a message the mail program has deleted but not yet expunged.
      const flags = /:2,([A-Za-z]*)$/.exec(e.name)?.[1] ?? '';
      const file = path.join(dir, sub, e.name);
      if (flags.includes('T')) {
        trashed?.(file);
        continue;
      }
      let kind: fs.Stats | fs.Dirent = e;
      if (e.isSymbolicLink()) {
        try {
          kind = fs.statSync(file);
        } catch {
          // A link to nothing: a message gone, as below.
          continue;
        }
      }
      if (kind.isFile()) out.push(file);
      else skip?.(file, notRegular(kind));
    }
  }
  return out;
}

/** Reads one message file's header block and hands it to `sink`; false when it is gone or not a regular file (told to `skip`). */
export function readMessageHeaders(file: string, sink: HeaderSink, skip?: SkipNote): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_NOW);
  } catch (err) {
    // A message moved or deleted by the mail program while we read: not ours to report.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) {
      skip?.(file, notRegular(st));
      return false;
    }
    let length = 0;
    for (;;) {
      if (length + STEP > shared.length) {
        const bigger = Buffer.allocUnsafe(shared.length * 2);
        shared.copy(bigger, 0, 0, length);
        shared = bigger;
      }
      const n = fs.readSync(fd, shared, length, STEP, null);
      length += n;
      const found = findHeaderEnd(shared, 0, length);
      if (found !== null) {
        sink(shared.subarray(0, found.end), file);
        return true;
      }
      if (n === 0 || length >= MAX_HEADER_BYTES) {
        sink(shared.subarray(0, length), file);
        return true;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads every message of a Maildir but the trashed ones (told to `trashed`, not read); returns how many were read. */
export function readMaildir(dir: string, sink: HeaderSink, progress?: ReadProgress, skip?: SkipNote, trashed?: (file: string) => void): number {
  const files = maildirFiles(dir, skip, trashed);
  let count = 0;
  files.forEach((file, i) => {
    if (readMessageHeaders(file, sink, skip)) count++;
    if (progress && i % 200 === 0) progress(i, files.length);
  });
  return count;
}

/**
 * Whether the start of a file is a message's header block: field lines up
 * to a blank line, with a From or Date among them.
 */
export function looksLikeMessage(head: Buffer): boolean {
  const found = findHeaderEnd(head, 0, head.length);
  const end = found?.end ?? head.length;
  if (found !== null && found.end === found.body) return false;
  const first = head.indexOf(10);
  if (first < 0 || !isFieldLine(head, 0, first > 0 && head[first - 1] === 13 ? first - 1 : first)) return false;
  return /^(from|date):/im.test(head.toString('latin1', 0, end));
}
