/**
 * A streaming mbox reader: hands over each message's header block, never a
 * body. The file is read in 1 MiB chunks and the chunks are searched for
 * message boundaries with Buffer#indexOf; only the bytes of a header block
 * (at most 256 KiB) and of a candidate `From ` line are ever kept across
 * chunks, so memory stays flat whatever the size of the mailbox.
 *
 * Boundaries: mboxo and mboxrd both start a message with a `From ` line
 * (`>From ` in a body is an escaped line, and bodies are never read anyway).
 * Writers that do not escape (mboxo) leave `From Russia with love` in bodies,
 * so a `From ` line counts as a boundary only when it looks like one: `From
 * SENDER DATE…` with a time of day in it (every classic writer), or `From
 * SENDER` alone (Thunderbird's `From -`, Gmail's `From 1234@xxx`) followed by
 * a header line.
 */
import * as fs from 'node:fs';

export const MAX_HEADER_BYTES = 256 * 1024;
const CHUNK = 1024 * 1024;
const NL_FROM = Buffer.from('\nFrom ');

/** Called with each message's header block (bytes, valid only during the call), and its file when it has one of its own (Maildir). */
/** Gets each message's header block; `file` names a Maildir message, `envelope` is an mbox message's `From ` line. */
export type HeaderSink = (header: Buffer, file?: string, envelope?: string) => void;

export interface ReadProgress {
  (bytesRead: number, total: number): void;
}

/** Whether the line [start, end) is a header field (`Name: value`) line. */
export function isFieldLine(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 58) return i > start;
    if (c <= 32 || c >= 127) {
      // Obsolete syntax allows blanks before the colon (`Subject : hi`).
      if (c === 32 || c === 9) {
        let j = i;
        while (j < end && (buf[j] === 32 || buf[j] === 9)) j++;
        return j > start && i > start && buf[j] === 58;
      }
      return false;
    }
  }
  return false;
}

/**
 * Where the header block starting at `start` ends: `{ end, body }` (end of
 * the last header line, start of the body), or null when `buf` ends first.
 * A blank line ends it, and so does a line that is neither a field nor a
 * folded continuation (some mbox messages have no headers at all).
 */
export function findHeaderEnd(buf: Uint8Array, start: number, length: number): { end: number; body: number } | null {
  let i = start;
  while (i < length) {
    // A loop over the bytes: header lines are short, and a call to indexOf costs more than it saves here.
    let nl = i;
    while (nl < length && buf[nl] !== 10) nl++;
    if (nl >= length) return length - start > MAX_HEADER_BYTES ? { end: length, body: length } : null;
    const lineEnd = nl > i && buf[nl - 1] === 13 ? nl - 1 : nl;
    if (lineEnd === i) return { end: i, body: nl + 1 };
    const c = buf[i]!;
    if (!(c === 32 || c === 9) && !isFieldLine(buf, i, lineEnd)) return { end: i, body: i };
    if (c === 32 || c === 9) {
      if (i === start) return { end: i, body: i };
    }
    i = nl + 1;
    if (i - start > MAX_HEADER_BYTES) return { end: i, body: i };
  }
  return null;
}

const TIME_RE = /\d:\d\d/;

/**
 * Whether the line at [start, end) is a message boundary; `next` is the
 * following line's [start, end), or null when it is not known yet (then
 * the answer is 'more' when it would decide).
 */
function boundary(buf: Buffer, start: number, end: number, next: [number, number] | null): boolean | 'more' {
  const line = buf.toString('latin1', start + 5, end).replace(/\r$/, '');
  const m = /^(\S+)(.*)$/.exec(line);
  if (!m) return false;
  const rest = m[2]!.trim();
  if (rest !== '') return TIME_RE.test(rest);
  if (next === null) return 'more';
  return isFieldLine(buf, next[0], next[1]);
}

/** True when the text starts like an mbox: blank lines, then a `From ` line. */
export function looksLikeMbox(head: Buffer): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (head[i] === 10 || head[i] === 13) i++;
  return head.toString('latin1', i, i + 5) === 'From ';
}

/**
 * Reads an mbox file, calling `sink` with each message's header block.
 * Returns the number of messages. Reads synchronously, a chunk at a time.
 */
