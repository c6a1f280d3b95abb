/**
 * The sources `pln capture` reads: what each one is (from its content, not
 * its name) and reading it into the planner. An mbox file, a Maildir folder,
 * a single message file, an iCalendar file, or a folder of `.ics` files
 * (subfolders too, as khal and vdirsyncer keep them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type ICALModule from 'ical.js';
import { PlnError } from '../domain/errors.js';
import type { CapturePlanner, SourceCounts } from './capture-plan.js';
import { looksLikeCalendar, readCalendar } from './ical-events.js';
import { parseMailHeaders, type WordDecoder } from './mail-headers.js';
import { isMaildir, looksLikeMessage, readMaildir, readMessageHeaders } from './maildir.js';
import { looksLikeMbox, readMbox, type ReadProgress } from './mbox.js';

export type SourceKind = 'mbox' | 'maildir' | 'message' | 'calendar' | 'calendars';

export interface Source {
  /** As the user wrote it (for messages). */
  given: string;
  abs: string;
  kind: SourceKind;
  /** The calendar files of a `calendars` folder. */
  files: string[];
}

/** A calendar file larger than this is refused (ical.js reads a calendar whole). */
const MAX_CALENDAR_BYTES = 64 * 1024 * 1024;

/** `~/Mail` → `/home/me/Mail`; only a leading `~` or `~/`, nothing else is expanded. */
export function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return path.join(home, p.slice(2));
  return p;
}

function cannot(given: string, err: unknown): PlnError {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = { ENOENT: 'no such file or folder', EACCES: 'permission denied', ENOTDIR: 'no such file or folder', ELOOP: 'a symbolic link loop' };
  return new PlnError('not-found', `${given}: cannot read (${why[code ?? ''] ?? code ?? String(err)})`);
}

function readHead(abs: string, given: string, bytes = 4096): Buffer {
  try {
    // Never waits for a writer: a FIFO that took a file's place opens at once and reads nothing.
    const fd = fs.openSync(abs, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      const buf = Buffer.alloc(bytes);
      const n = fs.readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw cannot(given, err);
  }
}

const NOT_A_SOURCE = 'not a mailbox or calendar (pln capture reads mbox files, Maildir folders, message files, .ics files and folders of them)';

/** What a source is, from its content; one clear error when it is none of them. */
export function detectSource(given: string, abs: string): Source {
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    throw cannot(given, err);
  }
  if (st.isDirectory()) {
    if (isMaildir(abs)) return { given, abs, kind: 'maildir', files: [] };
    const files = calendarFiles(abs, given);
    if (files.length === 0) throw new PlnError('invalid', `${given}: ${NOT_A_SOURCE}; this folder has neither cur/ and new/ nor .ics files`);
    for (const f of files) {
      if (!looksLikeCalendar(readHead(f, f).toString('utf8'))) throw new PlnError('invalid', `${path.join(given, path.relative(abs, f))}: not an iCalendar file (no BEGIN:VCALENDAR)`);
    }
    return { given, abs, kind: 'calendars', files };
  }
  if (!st.isFile()) throw new PlnError('invalid', `${given}: ${NOT_A_SOURCE}`);
  const head = readHead(abs, given);
  if (head.length === 0 || looksLikeMbox(head)) return { given, abs, kind: 'mbox', files: [] };
  if (looksLikeCalendar(head.toString('utf8'))) return { given, abs, kind: 'calendar', files: [abs] };
  if (looksLikeMessage(head)) return { given, abs, kind: 'message', files: [] };
  const binary = head.includes(0) || head.filter((b) => b < 9 || (b > 13 && b < 32)).length > head.length / 100;
  throw new PlnError('invalid', `${given}: ${NOT_A_SOURCE}${binary ? '; it holds binary data' : ''}`);
}

