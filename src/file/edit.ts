/**
 * Minimal text edits of a contact file: string in, string out, pure.
 *
 * We never re-serialize YAML: the `yaml` package's Document API, even for a
 * one-key change, rewrites other values (`0123456` → `123456`, `[a]` →
 * `[ a ]`, `1e3` → `1e+3`) and turns CRLF into LF. Instead we locate the one
 * node we change by its source range and splice text there, in the file's
 * own line-ending style. Everything else stays byte-for-byte the same.
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLSeq } from 'yaml';
import { PlnError } from '../domain/errors.js';
import { fold } from '../domain/text.js';
import { parseYaml, splitFrontmatter, type Eol } from './frontmatter.js';
import { sectionKind } from './parse.js';

const CONFLICT_RE = /^(<{7}|={7}|>{7})(?: |\r?$)/m;

interface Front {
  text: string;
  eol: Eol;
  /** Offset of the first YAML character. */
  start: number;
  /** Offset of the closing `---` line. */
  end: number;
  pairs: Pair[];
}

function readFront(text: string): Front {
  if (CONFLICT_RE.test(text)) throw new PlnError('file', 'has git conflict markers');
  const split = splitFrontmatter(text);
  if (split.kind === 'none') throw new PlnError('file', 'has no frontmatter');
  if (split.kind === 'unclosed') throw new PlnError('file', 'frontmatter is never closed');
  if (split.kind === 'language') throw new PlnError('file', `frontmatter is "${split.language}", not YAML`);
  const yamlText = text.slice(split.yamlStart, split.yamlEnd);
  const { doc } = parseYaml(yamlText);
  if (doc.errors.length > 0) throw new PlnError('file', `frontmatter is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  const root = doc.contents;
  let pairs: Pair[] = [];
  if (root !== null && !(isScalar(root) && (root.value === null || root.value === ''))) {
    if (!isMap(root)) throw new PlnError('file', 'frontmatter is not a map of keys');
    pairs = root.items.filter(isPair) as Pair[];
  }
  return { text, eol: split.eol, start: split.yamlStart, end: split.yamlEnd, pairs };
}

function findPair(f: Front, key: string): Pair | undefined {
  return f.pairs.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the end of the line holding `offset` (after its `\n`). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

// ---- YAML scalars -----------------------------------------------------------

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~|\.nan|\.inf|-\.inf|\+\.inf)$/i;
const NUMBERISH = /^[-+]?(?:\d[\d_,]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+(?:e[-+]?\d+)?|0x[0-9a-f]+|0o[0-7]+|0b[01]+)$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A string as a YAML scalar: plain when every YAML reader (1.1 or 1.2, failsafe
 * or not) reads it back as the same string, double-quoted otherwise. Dates
 * stay plain (`added: 2026-11-29`), as people write them.
 */
export function yamlScalar(s: string, opts: { flow?: boolean } = {}): string {
  const plain =
    s !== '' &&
    s === s.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) &&
    !/[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(s) &&
    !s.includes(': ') &&
    !s.endsWith(':') &&
    !s.includes(' #') &&
    !(opts.flow && /[,[\]{}]/.test(s)) &&
    !RESERVED.test(s) &&
    (ISO_DATE.test(s) || !NUMBERISH.test(s));
  if (plain) return s;
  return `"${s.replace(/[\\"\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/g, (ch) => {
    switch (ch) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\r':
        return '\\r';
      default:
        return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  })}"`;
}

function flowList(items: string[]): string {
  return `[${items.map((i) => yamlScalar(i, { flow: true })).join(', ')}]`;
}

function valueText(value: string | string[]): string {
  return Array.isArray(value) ? flowList(value) : yamlScalar(value);
}

// ---- frontmatter keys ---------------------------------------------------------

/** Inserts `key: value` as a new line just before the closing `---`. */
function insertKey(f: Front, key: string, valueSrc: string): string {
  const { text, eol } = f;
  let at = f.end;
  let prefix = '';
  // A frontmatter whose last line has no line break cannot happen (the
  // closing fence follows a break), but an empty one starts right at `end`.
  if (at > f.start && text[at - 1] !== '\n') prefix = eol;
  return splice(text, at, at, `${prefix}${yamlScalar(key)}: ${valueSrc}${eol}`);
}