export function readMbox(file: string, sink: HeaderSink, progress?: ReadProgress): number {
  const fd = fs.openSync(file, 'r');
  try {
    const total = fs.fstatSync(fd).size;
    let carry: Buffer | null = null;
    // Where to go on in the next buffer (within the carry).
    let resume = 0;
    let readBytes = 0;
    let messages = 0;
    // 'start': before the first From line; 'header': at a header block; 'body': looking for the next From line.
    let state: 'start' | 'header' | 'body' = 'start';
    // The `From ` line of the message whose header block comes next (at most a line: it is a boundary).
    let envelope: string | undefined;
    // One working buffer for the whole file: what is carried over is moved to its front, the next chunk read after it.
    let work = Buffer.allocUnsafe(CHUNK + MAX_HEADER_BYTES + 64 * 1024);
    for (let eof = false; !eof; ) {
      const prev = carry as Buffer | null;
      const kept = prev === null ? 0 : prev.length;
      if (kept > 0) {
        if (kept + CHUNK > work.length) {
          const bigger = Buffer.allocUnsafe(kept + CHUNK);
          prev!.copy(bigger, 0);
          work = bigger;
        } else prev!.copy(work, 0);
      }
      const n = fs.readSync(fd, work, kept, CHUNK, null);
      readBytes += n;
      eof = n === 0;
      const buf: Buffer = work.subarray(0, kept + n);
      let pos = prev === null ? 0 : resume;
      carry = null;
      resume = 0;
      const keep = (from: number, at: number) => {
        carry = buf.subarray(from);
        resume = at - from;
      };
      for (;;) {
        if (state === 'start') {
          if (pos === 0 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
          while (pos < buf.length && (buf[pos] === 10 || buf[pos] === 13)) pos++;
          if (pos >= buf.length) {
            if (!eof) keep(pos, pos);
            break;
          }
          const nl = buf.indexOf(10, pos);
          if (nl < 0 && !eof) {
            keep(pos, pos);
            break;
          }
          // The caller has checked that the file starts with a From line.
          envelope = buf.toString('latin1', pos, Math.min(nl < 0 ? buf.length : nl, pos + 1000)).replace(/\r$/, '');
          pos = nl < 0 ? buf.length : nl + 1;
          state = 'header';
          messages++;
          continue;
        }
        if (state === 'header') {
          const found = findHeaderEnd(buf, pos, buf.length);
          if (found === null) {
            if (!eof) {
              // The '\n' before the block is kept too: the search for the next From line needs it.
              keep(pos > 0 ? pos - 1 : 0, pos);
              break;
            }
            sink(buf.subarray(pos), undefined, envelope);
            break;
          }
          sink(buf.subarray(pos, found.end), undefined, envelope);
          pos = found.body;
          state = 'body';
          continue;
        }
        // 'body': the byte before pos is a '\n' (or pos is 0 and the buffer starts with one).
        const from = pos > 0 ? pos - 1 : 0;
        const idx = buf.indexOf(NL_FROM, from);
        if (idx < 0) {
          if (!eof) {
            const tail = Math.max(from, buf.length - NL_FROM.length + 1);
            keep(tail, tail);
          }
          break;
        }
        const lineStart = idx + 1;
        const nl1 = buf.indexOf(10, lineStart);
        if (nl1 < 0 && !eof) {
          // A line this long is no boundary: go on after it.
          if (buf.length - idx > MAX_HEADER_BYTES) keep(buf.length - 1, buf.length - 1);
          else keep(idx, idx);
          break;
        }
        const end1 = nl1 < 0 ? buf.length : nl1;
        let next: [number, number] | null = null;
        if (nl1 < 0) next = [buf.length, buf.length];
        else {
          const nl2 = buf.indexOf(10, nl1 + 1);
          if (nl2 >= 0) next = [nl1 + 1, nl2 > nl1 + 1 && buf[nl2 - 1] === 13 ? nl2 - 1 : nl2];
          else if (eof) next = [nl1 + 1, buf.length];
        }
        const is = boundary(buf, lineStart, end1, next);
        if (is === 'more') {
          if (buf.length - idx > MAX_HEADER_BYTES) {
            pos = lineStart + 1;
            continue;
          }
          keep(idx, idx);
          break;
        }
        if (is) {
          messages++;
          envelope = buf.toString('latin1', lineStart, Math.min(end1, lineStart + 1000)).replace(/\r$/, '');
          state = 'header';
          pos = nl1 < 0 ? buf.length : nl1 + 1;
        } else {
          pos = lineStart + 1;
        }
      }
      progress?.(readBytes, total);
    }
    return messages;
  } finally {
    fs.closeSync(fd);
  }
}
