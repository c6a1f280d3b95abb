/**
 * Contact file → Contact. Pure and total: any text gives a result, never an
 * exception; what is wrong comes back as problems with line numbers.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { parseCadence, CADENCE_HINT } from '../domain/cadence.js';
import type { Contact, FollowUp, LogEntry, Problem, RawValue } from '../domain/contact.js';
import { isIsoDate, type IsoDate } from '../domain/dates.js';
import { remembered } from '../domain/memo.js';
import { MAX_ALIASES, MAX_DEPTH, parseSimpleYaml, parseYaml, splitFrontmatter, YamlDepthError } from './frontmatter.js';

export interface ParseOptions {
  /** Path shown in problems, relative to the network (`contacts/ada.md`). */
  file: string;
  slug: string;
  /**
   * Leave out what is derived from text and cannot hold a problem (the
   * hashtags of log entries): for a load that keeps only the core fields of
   * a file. The problems are the same.
   */
  lean?: boolean;
}

export interface ParseResult {
  /** Null when the file cannot be read as a contact (the problems say why). */
  contact: Contact | null;
  problems: Problem[];
}

const CONFLICT_RE = /^(<{7}|={7}|>{7})(?: |\r?$)/m;

/** Parses one contact file. */
export function parseContact(text: string, opts: ParseOptions): ParseResult {
  const problems: Problem[] = [];
  const fail = (line: number, message: string): ParseResult => {
    problems.push({ file: opts.file, line, message, severity: 'error' });
    return { contact: null, problems };
  };

  if (text.includes('\0')) return fail(lineOf(text, text.indexOf('\0')), 'file contains NUL bytes (is it a binary file?)');
  const conflict = CONFLICT_RE.exec(text);
  if (conflict) {
    return fail(lineOf(text, conflict.index), 'git conflict marker: resolve the conflict, then remove the <<<<<<< ======= >>>>>>> lines');
  }
  // Same as text.trim() === '' (\s is what trim removes), without the copy.
  if (!/\S/.test(text)) return fail(1, 'file is empty (a contact needs at least a "name:" line between two "---" lines)');

  const split = splitFrontmatter(text);
  switch (split.kind) {
    case 'none':
      return fail(1, 'no frontmatter: start the file with a "---" line, "name: ...", and a closing "---"');
    case 'unclosed':
      return fail(1, 'frontmatter opened with "---" is never closed: add a "---" line after the last key');
    case 'language':
      return fail(1, `frontmatter language "${clip(split.language)}" is not read (only YAML, fenced by a bare "---")`);
  }

  const yamlText = text.slice(split.yamlStart, split.yamlEnd);
  // Most files hold only simple YAML, which we read ourselves; anything
  // else goes to the YAML parser (loaded only then, in the built CLI).
  const simple = parseSimpleYaml(yamlText, split.yamlStartLine);
  let frontmatter: Record<string, RawValue>;
  let keyLines: Record<string, number>;
  if (simple !== null) {
    if (split.bom) problems.push(bomWarning(opts.file));
    frontmatter = simple.values;
    keyLines = simple.lines;
    for (const key of simple.keys) {
      if (isSpecialKey(key)) problems.push(specialKeyWarning(opts.file, keyLines[key]!, key));
    }
  } else {
    const read = readYamlFrontmatter(yamlText, split, opts.file, problems);
    if ('contact' in read) return read;
    ({ frontmatter, keyLines } = read);
  }

  const warn = (key: string, message: string) =>
    problems.push({ file: opts.file, line: keyLines[key] ?? split.yamlStartLine, message: `${key}: ${message}`, severity: 'warning' });

  const name = frontmatter.name;
  if (Array.isArray(name) || (typeof name === 'object' && name !== null)) {
    return fail(keyLines.name ?? split.yamlStartLine, `name: must be a single line of text, not a ${Array.isArray(name) ? 'list' : 'map'}`);
  }
  if (typeof name !== 'string' || name.trim() === '') {
    return fail(keyLines.name ?? split.yamlStartLine, 'missing "name:" (the only key a contact needs)');
  }
  // The simple reader takes no control character, so only YAML-read values can hold one.
  if (simple === null) {
    for (const [key, value] of Object.entries(frontmatter)) {
      if (hasControl(value)) warn(key, 'contains control characters (terminal escape codes); pln strips them from what it prints');
    }
  }

  const str = (key: string): string | null => {
    const v = frontmatter[key];
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
    warn(key, 'expected a single value');
    return null;
  };
  const list = (key: string): string[] => {
    const v = frontmatter[key];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return v.trim() === '' ? [] : [v.trim()];
    if (Array.isArray(v)) {
      const out: string[] = [];
      for (const item of v) {
        if (typeof item === 'string' && item.trim() !== '') out.push(item.trim());
        else if (item !== null && typeof item !== 'string') warn(key, 'list items must be plain values');
      }
      return out;
    }
    warn(key, 'expected a list');
    return [];
  };
  const date = (key: string): string | null => {
    const v = str(key);
    if (v === null) return null;
    if (!isIsoDate(v)) {
      warn(key, `"${clip(v)}" is not a date (use YYYY-MM-DD)`);
      return null;
    }
    return v;
  };

  const cadence = str('cadence');
  if (cadence !== null && parseCadence(cadence) === null) warn('cadence', `"${clip(cadence)}" is not a duration (${CADENCE_HINT})`);
  const birthday = str('birthday');
  if (birthday !== null && !isBirthday(birthday)) warn('birthday', `"${clip(birthday)}" is not a birthday (use MM-DD or YYYY-MM-DD)`);

  const links: Record<string, string> = Object.create(null);
  const rawLinks = frontmatter.links;
  if (rawLinks !== undefined && rawLinks !== null) {
    if (typeof rawLinks === 'object' && !Array.isArray(rawLinks)) {
      for (const k in rawLinks) {
        const v = (rawLinks as Record<string, RawValue>)[k];
        if (typeof v === 'string') links[k] = v;
      }
    } else if (Array.isArray(rawLinks)) {
      rawLinks.forEach((v, i) => typeof v === 'string' && (links[`link${i + 1}`] = v));
    } else if (typeof rawLinks === 'string') links.link = rawLinks;
  }

  const body = text.slice(split.bodyStart);
  const bodyLine = split.closeLine + 1;
  const sections = readBody(body, bodyLine, opts.file, problems, opts.lean === true);
  const control = CONTROL_RE.exec(body);
  if (control) {
    problems.push({
      file: opts.file,
      line: bodyLine - 1 + lineOf(body, control.index),
      message: 'contains control characters (terminal escape codes); pln strips them from what it prints',
      severity: 'warning',
    });
  }

  const contact: Contact = {
    slug: opts.slug,
    file: opts.file,
    name: name.trim(),
    aliases: list('aliases'),
    tags: list('tags').map(stripHash),
    expertise: list('expertise'),
    company: str('company'),
    role: str('role'),
    location: str('location'),
    emails: list('email').concat(list('emails')),
    phones: list('phone').concat(list('phones')),
    links,
    cadence,
    introducedBy: slugRef(str('introduced_by')),
    knows: list('knows').map((k) => slugRef(k)!),
    pastCompanies: list('past_companies'),
    birthday: birthday !== null && isBirthday(birthday) ? birthday : null,
    added: date('added'),
    lastContactOverride: date('last_contact'),
    snoozeUntil: date('snooze_until'),
    lastLog: latestDate(sections.log),
    frontmatter,
    keyLines,
    notes: sections.notes,
    log: sections.log,
    followups: sections.followups,
  };
  problems.sort((a, b) => a.line - b.line);
  return { contact, problems };
}