/** Where a pair's value sits: same line as the key, or on the lines below. */
function valueSpan(f: Front, pair: Pair): { from: number; to: number; sameLine: boolean } {
  const keyNode = pair.key as Node;
  const keyEnd = f.start + keyNode.range![1];
  const colon = f.text.indexOf(':', keyEnd);
  const value = pair.value as Node | null;
  if (!value || !value.range || value.range[0] === value.range[1]) {
    // `key:` with nothing after it (or a comment): the value goes after the colon.
    return { from: colon + 1, to: colon + 1, sameLine: true };
  }
  const from = f.start + value.range[0];
  let to = f.start + value.range[1];
  // Block scalars and collections may report a range ending past their last newline.
  while (to > from && (f.text[to - 1] === '\n' || f.text[to - 1] === '\r')) to--;
  const sameLine = !f.text.slice(colon + 1, from).includes('\n');
  return { from, to, sameLine };
}

/** Replaces a pair's whole value with `valueSrc`, keeping a same-line comment. */
function replaceValue(f: Front, pair: Pair, valueSrc: string): string {
  const span = valueSpan(f, pair);
  if (span.sameLine && !isBlockScalarAt(f.text, span.from)) {
    const lead = span.from === span.to && f.text[span.from] !== ' ' ? ' ' : '';
    return splice(f.text, span.from, span.to, lead + valueSrc);
  }
  // A value on the lines below (block list, block map, `|` text): put the new
  // value on the key's line and drop the old lines.
  const keyNode = pair.key as Node;
  const colon = f.text.indexOf(':', f.start + keyNode.range![1]);
  const keyLineEnd = lineEnd(f.text, colon);
  const keyLine = f.text.slice(colon + 1, keyLineEnd).replace(/\r?\n$/, '');
  const comment = /^\s*(#.*)?$/.exec(keyLine)?.[1];
  const after = lineEnd(f.text, Math.max(span.to - 1, colon));
  const eolOfKey = f.text.slice(colon + 1, keyLineEnd).match(/\r?\n$/)?.[0] ?? f.eol;
  return splice(f.text, colon + 1, after, ` ${valueSrc}${comment ? ` ${comment}` : ''}${eolOfKey}`);
}

function isBlockScalarAt(text: string, offset: number): boolean {
  return text[offset] === '|' || text[offset] === '>';
}

/** Sets a top-level frontmatter key; only that key's text changes. */
export function setKey(text: string, key: string, value: string | string[]): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return insertKey(f, key, valueText(value));
  const current = pair.value as Node | null;
  if (isMap(current)) throw new PlnError('invalid', `${key} holds nested keys; change it with pln edit`);
  if (Array.isArray(value) && isSeq(current) && !current.flow) return replaceBlockItems(f, current, value);
  if (!Array.isArray(value) && isScalar(current) && String(current.value ?? '') === value) return text;
  return replaceValue(f, pair, valueText(value));
}

/** Removes a top-level key and its value lines; unchanged when absent. */
export function unsetKey(text: string, key: string): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return text;
  const keyNode = pair.key as Node;
  const from = lineStart(text, f.start + keyNode.range![0]);
  const span = valueSpan(f, pair);
  const to = lineEnd(text, Math.max(span.to - 1, f.start + keyNode.range![1]));
  return splice(text, from, Math.min(to, f.end), '');
}

function itemText(n: unknown): string | null {
  return isScalar(n) && n.value !== null ? String(n.value) : null;
}

/** Rewrites the items of a block list, each `- item` line at the first item's indentation. */
function replaceBlockItems(f: Front, seq: YAMLSeq, items: string[]): string {
  if (items.length === 0 || seq.items.length === 0) {
    const pair = f.pairs.find((p) => p.value === seq)!;
    return replaceValue(f, pair, flowList(items));
  }
  const first = seq.items[0] as Node;
  const last = seq.items[seq.items.length - 1] as Node;
  const from = lineStart(f.text, f.start + first.range![0]);
  const prefix = f.text.slice(from, f.start + first.range![0]);
  const to = lineEnd(f.text, f.start + last.range![1] - 1);
  return splice(f.text, from, to, items.map((i) => `${prefix}${yamlScalar(i)}${f.eol}`).join(''));
}

