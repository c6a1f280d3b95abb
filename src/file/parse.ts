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
import {
  DONE_RE,
  DUE_RE,
  findConflict,
  HEADING_LINE,
  HEADING_RE,
  LOG_ITEM,
  lineAtOffset,
  listItemKind,
  MALFORMED_LOG,
  NOT_LOG,
  readLogLine,
  scanSections,
  TASK_ITEM,
  TASK_RE,
  TEXT_LINE,
} from './grammar.js';

export { sectionKind } from './grammar.js';

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

/** Parses one contact file. */
export function parseContact(text: string, opts: ParseOptions): ParseResult {
  const problems: Problem[] = [];
  const fail = (line: number, message: string): ParseResult => {
    problems.push({ file: opts.file, line, message, severity: 'error' });
    return { contact: null, problems };
  };

  if (text.includes('\0')) return fail(lineAtOffset(text, text.indexOf('\0')), 'file contains NUL bytes (is it a binary file?)');
  const conflict = findConflict(text);
  if (conflict !== -1) {
    return fail(lineAtOffset(text, conflict), 'git conflict marker: resolve the conflict, then remove the <<<<<<< ======= >>>>>>> lines');
  }
  // Same as text.trim() === '' (\s is what trim removes), without the copy.
  if (!/\S/.test(text)) return fail(1, 'file is empty (a contact needs at least a "name:" line between two "---" lines)');

  // Classic Mac line ends (a CR alone) would read as one long first line.
  const firstCr = text.indexOf('\r');
  if (firstCr !== -1 && text[firstCr + 1] !== '\n' && firstCr < text.indexOf('\n') >>> 0) {
    return fail(1, 'lines end in a lone CR (classic Mac line endings); save the file with LF (or CRLF) line endings');
  }

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

  const warn = (key: string, message: string) => problems.push({ file: opts.file, line: keyLines[key] ?? split.yamlStartLine, message: `${key}: ${message}`, severity: 'warning' });

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
      line: bodyLine - 1 + lineAtOffset(body, control.index),
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
  const special = new Set(
    Object.keys(read.frontmatter)
      .filter(isSpecialKey)
      .map((k) => specialKeyWarning('test.md', read.keyLines[k]!, k).message),
  );
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
    if (err instanceof YamlDepthError) return fail(lineBase + err.line, `frontmatter ${err.message}`);
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
    const message = /Unresolved tag/.test(w.message) ? `${firstLine(w.message)}: tags like !!js/function are read as plain text, never run` : firstLine(w.message);
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
function toRaw(node: Node | null, doc: object, budget: { aliases: number; nodes: number }, depth: number): RawValue {
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

const HASHTAG_RE = /(?:^|\s)#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/gu;

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
 * file): the notes, the Log and the Follow-ups, as grammar.ts scans them.
 * Problems are added to `problems`. Exported for the test that checks it
 * against a plain line-by-line reading.
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
  scanSections(body, 0, (start, end, section, role, index) => {
    if (section === null) {
      // The template's `## Notes` heading is not part of the notes.
      if (role === HEADING_LINE && isNotesLine(body.slice(start, end))) return;
      if (runStart >= 0 && runEnd + 1 === start) {
        runEnd = end;
        return;
      }
      if (runStart >= 0) notes = runs++ === 0 ? body.slice(runStart, runEnd) : `${notes}\n${body.slice(runStart, runEnd)}`;
      runStart = start;
      runEnd = end;
    } else if (role !== TEXT_LINE) {
      // A section's heading, and code in a section, are neither notes nor items.
    } else if (section === 'log') {
      if (listItemKind(body, start, end) === LOG_ITEM) readLog(body.slice(start, end), firstLine + index, file, problems, log, lean);
    } else if (listItemKind(body, start, end) === TASK_ITEM) {
      const m = TASK_RE.exec(body.slice(start, end));
      if (m) followups.push(readTask(m[1]!, m[2]!, firstLine + index, file, problems));
    }
  });
  if (runStart >= 0) notes = runs === 0 ? body.slice(runStart, runEnd) : `${notes}\n${body.slice(runStart, runEnd)}`;
  return { notes: notes.trim(), log, followups };
}

/** Whether a heading line is `## Notes`. */
function isNotesLine(line: string): boolean {
  const h = HEADING_RE.exec(line);
  return h !== null && h[1]!.length === 2 && isNotesHeading(h[2]!);
}

/** One line of the Log section (it starts like an entry): the entry, or a warning. */
function readLog(line: string, lineNo: number, file: string, problems: Problem[], log: LogEntry[], lean: boolean): void {
  const parts = readLogLine(line);
  if (parts === NOT_LOG) return;
  if (parts === MALFORMED_LOG) {
    problems.push({ file, line: lineNo, message: 'log entry not in the form "- YYYY-MM-DD kind: text"', severity: 'warning' });
    return;
  }
  const [date, kind] = parts;
  if (!isRealDate(date)) {
    problems.push({ file, line: lineNo, message: `log date "${date}" is not a real date (use YYYY-MM-DD)`, severity: 'warning' });
    return;
  }
  const text = parts[2].trim();
  log.push({ date, kind: kind === null ? null : kind.toLowerCase(), text, hashtags: lean ? [] : hashtags(text), line: lineNo });
}

// A network holds a few hundred distinct dates, each checked many times.
const isIsoDateRemembered = remembered((s: string) => isIsoDate(s), 10_000);

/** isIsoDate, remembered, of a string that matched `\d{4}-\d{2}-\d{2}`. */
function isRealDate(s: string): boolean {
  // Days 01-28 of months 01-12 are in every year but 0000 (every caller's date matched \d{4}-\d{2}-\d{2}).
  const month = (s.charCodeAt(5) - 48) * 10 + s.charCodeAt(6) - 48;
  const day = (s.charCodeAt(8) - 48) * 10 + s.charCodeAt(9) - 48;
  if (month >= 1 && month <= 12 && day >= 1 && day <= 28 && !s.startsWith('0000')) return true;
  return isIsoDateRemembered(s);
}

/** The last match of a (non-global) pattern in `text`. */
function lastMatch(re: RegExp, text: string): RegExpExecArray | null {
  let found: RegExpExecArray | null = null;
  for (let from = 0; ; ) {
    const m = re.exec(text.slice(from));
    if (!m) return found;
    m.index += from;
    found = m;
    from = m.index + m[0].length;
  }
}

function readTask(mark: string, rest: string, line: number, file: string, problems: Problem[]): FollowUp {
  let text = rest;
  let due: string | null = null;
  let doneDate: string | null = null;
  // The last one counts, as in Obsidian Tasks (which reads them from the end):
  // text that quotes a date of its own keeps it (`pln followup` writes the due date last).
  const d = lastMatch(DUE_RE, text);
  if (d) {
    due = d[1]!;
    text = text.slice(0, d.index) + text.slice(d.index + d[0].length);
  }
  const dn = lastMatch(DONE_RE, text);
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
  for (const [label, value] of [
    ['due', due],
    ['done', doneDate],
  ] as const) {
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

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