// Control characters other than tab, CR and LF: terminal escapes, bells.
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function hasControl(v: RawValue): boolean {
  if (v === null) return false;
  if (typeof v === 'string') return CONTROL_RE.test(v);
  if (Array.isArray(v)) return v.some(hasControl);
  return Object.values(v).some(hasControl);
}

function latestDate(log: readonly LogEntry[]): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const e of log) if (latest === null || e.date > latest) latest = e.date;
  return latest;
}

/** `[[ada-lovelace]]`, `[[ada-lovelace|Ada]]` or `ada-lovelace` → `ada-lovelace`. */
export function slugRef(ref: string | null): string | null {
  if (ref === null) return null;
  const m = /^\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\]$/.exec(ref.trim());
  return (m ? m[1]! : ref).trim();
}

function stripHash(tag: string): string {
  return tag.startsWith('#') ? tag.slice(1) : tag;
}

function isBirthday(s: string): boolean {
  if (isIsoDate(s)) return true;
  const m = /^(\d{2})-(\d{2})$/.exec(s);
  return m !== null && isIsoDate(`2000-${m[1]}-${m[2]}`);
}

/**
 * What the YAML parser reads from a frontmatter, when it reads it without a
 * single problem: the reference that `parseSimpleYaml` is tested against.
 */