/**
 * Sets `key.sub` in a map key like `links`: replaces the entry's value, or adds
 * an entry line after the last one (block map), or before `}` (flow map), or
 * adds the whole key when absent.
 */
export function setMapEntry(text: string, key: string, sub: string, value: string): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return insertKey(f, key, `${f.eol}  ${yamlScalar(sub)}: ${yamlScalar(value)}`).replace(`${yamlScalar(key)}: ${f.eol}`, `${yamlScalar(key)}:${f.eol}`);
  const map = pair.value as Node | null;
  if (!isMap(map)) {
    const current = itemText(map);
    if (current === null || current.trim() === '') return replaceValue(f, pair, `{${yamlScalar(sub, { flow: true })}: ${yamlScalar(value, { flow: true })}}`);
    throw new PlnError('invalid', `${key} is not a map of names to values; change it with pln edit`);
  }
  const entries = map.items.filter(isPair) as Pair[];
  const existing = entries.find((p) => isScalar(p.key) && String(p.key.value) === sub);
  if (existing) {
    if (itemText(existing.value) === value) return text;
    const v = existing.value as Node | null;
    if (v && !isScalar(v)) throw new PlnError('invalid', `${key}.${sub} holds nested values; change it with pln edit`);
    if (!v || !v.range) {
      const colon = text.indexOf(':', f.start + (existing.key as Node).range![1]);
      return splice(text, colon + 1, colon + 1, ` ${yamlScalar(value, { flow: Boolean(map.flow) })}`);
    }
    return splice(text, f.start + v.range[0], f.start + v.range[1], yamlScalar(value, { flow: Boolean(map.flow) }));
  }
  const last = entries[entries.length - 1];
  if (map.flow) {
    if (!last) return replaceValue(f, pair, `{${yamlScalar(sub, { flow: true })}: ${yamlScalar(value, { flow: true })}}`);
    const end = f.start + ((last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1]);
    return splice(text, end, end, `, ${yamlScalar(sub, { flow: true })}: ${yamlScalar(value, { flow: true })}`);
  }
  const firstKey = entries[0]!.key as Node;
  const keyStart = f.start + firstKey.range![0];
  const indent = text.slice(lineStart(text, keyStart), keyStart);
  const lastEnd = f.start + ((last!.value as Node | null)?.range?.[1] ?? (last!.key as Node).range![1]);
  const at = lineEnd(text, Math.max(lastEnd - 1, keyStart));
  const lead = text[at - 1] === '\n' ? '' : f.eol;
  return splice(text, at, at, `${lead}${indent}${yamlScalar(sub)}: ${yamlScalar(value)}${f.eol}`);
}

/** Adds items to a list key (tags, aliases, expertise, ...), skipping ones already there. */
export function addListItems(text: string, key: string, items: string[]): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  const wanted = dedupe(items);
  if (!pair) return wanted.length ? insertKey(f, key, flowList(wanted)) : text;
  const value = pair.value as Node | null;
  if (isMap(value)) throw new PlnError('invalid', `${key} holds nested keys, not a list; change it with pln edit`);
  if (isSeq(value)) {
    const have = new Set(value.items.map(itemText).filter((s): s is string => s !== null).map(fold));
    const add = wanted.filter((i) => !have.has(fold(i)));
    if (add.length === 0) return text;
    const last = value.items[value.items.length - 1] as Node | undefined;
    if (value.flow) {
      if (!last) {
        // `[]` (maybe with spaces inside): replace the whole flow list.
        return replaceValue(f, pair, flowList(add));
      }
      const at = f.start + last.range![1];
      return splice(text, at, at, add.map((i) => `, ${yamlScalar(i, { flow: true })}`).join(''));
    }
    const first = value.items[0] as Node;
    const firstStart = f.start + first.range![0];
    const prefix = text.slice(lineStart(text, firstStart), firstStart);
    const at = lineEnd(text, f.start + last!.range![1] - 1);
    const lead = text[at - 1] === '\n' ? '' : f.eol;
    return splice(text, at, at, lead + add.map((i) => `${prefix}${yamlScalar(i)}${f.eol}`).join(''));
  }
  const current = itemText(value);
  if (current === null || current.trim() === '') return replaceValue(f, pair, flowList(wanted));
  const add = wanted.filter((i) => fold(i) !== fold(current));
  if (add.length === 0) return text;
  return replaceValue(f, pair, flowList([current, ...add]));
}

