/**
 * Maildir folders (`cur/` and `new/`, one message per file) and single
 * message files (`.eml`): each file's header block only. A file is read
 * 64 KiB at a time until its headers end (at most 256 KiB); the body is
 * never read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findHeaderEnd, isFieldLine, MAX_HEADER_BYTES, type HeaderSink, type ReadProgress } from './mbox.js';

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

/** The message files of a Maildir, in a stable order; trashed ones (flag T) left out. */
export function maildirFiles(dir: string): string[] {
  const out: string[] = [];
  for (const sub of ['cur', 'new']) {
    let names: string[];
    try {
      names = fs.readdirSync(path.join(dir, sub));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    names.sort();
    for (const name of names) {
      if (name.startsWith('.')) continue;
      // `:2,FLAGS`: T marks a message the mail program has deleted but not yet expunged.
      const flags = /:2,([A-Za-z]*)$/.exec(name)?.[1] ?? '';
      if (flags.includes('T')) continue;
      out.push(path.join(dir, sub, name));
    }
  }
  return out;
}

/** Reads one message file's header block and hands it to `sink`; false when it is not a regular file. */
export function readMessageHeaders(file: string, sink: HeaderSink): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    // A message moved or deleted by the mail program while we read: not ours to report.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    if (!fs.fstatSync(fd).isFile()) return false;
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
        sink(shared.subarray(0, found.end));
        return true;
      }
      if (n === 0 || length >= MAX_HEADER_BYTES) {
        sink(shared.subarray(0, length));
        return true;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads every message of a Maildir; returns how many. */
export function readMaildir(dir: string, sink: HeaderSink, progress?: ReadProgress): number {
  const files = maildirFiles(dir);
  let count = 0;
  files.forEach((file, i) => {
    if (readMessageHeaders(file, sink)) count++;
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