export function readFrontmatterWithYaml(yamlText: string, firstLine: number): { values: Record<string, RawValue>; lines: Record<string, number> } | null {
  const problems: Problem[] = [];
  const read = readYamlFrontmatter(yamlText, { yamlStartLine: firstLine, bom: false }, 'test.md', problems);
  if ('contact' in read) return null;
  // The warnings about special keys are given on both paths alike.
  const special = new Set(Object.keys(read.frontmatter).filter(isSpecialKey).map((k) => specialKeyWarning('test.md', read.keyLines[k]!, k).message));
  if (problems.some((p) => !special.has(p.message))) return null;
  return { values: read.frontmatter, lines: read.keyLines };
}

/**
 * The frontmatter through the YAML parser: every key's value and line, or
 * the failed result (problems say why).
 */
function readYamlFrontmatter(
  yamlText: string,
  split: { yamlStartLine: number; bom: boolean },
  file: string,
  problems: Problem[],
): { frontmatter: Record<string, RawValue>; keyLines: Record<string, number> } | ParseResult {
  const fail = (line: number, message: string): ParseResult => {
    problems.push({ file, line, message, severity: 'error' });
    return { contact: null, problems };
  };
  const lineBase = split.yamlStartLine - 1;
  let parsed;
  try {
    parsed = parseYaml(yamlText);
  } catch (err) {
    if (err instanceof YamlDepthError) return fail(split.yamlStartLine, err.message);
    return fail(split.yamlStartLine, `frontmatter could not be read: ${(err as Error).message}`);
  }
  const { doc, lineCounter } = parsed;
  const lineAt = (offset: number | undefined) => (offset === undefined ? split.yamlStartLine : lineBase + lineCounter.linePos(offset).line);

  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    // An error found at the very end (an unclosed `[`) belongs to the last written line.
    const at = Math.min(e.pos[0], Math.max(0, yamlText.trimEnd().length - 1));
    return fail(lineAt(at), `invalid YAML: ${firstLine(e.message)}`);
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === '' || root.value === null))) {
    return fail(split.yamlStartLine, 'frontmatter is empty: add "name: ..."');
  }
  if (!isMap(root)) {
    return fail(split.yamlStartLine, `frontmatter is a ${isSeq(root) ? 'list' : 'plain string'}, not a map of keys (write "name: ..." on its own line)`);
  }
  for (const w of doc.warnings) {
    const message = /Unresolved tag/.test(w.message)
      ? `${firstLine(w.message)}: tags like !!js/function are read as plain text, never run`
      : firstLine(w.message);
    problems.push({ file, line: lineAt(w.pos[0]), message, severity: 'warning' });
  }
  if (split.bom) problems.push(bomWarning(file));

  // Copy keys one by one into a null-prototype object: `__proto__` stays a key.
  const frontmatter: Record<string, RawValue> = Object.create(null);
  const keyLines: Record<string, number> = Object.create(null);
  const budget = { aliases: MAX_ALIASES, nodes: 10_000 };
  for (const pair of root.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value ?? '') : null;
    const line = lineAt(keyNode?.range?.[0]);
    if (key === null) {
      problems.push({ file, line, message: 'a frontmatter key is not a plain word', severity: 'warning' });
      continue;
    }
    if (isSpecialKey(key)) problems.push(specialKeyWarning(file, line, key));
    try {
      frontmatter[key] = toRaw(pair.value as Node | null, doc, budget, 0);
    } catch (err) {
      return fail(line, `${key}: ${(err as Error).message}`);
    }
    keyLines[key] = line;
  }
  return { frontmatter, keyLines };
}