/** Removes items from a list key; unchanged when none match. */
export function removeListItems(text: string, key: string, items: string[]): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return text;
  const drop = new Set(items.map(fold));
  const value = pair.value as Node | null;
  if (isSeq(value)) {
    const nodes = value.items as Node[];
    const hits = nodes.map((n, i) => ({ n, i })).filter(({ n }) => drop.has(fold(itemText(n) ?? '\u0000')));
    if (hits.length === 0) return text;
    if (hits.length === nodes.length) return replaceValue(f, pair, '[]');
    let out = text;
    // Right to left, so earlier offsets stay valid.
    for (const { n, i } of hits.reverse()) {
      if (value.flow) {
        const start = f.start + n.range![0];
        const end = f.start + n.range![1];
        if (i > 0) {
          const prevEnd = f.start + nodes[i - 1]!.range![1];
          out = splice(out, prevEnd, end, '');
        } else {
          const nextStart = f.start + nodes[1]!.range![0];
          out = splice(out, start, nextStart, '');
        }
      } else {
        const from = lineStart(out, f.start + n.range![0]);
        const to = lineEnd(out, f.start + n.range![1] - 1);
        out = splice(out, from, to, '');
      }
    }
    return out;
  }
  const current = itemText(value);
  if (current !== null && drop.has(fold(current))) return unsetKey(text, key);
  return text;
}

function dedupe(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of items) {
    const i = raw.trim();
    if (i === '' || seen.has(fold(i))) continue;
    seen.add(fold(i));
    out.push(i);
  }
  return out;
}

// ---- body sections ---------------------------------------------------------

const FENCE_RE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const HEADING_RE = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const ENTRY_RE = /^[ \t]*[-*+][ \t]+(\d{4}-\d{2}-\d{2})/;
const TASK_RE = /^[ \t]*[-*+][ \t]+\[[ xX\-/]\]/;
const OPEN_TASK_RE = /^([ \t]*[-*+][ \t]+\[) \]/;

interface Section {
  /** Index of the heading line. */
  heading: number;
  /** Index one past the last line of the section. */
  end: number;
}

/** Lines of the body (index into the whole file's lines), skipping the frontmatter. */
function findSection(lines: string[], bodyFrom: number, kind: 'log' | 'followups'): Section | null {
  let fence: string | null = null;
  let found: Section | null = null;
  for (let i = bodyFrom; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const f = FENCE_RE.exec(line);
    if (fence !== null) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
      continue;
    }
    if (f) {
      fence = f[1]!;
      continue;
    }
    const h = HEADING_RE.exec(line);
    if (!h || h[1]!.length > 2) continue;
    if (found) {
      found.end = i;
      return found;
    }
    if (h[1]!.length === 2 && sectionKind(h[2]!) === kind) found = { heading: i, end: lines.length };
  }
  return found;
}

interface Body {
  lines: string[];
  eol: Eol;
  bodyFrom: number;
  /** The text ends with a line break (the last element of `lines` is ''). */
  finalNewline: boolean;
}

function readBody(text: string): Body {
  const f = readFront(text);
  const lines = text.split('\n');
  const bodyFrom = text.slice(0, lineEnd(text, f.end)).split('\n').length - 1;
  return { lines, eol: f.eol, bodyFrom, finalNewline: text.endsWith('\n') };
}

function withEol(line: string, eol: Eol): string {
  return eol === '\r\n' ? `${line}\r` : line;
}

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

/** Index where the first item of an empty section goes: after the heading and one blank line. */
function firstItemIndex(lines: string[], s: Section): number {
  return isBlank(lines[s.heading + 1]) && s.heading + 1 < s.end && !(s.heading + 1 === lines.length - 1 && lines[s.heading + 1] === '') ? s.heading + 2 : s.heading + 1;
}