/** The `.ics` files under a folder (three levels deep at most; dot-entries left out). */
function calendarFiles(dir: string, given: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (err) {
      throw cannot(given, err);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory() && depth < 3) walk(p, depth + 1);
      else if (/\.ics$/i.test(e.name) && (e.isFile() || (e.isSymbolicLink() && isRegularFile(p)))) out.push(p);
    }
  };
  walk(dir, 0);
  return out;
}

/** Whether a link leads to a regular file (a link to a FIFO or a folder is left out, as they are). */
function isRegularFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

export interface ReadDeps {
  decode: WordDecoder;
  ical: typeof ICALModule | null;
  since: string;
  today: string;
  dayOf: (ms: number) => string;
  progress?: ReadProgress;
  warn: (message: string) => void;
}

/** A file of a source as the user would name it: `~/Mail/INBOX/cur/1:2,S`. */
function shownFile(src: Source, file: string): string {
  return file === src.abs ? src.given : path.join(src.given, path.relative(src.abs, file));
}

/** Reads one source into the planner. */
export function readSource(src: Source, planner: CapturePlanner, counts: SourceCounts, deps: ReadDeps): void {
  let n = 0;
  const onHeader = (header: Buffer, file?: string, envelope?: string) => {
    n++;
    const m = parseMailHeaders(header, deps.decode, envelope);
    // The planner counts it as skipped (it has no date); it is named here, where its file is known.
    const why =
      m.impossibleDate !== undefined
        ? `Date "${m.impossibleDate.slice(0, 100)}" is not a real date`
        : m.unreadableDate !== undefined
          ? `Date "${m.unreadableDate.slice(0, 100)}" is not a date with a year (as in 20 Nov 2026 10:00 +0000)`
          : m.date === null
            ? 'no Date header'
            : null;
    if (why !== null) {
      const where = file !== undefined ? shownFile(src, file) : src.kind === 'mbox' ? `${src.given}: message ${n}` : src.given;
      deps.warn(`${where}: ${why}; skipped`);
    }
    planner.addMessage(m, counts);
  };
  const skip = (file: string, why: string) => deps.warn(`${shownFile(src, file)}: ${why}; not read (skipped)`);
  try {
    switch (src.kind) {
      case 'mbox':
        readMbox(src.abs, onHeader, deps.progress);
        return;
      case 'maildir':
        // A trashed message is one of the folder's, skipped as list mail is: counted, not read.
        readMaildir(src.abs, onHeader, deps.progress, skip, () => {
          counts.messages++;
          counts.skipped++;
        });
        return;
      case 'message':
        readMessageHeaders(src.abs, onHeader, skip);
        return;
      default:
        for (const file of src.files) readCalendarFile(src, file, planner, counts, deps);
    }
  } catch (err) {
    if (err instanceof PlnError) throw err;
    throw cannot(src.given, err);
  }
}

function readCalendarFile(src: Source, file: string, planner: CapturePlanner, counts: SourceCounts, deps: ReadDeps): void {
  const shown = shownFile(src, file);
  const size = fs.statSync(file).size;
  if (size > MAX_CALENDAR_BYTES) throw new PlnError('invalid', `${shown}: ${(size / 2 ** 20).toFixed(0)} MiB, over the 64 MiB limit for a calendar; not read`);
  const text = new TextDecoder('utf-8').decode(fs.readFileSync(file));
  let result;
  try {
    result = readCalendar(deps.ical!, text, { since: deps.since, today: deps.today, dayOf: deps.dayOf });
  } catch (err) {
    if (err instanceof PlnError) throw new PlnError(err.kind, `${shown}: ${err.message}`);
    throw new PlnError('invalid', `${shown}: not a readable calendar (${(err as Error).message.split('\n')[0]})`);
  }
  for (const w of result.warnings) deps.warn(`${shown}:${w}`);
  // An event left out is one of the file's, read and skipped (as a message with no date is).
  counts.events += result.unread;
  counts.skipped += result.unread;
  for (const e of result.events) planner.addEvent(e, counts);
}