function bomWarning(file: string): Problem {
  return { file, line: 1, message: 'file starts with a byte-order mark (BOM); pln reads it, but some tools do not (save as UTF-8 without BOM)', severity: 'warning' };
}

function isSpecialKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

function specialKeyWarning(file: string, line: number, key: string): Problem {
  return { file, line, message: `key "${key}" is special in JavaScript; pln keeps it as plain data, but rename it for other tools`, severity: 'warning' };
}

/** YAML node → plain value, scalars as strings, with alias and depth budgets. */
function toRaw(node: Node | null, doc: { }, budget: { aliases: number; nodes: number }, depth: number): RawValue {
  if (--budget.nodes < 0) throw new Error('frontmatter has too many values');
  if (depth > MAX_DEPTH) throw new Error(`nested more than ${MAX_DEPTH} levels deep`);
  if (node === null || node === undefined) return null;
  if (isAlias(node)) {
    if (--budget.aliases < 0) throw new Error(`more than ${MAX_ALIASES} aliases (*name); write the values out`);
    const target = node.resolve(doc as never);
    return target ? toRaw(target as Node, doc, budget, depth + 1) : null;
  }
  if (isScalar(node)) {
    return node.value === null || node.value === undefined ? null : String(node.value);
  }
  if (isSeq(node)) return node.items.map((item) => toRaw(item as Node, doc, budget, depth + 1));
  if (isMap(node)) {
    const out: Record<string, RawValue> = Object.create(null);
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value ?? '') : '';
      out[key] = toRaw(pair.value as Node | null, doc, budget, depth + 1);
    }
    return out;
  }
  return null;
}

// ---- body ------------------------------------------------------------------

const HEADING_RE = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE_RE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const LOG_RE = /^[ \t]*[-*+][ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*:[ \t]*(.*)|[ \t]+([\p{L}\p{N}_-]+):(?:[ \t]+(.*)|$)|[ \t]+(.*))?$/u;
const TASK_RE = /^[ \t]*[-*+][ \t]+\[([ xX\-\/])\][ \t]?(.*)$/;
const DUE_RE = /[ \t]*📅\uFE0F?[ \t]*(\d{4}-\d{2}-\d{2})/u;
const DONE_RE = /[ \t]*✅\uFE0F?[ \t]*(\d{4}-\d{2}-\d{2})/u;
const HASHTAG_RE = /(?:^|\s)#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/gu;

/** Which section a level-2 heading opens. */
export function sectionKind(headingText: string): 'log' | 'followups' | null {
  const t = headingText.trim().toLowerCase();
  if (t === 'log') return 'log';
  if (t === 'follow-ups' || t === 'followups' || t === 'follow ups') return 'followups';
  return null;
}

/** `## Notes`: the template's place for notes; the heading itself is not part of them. */
export function isNotesHeading(headingText: string): boolean {
  return headingText.trim().toLowerCase() === 'notes';
}

export interface BodyParts {
  notes: string;
  log: LogEntry[];
  followups: FollowUp[];
}

/**
 * The body after the frontmatter (its first line is line `firstLine` of the
 * file): the notes, the Log and the Follow-ups. Problems are added to
 * `problems`. Exported for the test that checks it against a plain
 * line-by-line reading.
 */