/** Appends a new section with one item at the end of the file. */
function appendSection(b: Body, heading: string, item: string): string {
  const lines = [...b.lines];
  if (b.finalNewline) lines.pop();
  const add: string[] = [];
  if (lines.length > b.bodyFrom && !isBlank(lines[lines.length - 1])) add.push('');
  else if (lines.length === b.bodyFrom) add.push('');
  add.push(heading, '', item);
  const all = [...lines, ...add.map((l) => withEol(l, b.eol))];
  return `${all.join('\n')}\n`;
}

function insertAt(b: Body, index: number, line: string): string {
  const lines = [...b.lines];
  // Inserting after the last line of a file with no final newline: that line gets one.
  if (index >= lines.length) {
    lines[lines.length - 1] = withEol(lines[lines.length - 1]!, b.eol);
    lines.push(withEol(line, b.eol).replace(/\r$/, ''));
    return lines.join('\n');
  }
  lines.splice(index, 0, withEol(line, b.eol));
  return lines.join('\n');
}

function singleLine(s: string, what: string): string {
  if (/[\r\n]/.test(s)) throw new PlnError('invalid', `the ${what} must be one line`);
  return s.trim();
}

/** Inserts `- DATE KIND: TEXT` into `## Log`, newest first; creates the section when absent. */
export function insertLogEntry(text: string, entry: { date: string; kind: string | null; text: string }): string {
  const body = singleLine(entry.text, 'log text');
  const line = `- ${entry.date}${entry.kind ? ` ${entry.kind}` : ''}: ${body}`;
  const b = readBody(text);
  const s = findSection(b.lines, b.bodyFrom, 'log');
  if (!s) return appendSection(b, '## Log', line);
  const entries: { i: number; date: string }[] = [];
  for (let i = s.heading + 1; i < s.end; i++) {
    const m = ENTRY_RE.exec(b.lines[i]!);
    if (m) entries.push({ i, date: m[1]! });
  }
  if (entries.length === 0) return insertAt(b, lastContentIndex(b, s, firstItemIndex(b.lines, s)), line);
  const sorted = entries.every((e, k) => k === 0 || entries[k - 1]!.date >= e.date);
  if (!sorted) return insertAt(b, entries[0]!.i, line);
  const before = entries.find((e) => e.date <= entry.date);
  return insertAt(b, before ? before.i : entries[entries.length - 1]!.i + 1, line);
}

/** Adds `- [ ] TEXT 📅 DATE` at the end of `## Follow-ups`; creates the section when absent. */
export function insertFollowUp(text: string, item: { text: string; due: string | null }): string {
  const body = singleLine(item.text, 'follow-up text');
  const line = `- [ ] ${body}${item.due ? ` 📅 ${item.due}` : ''}`;
  const b = readBody(text);
  const s = findSection(b.lines, b.bodyFrom, 'followups');
  if (!s) return appendSection(b, '## Follow-ups', line);
  let last = -1;
  for (let i = s.heading + 1; i < s.end; i++) if (TASK_RE.test(b.lines[i]!)) last = i;
  return insertAt(b, last >= 0 ? last + 1 : lastContentIndex(b, s, firstItemIndex(b.lines, s)), line);
}

/** Never insert past the trailing '' that stands for the final newline. */
function lastContentIndex(b: Body, _s: Section, index: number): number {
  return b.finalNewline ? Math.min(index, b.lines.length - 1) : index;
}

/** Ticks the open task on `line` (1-based): `[ ]` → `[x]`, and appends ` ✅ DATE`. */
export function markFollowUpDone(text: string, line: number, date: string): string {
  const b = readBody(text);
  const idx = line - 1;
  const current = b.lines[idx];
  if (current === undefined || idx < b.bodyFrom || !OPEN_TASK_RE.test(current)) {
    throw new PlnError('conflict', `line ${line} is no longer an open follow-up (the file changed); try again`);
  }
  const cr = current.endsWith('\r') ? '\r' : '';
  const content = (cr ? current.slice(0, -1) : current).replace(OPEN_TASK_RE, '$1x]');
  const trimmed = content.replace(/[ \t]+$/, '');
  const lines = [...b.lines];
  lines[idx] = `${trimmed} ✅ ${date}${content.slice(trimmed.length)}${cr}`;
  return lines.join('\n');
}
