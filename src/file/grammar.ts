/**
 * The grammar of a contact file's body, written once: where the Log and
 * Follow-ups sections are (headings, code fences), what a log line and a
 * task line are, and what a git conflict is. The parser, the editor, the
 * three-way merge and `pln sync` all read the body through this module, so
 * they cannot disagree about where a section starts or what a conflict is.
 * Pure: strings in, values out.
 */

/** The two sections pln reads and writes. */
export type SectionKind = 'log' | 'followups';

/** An ATX heading: `## Log`, `# Title ##`. Only levels 1 and 2 open or close sections. */
export const HEADING_RE = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;

/** A code fence: up to three blanks, then ``` or ~~~ (or longer). */
export const FENCE_RE = /^[ \t]{0,3}(`{3,}|~{3,})/;

/**
 * A log line: `- DATE`, then `: TEXT`, ` KIND: TEXT` (KIND one word) or
 * ` TEXT`. Groups: 1 date, 2 text after a bare colon, 3 kind, 4 its text,
 * 5 text with no kind.
 */
export const LOG_RE = /^[ \t]*[-*+][ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*:[ \t]*(.*)|[ \t]+([\p{L}\p{N}_-]+):(?:[ \t]+(.*)|$)|[ \t]+(.*))?$/u;

/** The start every log line has (a list item whose first word is a date); group 1 is the date. */
export const LOG_START_RE = /^[ \t]*[-*+][ \t]+(\d{4}-\d{2}-\d{2})/;

/** A log kind: one word. */
export const LOG_KIND_RE = /^[\p{L}\p{N}_-]+$/u;

/** A task (Obsidian Tasks): group 1 the mark (` `, `x`, ...), group 2 the rest. */
export const TASK_RE = /^[ \t]*[-*+][ \t]+\[([ xX\-/])\][ \t]?(.*)$/;

/** A task's due date (`📅 2026-12-05`) and done date (`✅ 2026-12-01`). */
export const DUE_RE = /[ \t]*📅\uFE0F?[ \t]*(\d{4}-\d{2}-\d{2})/u;
export const DONE_RE = /[ \t]*✅\uFE0F?[ \t]*(\d{4}-\d{2}-\d{2})/u;
const TASK_DATES_RE = /[ \t]*(📅|✅)\uFE0F?[ \t]*\d{4}-\d{2}-\d{2}/gu;

/** A task's text without its due and done dates. */
export function stripTaskDates(text: string): string {
  return text.replace(TASK_DATES_RE, '');
}

/** Which section a level-2 heading opens. */
export function sectionKind(headingText: string): SectionKind | null {
  const t = headingText.trim().toLowerCase();
  if (t === 'log') return 'log';
  if (t === 'follow-ups' || t === 'followups' || t === 'follow ups') return 'followups';
  return null;
}

// ---- log lines ------------------------------------------------------------------

/** A log line's parts: date, kind (as written, or null), text (untrimmed). */
export type LogParts = readonly [date: string, kind: string | null, text: string];

/** readLogLine's answer for a line that is not a log entry at all. */
export const NOT_LOG = null;
/** readLogLine's answer for a line that starts like an entry (`- DATE`) but is not one. */
export const MALFORMED_LOG = 'malformed';

// What `.` does not match (besides \n).
const LINE_BREAK_RE = /[\r\u2028\u2029]/;

/**
 * Reads one line (without its line break) as a log entry: its parts; or
 * MALFORMED_LOG when it starts like one (`- 2026-11-20…`) but does not
 * follow the form; or NOT_LOG. The same answer as LOG_RE, mostly without it.
 */
export function readLogLine(line: string): LogParts | typeof NOT_LOG | typeof MALFORMED_LOG {
  const fast = splitLog(line);
  if (fast === NOT_ENTRY) return NOT_LOG;
  if (fast !== null) return fast;
  const m = LOG_RE.exec(line);
  if (m) return [m[1]!, m[3] !== undefined ? m[3] : null, m[2] ?? m[4] ?? m[5] ?? ''];
  return LOG_START_RE.test(line) ? MALFORMED_LOG : NOT_LOG;
}

/** The date of a line that starts like a log entry, else null. */
export function logLineDate(line: string): string | null {
  return LOG_START_RE.exec(line)?.[1] ?? null;
}

/** A log line as pln writes it: `- DATE KIND: TEXT`, `- DATE: TEXT` without a kind. */
export function formatLogLine(date: string, kind: string | null, text: string): string {
  return `- ${date}${kind ? ` ${kind}` : ''}:${text ? ` ${text}` : ''}`;
}

/** splitLog's answer for a line that is no entry and draws no warning. */
const NOT_ENTRY: LogParts = ['', null, ''];

/**
 * LOG_RE by hand, for speed: the parts as the pattern's groups give them,
 * NOT_ENTRY when there is no list marker and date, or null when the pattern
 * must decide (no match, or a kind with non-ASCII letters).
 */
function splitLog(line: string): LogParts | null {
  const n = line.length;
  let i = skipBlanks(line, 0);
  const marker = line.charCodeAt(i);
  if (marker !== 45 && marker !== 42 && marker !== 43) return NOT_ENTRY;
  i++;
  if (line.charCodeAt(i) !== 32 && line.charCodeAt(i) !== 9) return NOT_ENTRY;
  i = skipBlanks(line, i);
  // \d{4}-\d{2}-\d{2}
  for (let k = 0; k < 10; k++) {
    const c = line.charCodeAt(i + k);
    if (k === 4 || k === 7 ? c !== 45 : !(c >= 48 && c <= 57)) return NOT_ENTRY;
  }
  const date = line.slice(i, i + 10);
  const r = i + 10;
  if (r === n) return [date, null, ''];
  const c = line.charCodeAt(r);
  // What follows the date: a colon or a blank, then nothing that `.` does not match.
  if (c !== 32 && c !== 9 && c !== 58) return null;
  if (LINE_BREAK_RE.test(line)) return null;
  const j = skipBlanks(line, r);
  // `[ \t]*:[ \t]*(.*)`
  if (line.charCodeAt(j) === 58) return [date, null, line.slice(skipBlanks(line, j + 1))];
  // `[ \t]+([\p{L}\p{N}_-]+):(?:[ \t]+(.*)|$)`, with an ASCII kind
  let w = j;
  for (;;) {
    const x = line.charCodeAt(w);
    if ((x >= 97 && x <= 122) || (x >= 65 && x <= 90) || (x >= 48 && x <= 57) || x === 95 || x === 45) w++;
    else if (x >= 128) return null;
    else break;
  }
  if (w > j && line.charCodeAt(w) === 58) {
    if (w + 1 === n) return [date, line.slice(j, w), ''];
    const y = line.charCodeAt(w + 1);
    if (y === 32 || y === 9) return [date, line.slice(j, w), line.slice(skipBlanks(line, w + 1))];
  }
  // `[ \t]+(.*)`
  return [date, null, line.slice(j)];
}

/** The index of the first character at or after i that is not a space or tab. */
function skipBlanks(line: string, i: number): number {
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  return i;
}

// ---- sections -----------------------------------------------------------------------

/** What a line is to the section scanner: one of the four below. */
export type LineRole = 0 | 1 | 2 | 3;
/** A line of text outside code fences. */
export const TEXT_LINE = 0;
/** A fence line, or a line inside a code fence. */
export const FENCED_LINE = 1;
/** A level-1 or level-2 heading that opens no section (it closes the one before). */
export const HEADING_LINE = 2;
/** A `## Log` or `## Follow-ups` heading (`section` is the one it opens). */
export const SECTION_LINE = 3;

/**
 * Called for each line text[start, end) (without its line break and CR):
 * its index (0 for the first line scanned), the section it is in (or null,
 * the notes) and its role.
 */
export type LineVisitor = (start: number, end: number, section: SectionKind | null, role: LineRole, index: number) => void;

/**
 * Walks the lines of a body from offset `from` to the end of `text`: a
 * level-2 Log or Follow-ups heading opens that section, any other level-1
 * or level-2 heading closes it; nothing inside a code fence is a heading.
 * A text ending in a line break has one more, empty, line.
 */
export function scanSections(text: string, from: number, visit: LineVisitor): void {
  let section: SectionKind | null = null;
  // The open code fence (fenceOf's value), 0 when none is open.
  let open = 0;
  for (let start = from, index = 0; ; index++) {
    const nl = text.indexOf('\n', start);
    const next = nl === -1 ? text.length : nl;
    const end = next > start && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    // Cheap first-character tests spare most lines the patterns.
    const c = text.charCodeAt(start);
    const fence = c === 32 || c === 9 || c === 96 || c === 126 ? fenceOf(text, start, end) : 0;
    if (open !== 0) {
      // Closed by a fence of the same character, at least as long.
      if (fence !== 0 && fence % 128 === open % 128 && fence >= open) open = 0;
      visit(start, end, section, FENCED_LINE, index);
    } else if (fence !== 0) {
      open = fence;
      visit(start, end, section, FENCED_LINE, index);
    } else {
      const h = c === 35 ? HEADING_RE.exec(text.slice(start, end)) : null;
      if (h && h[1]!.length <= 2) {
        section = h[1]!.length === 2 ? sectionKind(h[2]!) : null;
        visit(start, end, section, section === null ? HEADING_LINE : SECTION_LINE, index);
      } else {
        visit(start, end, section, TEXT_LINE, index);
      }
    }
    if (nl === -1) break;
    start = nl + 1;
  }
}

/**
 * FENCE_RE on the line text[start, end), without the copy: the fence's
 * length * 128 + its character code (` or ~), or 0 when the line opens none.
 */
function fenceOf(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && i - start < 3 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  const ch = text.charCodeAt(i);
  if (i >= end || (ch !== 96 && ch !== 126)) return 0;
  let j = i + 1;
  while (j < end && text.charCodeAt(j) === ch) j++;
  return j - i >= 3 ? (j - i) * 128 + ch : 0;
}

/** What must follow a list marker for a line to be a log entry (a digit) or a task (`[`). */
export const LOG_ITEM = 1;
export const TASK_ITEM = 2;

/**
 * For the line text[start, end): LOG_ITEM when it starts like a log entry
 * (`[ \t]*[-*+][ \t]+` and a digit), TASK_ITEM like a task (`[` instead of
 * the digit), else 0. LOG_RE and TASK_RE match no other line.
 */
export function listItemKind(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  while (i < end && (c === 32 || c === 9)) c = text.charCodeAt(++i);
  if (i >= end || (c !== 45 && c !== 42 && c !== 43)) return 0;
  c = text.charCodeAt(++i);
  if (i >= end || (c !== 32 && c !== 9)) return 0;
  while (i < end && (c === 32 || c === 9)) c = text.charCodeAt(++i);
  if (i >= end) return 0;
  if (c >= 48 && c <= 57) return LOG_ITEM;
  return c === 91 ? TASK_ITEM : 0;
}

// ---- conflicts --------------------------------------------------------------------------

// git's markers, at the start of a line, alone or followed by a blank and a label.
const MARKER_RE = /^(<{7}|={7}|>{7})(?:[ \t][^\n]*|\r)?$/gm;

/**
 * Where git left a conflict in `text`: the offset of the `<<<<<<<` line of
 * the first `<<<<<<<` … `=======` … `>>>>>>>` run (in that order), or -1.
 * A marker alone is not a conflict: `=======` under a line of text is a
 * Markdown (setext) heading, and a lone `<<<<<<<` or `>>>>>>>` is text.
 */
export function findConflict(text: string): number {
  const first = text.indexOf('<<<<<<<');
  if (first === -1) return -1;
  MARKER_RE.lastIndex = first === 0 ? 0 : text.lastIndexOf('\n', first - 1) + 1;
  let open = -1;
  let separated = false;
  for (let m = MARKER_RE.exec(text); m !== null; m = MARKER_RE.exec(text)) {
    const c = m[1]!.charCodeAt(0);
    if (c === 60) {
      if (open === -1) open = m.index;
    } else if (c === 61) {
      if (open !== -1) separated = true;
    } else if (separated) {
      return open;
    }
  }
  return -1;
}

/** The 1-based line of offset `offset` in `text`. */
export function lineAtOffset(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

// ---- notes that stay notes ----------------------------------------------------------

// A git conflict marker line, as findConflict reads one.
const MARKER_LINE_RE = /^(?:<{7}|={7}|>{7})(?:[ \t]|$)/;

/**
 * Notes (imported, or typed with `pln note`) as text that reads back as
 * notes and nothing else: a `## Log` or `## Follow-ups` heading (which would
 * open that section) or a conflict marker line gets a `\` in front
 * (Markdown shows `\#` as `#`), and a code fence left open is closed, so it
 * cannot hide the sections below the notes. Other headings stay as written:
 * notes stand before the file's sections, where they close nothing.
 */
export function inertNotes(notes: string): string {
  const text = notes.replace(/\r\n?|[\u2028\u2029]/g, '\n');
  const lines: string[] = [];
  // The fence that is open (its backticks or tildes), null when none is.
  let open: string | null = null;
  scanSections(text, 0, (start, end, _section, role) => {
    const line = text.slice(start, end);
    // Markers count inside code fences too (findConflict reads the whole text).
    if (role === SECTION_LINE || MARKER_LINE_RE.test(line)) {
      lines.push(`\\${line}`);
      return;
    }
    if (role === FENCED_LINE) {
      const fence = FENCE_RE.exec(line)?.[1];
      // The scanner's rule: a fence of the same character, at least as long, closes it.
      if (open === null) open = fence ?? null;
      else if (fence !== undefined && fence[0] === open[0] && fence.length >= open.length) open = null;
    }
    lines.push(line);
  });
  if (open !== null) lines.push(open);
  return lines.join('\n');
}