export function readBody(body: string, firstLine: number, file: string, problems: Problem[], lean = false): BodyParts {
  const log: LogEntry[] = [];
  const followups: FollowUp[] = [];
  // The notes are the lines outside the sections, joined with "\n". They are
  // gathered as runs of lines that stand next to each other in the body (a
  // run ends where lines are left out, or where a line lost its CR), so that
  // most files give their notes as one slice of the body, with no copy per line.
  let notes = '';
  let runs = 0;
  let runStart = -1;
  let runEnd = -1;
  const note = (start: number, end: number) => {
    if (runStart >= 0 && runEnd + 1 === start) {
      runEnd = end;
      return;
    }
    if (runStart >= 0) notes = runs++ === 0 ? body.slice(runStart, runEnd) : `${notes}\n${body.slice(runStart, runEnd)}`;
    runStart = start;
    runEnd = end;
  };
  let section: 'log' | 'followups' | null = null;
  // The open code fence (fenceOf's value), 0 when none is open.
  let open = 0;
  for (let start = 0, lineNo = firstLine; ; lineNo++) {
    const nl = body.indexOf('\n', start);
    const next = nl === -1 ? body.length : nl;
    // The line is body[start, end), without its CR.
    const end = next > start && body.charCodeAt(next - 1) === 13 ? next - 1 : next;
    // Cheap first-character tests spare most lines the patterns.
    const c = body.charCodeAt(start);
    const fence = c === 32 || c === 9 || c === 96 || c === 126 ? fenceOf(body, start, end) : 0;
    if (open !== 0) {
      // Closed by a fence of the same character, at least as long.
      if (fence !== 0 && fence % 128 === open % 128 && fence >= open) open = 0;
      if (section === null) note(start, end);
    } else if (fence !== 0) {
      open = fence;
      if (section === null) note(start, end);
    } else {
      let heading = false;
      if (c === 35) {
        const h = HEADING_RE.exec(body.slice(start, end));
        if (h && h[1]!.length <= 2) {
          section = h[1]!.length === 2 ? sectionKind(h[2]!) : null;
          heading = section !== null || (h[1]!.length === 2 && isNotesHeading(h[2]!));
        }
      }
      if (heading) {
        // A Log, Follow-ups or Notes heading is not part of the notes.
      } else if (section === 'log') {
        if (listItemBefore(body, start, end) === LOG_FIRST) readLog(body.slice(start, end), lineNo, file, problems, log, lean);
      } else if (section === 'followups') {
        if (listItemBefore(body, start, end) === TASK_FIRST) {
          const m = TASK_RE.exec(body.slice(start, end));
          if (m) followups.push(readTask(m[1]!, m[2]!, lineNo, file, problems));
        }
      } else {
        note(start, end);
      }
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  if (runStart >= 0) notes = runs === 0 ? body.slice(runStart, runEnd) : `${notes}\n${body.slice(runStart, runEnd)}`;
  return { notes: notes.trim(), log, followups };
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

// What must follow a list marker for a line to be a log entry (a digit) or a task (`[`).
const LOG_FIRST = 1;
const TASK_FIRST = 2;

/**
 * For the line text[start, end): LOG_FIRST when it starts like a log entry
 * (`[ \t]*[-*+][ \t]+` and a digit), TASK_FIRST like a task (`[` instead of
 * the digit), else 0. LOG_RE, its warning and TASK_RE match no other line.
 */
function listItemBefore(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  while (i < end && (c === 32 || c === 9)) c = text.charCodeAt(++i);
  if (i >= end || (c !== 45 && c !== 42 && c !== 43)) return 0;
  c = text.charCodeAt(++i);
  if (i >= end || (c !== 32 && c !== 9)) return 0;
  while (i < end && (c === 32 || c === 9)) c = text.charCodeAt(++i);
  if (i >= end) return 0;
  if (c >= 48 && c <= 57) return LOG_FIRST;
  return c === 91 ? TASK_FIRST : 0;
}

/** One line of the Log section (it starts like an entry): the entry, or a warning. */
function readLog(line: string, lineNo: number, file: string, problems: Problem[], log: LogEntry[], lean: boolean): void {
  let date: string;
  let kind: string | null;
  let text: string;
  const fast = splitLog(line);
  if (fast === NOT_ENTRY) return;
  if (fast !== null) {
    [date, kind, text] = fast;
  } else {
    const m = LOG_RE.exec(line);
    if (!m) {
      if (/^[ \t]*[-*+][ \t]+\d{4}-\d{2}-\d{2}/.test(line)) {
        problems.push({ file, line: lineNo, message: 'log entry not in the form "- YYYY-MM-DD kind: text"', severity: 'warning' });
      }
      return;
    }
    date = m[1]!;
    kind = m[3] !== undefined ? m[3] : null;
    text = m[2] ?? m[4] ?? m[5] ?? '';
  }
  if (!isRealDate(date)) {
    problems.push({ file, line: lineNo, message: `log date "${date}" is not a real date (use YYYY-MM-DD)`, severity: 'warning' });
    return;
  }
  text = text.trim();
  log.push({ date, kind: kind === null ? null : kind.toLowerCase(), text, hashtags: lean ? [] : hashtags(text), line: lineNo });
}

// What \`.\` does not match (besides \\n).
const LINE_BREAK_RE = /[\r\u2028\u2029]/;

/** splitLog's answer for a line that is no entry and draws no warning. */
const NOT_ENTRY: readonly [string, string | null, string] = ['', null, ''];

/**
 * LOG_RE by hand, for a line that starts like an entry: [date, kind, text
 * (untrimmed)] as the pattern's groups give them, NOT_ENTRY when the pattern
 * and its warning both fail (no date), or null when the pattern must decide
 * (no match, which draws the warning, or a kind with non-ASCII letters).
 */
function splitLog(line: string): readonly [string, string | null, string] | null {
  const n = line.length;
  let i = 0;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  i++;
  while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
  // \d{4}-\d{2}-\d{2}
  for (let k = 0; k < 10; k++) {
    const c = line.charCodeAt(i + k);
    if (k === 4 || k === 7 ? c !== 45 : !(c >= 48 && c <= 57)) return NOT_ENTRY;
  }
  const date = line.slice(i, i + 10);
  const r = i + 10;
  if (r === n) return [date, null, ''];
  const c = line.charCodeAt(r);
  // What follows the date: a colon or a blank, then nothing that \`.\` does not match.
  if (c !== 32 && c !== 9 && c !== 58) return null;
  if (LINE_BREAK_RE.test(line)) return null;
  let j = r;
  while (line.charCodeAt(j) === 32 || line.charCodeAt(j) === 9) j++;
  // \`[ \t]*:[ \t]*(.*)\`
  if (line.charCodeAt(j) === 58) return [date, null, line.slice(j + 1)];
  // \`[ \t]+([\p{L}\p{N}_-]+):(?:[ \t]+(.*)|$)\`, with an ASCII kind
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
    if (y === 32 || y === 9) return [date, line.slice(j, w), line.slice(w + 1)];
  }
  // \`[ \t]+(.*)\`
  return [date, null, line.slice(j)];
}

// A network holds a few hundred distinct dates, each checked many times.
const isIsoDateRemembered = remembered((s: string) => isIsoDate(s), 10_000);

/** isIsoDate, remembered, of a string that matched `\d{4}-\d{2}-\d{2}`. */
function isRealDate(s: string): boolean {
  // Days 01-28 of months 01-12 are in every year (every caller's date matched \d{4}-\d{2}-\d{2}).
  const month = (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48;
  const day = (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48;
  if (month >= 1 && month <= 12 && day >= 1 && day <= 28) return true;
  return isIsoDateRemembered(s);
}

function readTask(mark: string, rest: string, line: number, file: string, problems: Problem[]): FollowUp {
  let text = rest;
  let due: string | null = null;
  let doneDate: string | null = null;
  const d = DUE_RE.exec(text);
  if (d) {
    due = d[1]!;
    text = text.slice(0, d.index) + text.slice(d.index + d[0].length);
  }
  const dn = DONE_RE.exec(text);
  if (dn) {
    doneDate = dn[1]!;
    text = text.slice(0, dn.index) + text.slice(dn.index + dn[0].length);
  }
  text = text.trim();
  const lead = /^(\d{4}-\d{2}-\d{2})[ \t]+(.*)$/.exec(text);
  if (lead && due === null) {
    due = lead[1]!;
    text = lead[2]!.trim();
  }
  for (const [label, value] of [['due', due], ['done', doneDate]] as const) {
    if (value !== null && !isRealDate(value)) {
      problems.push({ file, line, message: `follow-up ${label} date "${value}" is not a real date (use YYYY-MM-DD)`, severity: 'warning' });
    }
  }
  return {
    text,
    due: due !== null && isRealDate(due) ? due : null,
    done: mark !== ' ',
    doneDate: doneDate !== null && isRealDate(doneDate) ? doneDate : null,
    line,
  };
}

function hashtags(text: string): string[] {
  const out: string[] = [];
  if (!text.includes('#')) return out;
  // exec with lastIndex rather than matchAll, which copies the pattern per call.
  HASHTAG_RE.lastIndex = 0;
  for (let m = HASHTAG_RE.exec(text); m !== null; m = HASHTAG_RE.exec(text)) out.push(m[1]!.toLowerCase());
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
