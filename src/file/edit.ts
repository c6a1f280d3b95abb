/**
 * Minimal text edits of a contact file: string in, string out, pure.
 *
 * We never re-serialize YAML: the `yaml` package's Document API, even for a
 * one-key change, rewrites other values (`0123456` → `123456`, `[a]` →
 * `[ a ]`, `1e3` → `1e+3`) and turns CRLF into LF. Instead we locate the one
 * node we change by its source range and splice text there, in the file's
 * own line-ending style. Everything else stays byte-for-byte the same: the
 * BOM, comments, quoting, key order, blank lines and the final newline.
 *
 * Every function throws PlnError('file', ...) with a message that does not
 * name the file (the caller prefixes it) when the text cannot be edited
 * safely: no or unclosed frontmatter, invalid YAML, conflict markers, a key
 * whose value has a shape we would have to rewrite to change.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { isIsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { fold } from '../domain/text.js';
import { parseYaml, splitFrontmatter, type Eol } from './frontmatter.js';
import {
  DONE_RE,
  DUE_RE,
  FENCE_RE,
  findConflict,
  formatLogLine,
  HEADING_LINE,
  inertNotes,
  HEADING_RE,
  LOG_KIND_RE,
  logLineDate,
  NOT_LOG,
  readLogLine,
  scanSections,
  SECTION_LINE,
  TASK_RE,
  TEXT_LINE,
  type SectionKind,
} from './grammar.js';

function fileError(message: string): PlnError {
  return new PlnError('file', message);
}

// ---- reading the frontmatter ------------------------------------------------

interface Front {
  text: string;
  eol: Eol;
  /** Offset of the first YAML character. */
  start: number;
  /** Offset of the closing `---` line. */
  end: number;
  pairs: Pair[];
  /** Indentation of the top-level keys (almost always none). */
  indent: string;
}

function readFront(text: string): Front {
  if (findConflict(text) !== -1) throw fileError('has git conflict markers; resolve them first');
  const split = splitFrontmatter(text);
  if (split.kind === 'none') throw fileError('has no frontmatter (a "---" line, the keys, then "---")');
  if (split.kind === 'unclosed') throw fileError('frontmatter is never closed: add a "---" line after the last key');
  if (split.kind === 'language') throw fileError(`frontmatter is "${split.language}", not YAML`);
  let doc;
  try {
    doc = parseYaml(text.slice(split.yamlStart, split.yamlEnd)).doc;
  } catch (err) {
    throw fileError(`frontmatter is not valid YAML (${(err as Error).message})`);
  }
  if (doc.errors.length > 0) throw fileError(`frontmatter is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`);
  const root = doc.contents;
  let pairs: Pair[] = [];
  if (root !== null && !(isScalar(root) && (root.value === null || root.value === ''))) {
    // A flow map (`{name: Ada}`) has no lines to insert into or remove.
    if (!isMap(root) || root.flow) throw fileError('frontmatter is not a list of "key: value" lines');
    pairs = root.items.filter(isPair) as Pair[];
  }
  let indent = '';
  const firstKey = pairs[0]?.key as Node | undefined;
  if (firstKey?.range) {
    const at = split.yamlStart + firstKey.range[0];
    const lead = text.slice(lineStart(text, at), at);
    if (/^ *$/.test(lead)) indent = lead;
  }
  return { text, eol: split.eol, start: split.yamlStart, end: split.yamlEnd, pairs, indent };
}

function findPair(f: Front, key: string): Pair | undefined {
  return f.pairs.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line holding `offset` (after its `\n`). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** Offset of the line break (`\r\n` or `\n`) ending the line holding `offset`. */
function contentEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  const end = nl === -1 ? text.length : nl;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

// ---- YAML scalars -----------------------------------------------------------

// Words YAML 1.1 or 1.2 reads as booleans or null, and the YAML 1.1 merge/value keys.
const RESERVED_RE = /^(?:true|false|yes|no|on|off|y|n|null|~|=|<<|\.nan|[-+]?\.inf)$/i;
// Anything made of digits, dots, commas, colons and an exponent (`0123456`,
// `1e3`, `.5`, `1_000`, `12:30`, `.`, `e5`), or hex/octal/binary: some YAML
// reader takes each for a number (the yaml package's 1.1 schema reads `.` and
// `e5` as NaN).
const NUMBER_RE = /^[-+]?(?:[\d._,:]*(?:e[-+]?\d+)?|0x[0-9a-f_]+|0o[0-7_]+|0b[01_]+)$/i;
// A YAML 1.1 timestamp: `2026-1-5`, `2026-11-29T10:00`, `2026-11-29 10:00`.
const TIMESTAMP_RE = /^\d{4}-\d\d?-\d\d?(?:$|[Tt]|[ \t]+\d)/;
const CALENDAR_DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A string as a YAML scalar: plain when every YAML reader (1.1 or 1.2,
 * failsafe or core schema) reads it back as the same string, double-quoted
 * with escapes otherwise. Calendar dates stay plain (`added: 2026-11-29`), as
 * the file format writes them. `flow` is for items inside `[...]` or `{...}`,
 * where `,`, `:` and brackets need quotes too.
 */
export function yamlScalar(s: string, opts: { flow?: boolean } = {}): string {
  const plain =
    s !== '' &&
    s === s.trim() &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) &&
    !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(s) &&
    !s.includes(': ') &&
    !s.endsWith(':') &&
    !s.includes(' #') &&
    !(opts.flow && /[,:[\]{}]/.test(s)) &&
    !RESERVED_RE.test(s) &&
    (CALENDAR_DATE_RE.test(s) || (!NUMBER_RE.test(s) && !TIMESTAMP_RE.test(s)));
  if (plain) return s;
  return doubleQuoted(s);
}

/** A YAML double-quoted scalar. */
function doubleQuoted(s: string): string {
  return `"${s.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, (ch) => {
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

/** A new scalar in the quoting style of the one it replaces (plain when it needs none). */
function sameStyle(value: string, old: Node | null): string {
  if (isScalar(old) && old.type === 'QUOTE_DOUBLE') return doubleQuoted(value);
  if (isScalar(old) && old.type === 'QUOTE_SINGLE' && !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return yamlScalar(value);
}

function flowList(items: string[]): string {
  return `[${items.map((i) => yamlScalar(i, { flow: true })).join(', ')}]`;
}

function valueSource(value: string | string[]): string {
  return Array.isArray(value) ? flowList(value) : yamlScalar(value);
}

// ---- where a value sits -------------------------------------------------------

interface ValueSpan {
  /** Offset of the `:` after the key. */
  colon: number;
  /** `key:` with nothing (or only a comment) after it. */
  empty: boolean;
  /** A block list, block map or `|`/`>` text: it spans the lines below the key. */
  block: boolean;
  /** Text to replace: the value itself, or for a block value from after the colon to the end of its last line (before the line break). */
  from: number;
  to: number;
}

function valueSpan(f: Front, pair: Pair): ValueSpan {
  const keyNode = pair.key as Node;
  const keyEnd = f.start + keyNode.range![1];
  const colon = f.text.indexOf(':', keyEnd);
  // `? key` (an explicit key) puts its colon elsewhere, if it has one.
  if (colon === -1 || colon >= f.end || !/^[ \t]*$/.test(f.text.slice(keyEnd, colon))) {
    throw fileError(`${String(keyNode)} is written in a YAML form pln cannot edit; change it with pln edit`);
  }
  const node = pair.value as Node | null;
  if (!node || !node.range || (isScalar(node) && node.range[0] === node.range[1])) {
    return { colon, empty: true, block: false, from: colon + 1, to: colon + 1 };
  }
  const block = isScalar(node) ? node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' : (isSeq(node) || isMap(node)) && !node.flow;
  if (!block) return { colon, empty: false, block, from: f.start + node.range[0], to: f.start + node.range[1] };
  let end = f.start + node.range[1];
  // Block values report a range that ends after their last line break.
  while (end > f.start + node.range[0] && (f.text[end - 1] === '\n' || f.text[end - 1] === '\r')) end--;
  return { colon, empty: false, block, from: colon + 1, to: contentEnd(f.text, end - 1) };
}

/** Offset of the last character of a list item or map entry, trailing comment included. */
function lastOffset(f: Front, node: Node): number {
  return f.start + Math.max(node.range![0], node.range![2] - 1);
}

/** Replaces a pair's whole value with `src` (a one-line scalar or flow collection). */
function replaceValue(f: Front, pair: Pair, src: string): string {
  const span = valueSpan(f, pair);
  if (span.empty) return splice(f.text, span.colon + 1, span.colon + 1, ` ${src}`);
  if (!span.block) return splice(f.text, span.from, span.to, src);
  // The new value goes on the key's line, keeping a comment there; the old
  // value's lines go.
  const keyLine = f.text.slice(span.colon + 1, contentEnd(f.text, span.colon));
  const comment = /(?:^|[ \t])(#.*)$/.exec(keyLine)?.[1];
  return splice(f.text, span.from, span.to, ` ${src}${comment ? ` ${comment}` : ''}`);
}

/** Anchored and aliased values are shared with other keys: changing one here would change (or break) them. */
function refuseShared(node: unknown, key: string): void {
  if (isAlias(node) || (node && (node as Node).anchor)) {
    throw fileError(`${key} uses a YAML anchor or alias; change it with pln edit`);
  }
}

function itemText(n: unknown): string | null {
  return isScalar(n) && n.value !== null ? String(n.value) : null;
}

/** Inserts lines just before the closing `---`. */
function insertLines(f: Front, lines: string[]): string {
  return splice(f.text, f.end, f.end, lines.map((l) => `${f.indent}${l}${f.eol}`).join(''));
}

// ---- frontmatter keys ---------------------------------------------------------

/**
 * Sets a top-level frontmatter key; only that key's text changes. A scalar's
 * value is replaced in place (a trailing `# comment` stays); a block list
 * keeps its style when given a list; a new key goes last, before `---`.
 */
export function setKey(text: string, key: string, value: string | string[]): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return insertLines(f, [`${yamlScalar(key)}: ${valueSource(value)}`]);
  const node = pair.value as Node | null;
  if (isMap(node)) throw fileError(`${key} holds nested keys; change it with pln edit`);
  if (!isAlias(node)) refuseShared(node, key);
  if (Array.isArray(value)) {
    if (isSeq(node)) {
      const current = node.items.map(itemText);
      if (current.length === value.length && current.every((c, i) => c === value[i])) return text;
      if (!node.flow && value.length > 0) return keepBlockItems(f, node, value) ?? replaceBlockItems(f, node, value);
    }
    return replaceValue(f, pair, flowList(value));
  }
  if (isScalar(node) && String(node.value ?? '') === value) return text;
  return replaceValue(f, pair, sameStyle(value, node));
}

/** Removes a top-level key with its value lines and their comments; unchanged when absent. */
export function unsetKey(text: string, key: string): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return text;
  const keyNode = pair.key as Node;
  const span = valueSpan(f, pair);
  const from = lineStart(text, f.start + keyNode.range![0]);
  const to = Math.min(lineEnd(text, Math.max(span.to - 1, span.colon)), f.end);
  // Text kept with `|+` or `>+` takes in the blank lines after it: removing
  // the key between them would change the text above.
  const prev = f.pairs[f.pairs.indexOf(pair) - 1]?.value as Node | undefined;
  if (isScalar(prev) && prev.range && /^[|>][0-9-]*\+/.test(text.slice(f.start + prev.range[0]))) {
    const between = text.slice(f.start + prev.range[1], from);
    if (/^\s*$/.test(between) && to < f.end && isBlank(text.slice(to, contentEnd(text, to)))) {
      throw fileError(`${key} follows a "${text[f.start + prev.range[0]]}+" text and a blank line follows it; remove it with pln edit`);
    }
  }
  return splice(text, from, to, '');
}

/**
 * Sets a block list to `items` as tag and untag would: the lines of items that
 * stay are kept whole (their comments, and comment lines between them), items
 * that go lose their line, new ones get `- item` lines after the last item; an
 * item typed with another case or accents gets its new spelling in place. Null
 * when that cannot give `items` in their order (a reorder, a new item before
 * one that stays, nothing kept, an item that is not a one-line scalar).
 */
function keepBlockItems(f: Front, seq: YAMLSeq, items: string[]): string | null {
  const nodes = seq.items as Node[];
  // Each wanted item takes the first unused one of the list that folds the same.
  const kept: (string | null)[] = nodes.map(() => null);
  let lastKept = -1;
  let added = false;
  const add: string[] = [];
  for (const item of items) {
    const i = nodes.findIndex((n, k) => kept[k] === null && itemText(n) !== null && fold(itemText(n)!) === fold(item));
    if (i === -1) {
      add.push(item);
      added = true;
      continue;
    }
    if (added || i < lastKept) return null;
    kept[i] = item;
    lastKept = i;
  }
  if (lastKept === -1) return null;
  // Right to left, so the offsets found on the original text hold.
  let out = f.text;
  const last = nodes[nodes.length - 1]!;
  if (add.length > 0) {
    const seqStart = f.start + seq.range![0];
    const indent = f.text.slice(lineStart(f.text, seqStart), seqStart);
    const at = lineEnd(f.text, lastOffset(f, last));
    out = splice(out, at, at, add.map((i) => `${indent}- ${yamlScalar(i)}${f.eol}`).join(''));
  }
  for (let k = nodes.length - 1; k >= 0; k--) {
    const n = nodes[k]!;
    const item = kept[k];
    if (item === null) {
      out = splice(out, lineStart(f.text, f.start + n.range![0]), lineEnd(f.text, lastOffset(f, n)), '');
    } else if (item !== itemText(n)) {
      if (!isScalar(n) || !['PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'].includes(n.type ?? '')) return null;
      out = splice(out, f.start + n.range![0], f.start + n.range![1], sameStyle(item, n));
    }
  }
  return out;
}

/** Rewrites the items of a block list as `- item` lines at the list's indentation. */
function replaceBlockItems(f: Front, seq: YAMLSeq, items: string[]): string {
  const seqStart = f.start + seq.range![0];
  const indent = f.text.slice(lineStart(f.text, seqStart), seqStart);
  const from = lineStart(f.text, seqStart);
  const to = lineEnd(f.text, lastOffset(f, seq.items[seq.items.length - 1] as Node));
  return splice(f.text, from, to, items.map((i) => `${indent}- ${yamlScalar(i)}${f.eol}`).join(''));
}

/**
 * Sets `key.sub` in a map key like `links`: replaces the entry's value, or adds
 * an entry line after the last one (block map), or before `}` (flow map), or
 * adds the whole key when absent.
 */
export function setMapEntry(text: string, key: string, sub: string, value: string): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return insertLines(f, [`${yamlScalar(key)}:`, `  ${yamlScalar(sub)}: ${yamlScalar(value)}`]);
  const map = pair.value as Node | null;
  refuseShared(map, key);
  const flowEntry = `${yamlScalar(sub, { flow: true })}: ${yamlScalar(value, { flow: true })}`;
  if (!isMap(map)) {
    const current = itemText(map);
    if (isSeq(map) || (current !== null && current.trim() !== '')) {
      throw fileError(`${key} is not a map of names to values; change it with pln edit`);
    }
    return replaceValue(f, pair, `{${flowEntry}}`);
  }
  const entries = (map as YAMLMap).items.filter(isPair) as Pair[];
  const existing = entries.find((p) => isScalar(p.key) && String(p.key.value) === sub);
  if (existing) {
    if (itemText(existing.value) === value) return text;
    const v = existing.value as Node | null;
    refuseShared(v, `${key}.${sub}`);
    if (v && !isScalar(v)) throw fileError(`${key}.${sub} holds nested values; change it with pln edit`);
    const src = yamlScalar(value, { flow: Boolean(map.flow) });
    if (!v || !v.range || v.range[0] === v.range[1]) {
      const colon = text.indexOf(':', f.start + (existing.key as Node).range![1]);
      return splice(text, colon + 1, colon + 1, ` ${src}`);
    }
    return splice(text, f.start + v.range[0], f.start + v.range[1], src);
  }
  const last = entries[entries.length - 1];
  if (map.flow) {
    if (!last) return replaceValue(f, pair, `{${flowEntry}}`);
    const end = f.start + ((last.value as Node | null)?.range?.[1] ?? (last.key as Node).range![1]);
    return splice(text, end, end, `, ${flowEntry}`);
  }
  const keyStart = f.start + (entries[0]!.key as Node).range![0];
  const indent = text.slice(lineStart(text, keyStart), keyStart);
  const lastNode = ((last!.value as Node | null)?.range ? last!.value : last!.key) as Node;
  const at = lineEnd(text, lastOffset(f, lastNode));
  return splice(text, at, at, `${indent}${yamlScalar(sub)}: ${yamlScalar(value)}${f.eol}`);
}

/**
 * Adds items to a list key (tags, aliases, expertise, ...), skipping ones
 * already there (compared case- and accent-insensitively, as tags are
 * matched). A flow list gets `, item` after its last item, a block list new
 * `- item` lines, a single value becomes `[value, item]`.
 */
export function addListItems(text: string, key: string, items: string[]): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  const wanted = dedupe(items);
  if (wanted.length === 0) return text;
  if (!pair) return insertLines(f, [`${yamlScalar(key)}: ${flowList(wanted)}`]);
  const node = pair.value as Node | null;
  refuseShared(node, key);
  if (isMap(node)) throw fileError(`${key} holds nested keys, not a list; change it with pln edit`);
  if (isSeq(node)) {
    const have = new Set(
      node.items
        .map(itemText)
        .filter((s): s is string => s !== null)
        .map(fold),
    );
    const add = wanted.filter((i) => !have.has(fold(i)));
    if (add.length === 0) return text;
    const last = node.items[node.items.length - 1] as Node | undefined;
    if (!last) return replaceValue(f, pair, flowList(add));
    if (node.flow) {
      const at = f.start + last.range![1];
      return splice(text, at, at, add.map((i) => `, ${yamlScalar(i, { flow: true })}`).join(''));
    }
    const seqStart = f.start + node.range![0];
    const indent = text.slice(lineStart(text, seqStart), seqStart);
    const at = lineEnd(text, lastOffset(f, last));
    return splice(text, at, at, add.map((i) => `${indent}- ${yamlScalar(i)}${f.eol}`).join(''));
  }
  const current = itemText(node);
  if (current === null || current.trim() === '') return replaceValue(f, pair, flowList(wanted));
  const add = wanted.filter((i) => fold(i) !== fold(current));
  if (add.length === 0) return text;
  return replaceValue(f, pair, flowList([current, ...add]));
}

/**
 * Removes items from a list key (compared as in addListItems); unchanged when
 * none match. A flow list loses the item and one comma, a block list the
 * item's line; a list left empty becomes `[]`; a single matching value
 * removes the key.
 */
export function removeListItems(text: string, key: string, items: string[]): string {
  const f = readFront(text);
  const pair = findPair(f, key);
  if (!pair) return text;
  const drop = new Set(
    items
      .map((i) => i.trim())
      .filter((i) => i !== '')
      .map(fold),
  );
  const node = pair.value as Node | null;
  refuseShared(node, key);
  if (isMap(node)) throw fileError(`${key} holds nested keys, not a list; change it with pln edit`);
  if (!isSeq(node)) {
    const current = itemText(node);
    return current !== null && drop.has(fold(current)) ? unsetKey(text, key) : text;
  }
  const nodes = node.items as Node[];
  const hit = nodes.map((n) => {
    const t = itemText(n);
    return t !== null && drop.has(fold(t));
  });
  if (!hit.includes(true)) return text;
  if (!hit.includes(false)) return replaceValue(f, pair, '[]');
  // Cut ranges on the original text, applied right to left so offsets hold.
  const cuts: [number, number][] = [];
  if (node.flow) {
    // A run of removed items i..j goes with the separator before it, or after it at the start.
    for (let i = 0; i < nodes.length; i++) {
      if (!hit[i]) continue;
      let j = i;
      while (j + 1 < nodes.length && hit[j + 1]) j++;
      if (i > 0) cuts.push([f.start + nodes[i - 1]!.range![1], f.start + nodes[j]!.range![1]]);
      else cuts.push([f.start + nodes[0]!.range![0], f.start + nodes[j + 1]!.range![0]]);
      i = j;
    }
  } else {
    nodes.forEach((n, i) => {
      if (hit[i]) cuts.push([lineStart(text, f.start + n.range![0]), lineEnd(text, lastOffset(f, n))]);
    });
  }
  let out = text;
  for (const [from, to] of cuts.reverse()) out = splice(out, from, to, '');
  return out;
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

// ---- body sections ------------------------------------------------------------

const LIST_ITEM_RE = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const OPEN_TASK_RE = /^([ \t]*[-*+][ \t]+\[) \]/;

interface Body {
  /** The file split on `\n` (in a CRLF file each line but the last keeps its `\r`). */
  lines: string[];
  eol: Eol;
  /** Index of the first body line. */
  bodyFrom: number;
  /** Number of real lines: without the empty string after a final line break. */
  count: number;
}

interface Section {
  /** Index of the heading line. */
  heading: number;
  /** Index one past the section's last line. */
  end: number;
  /** Indexes of the section's lines outside code fences, in order. */
  unfenced: number[];
}

function readBody(text: string): Body {
  const f = readFront(text);
  const lines = text.split('\n');
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  const closing = text.slice(0, f.end).split('\n').length - 1;
  return { lines, eol: f.eol, bodyFrom: closing + 1, count };
}

/** Content of line `i`, without its `\r`. */
function lineAt(b: Body, i: number): string {
  const l = b.lines[i]!;
  return l.endsWith('\r') ? l.slice(0, -1) : l;
}

/** The first level-2 section of that kind, as grammar.ts scans sections; it ends at the next level-1 or 2 heading. */
function findSection(b: Body, kind: SectionKind): Section | null {
  let from = 0;
  for (let i = 0; i < b.bodyFrom && i < b.lines.length; i++) from += b.lines[i]!.length + 1;
  if (b.bodyFrom >= b.count) return null;
  const text = b.lines.join('\n');
  let found: Section | null = null;
  let done = false;
  scanSections(text, from, (_start, _end, section, role, index) => {
    const i = b.bodyFrom + index;
    if (done || i >= b.count) return;
    if (found === null) {
      if (role === SECTION_LINE && section === kind) found = { heading: i, end: b.count, unfenced: [] };
    } else if (role === HEADING_LINE || role === SECTION_LINE) {
      found.end = i;
      done = true;
    } else if (role === TEXT_LINE) {
      found.unfenced.push(i);
    }
  });
  return found;
}

/** The level-1 and level-2 headings of the body (outside code fences): line index, title (level 2, lower case) and whether it opens a section. */
function bodyHeadings(b: Body): { i: number; title: string; section: boolean }[] {
  let from = 0;
  for (let i = 0; i < b.bodyFrom && i < b.lines.length; i++) from += b.lines[i]!.length + 1;
  const out: { i: number; title: string; section: boolean }[] = [];
  if (b.bodyFrom >= b.count) return out;
  const text = b.lines.join('\n');
  scanSections(text, from, (start, end, _section, role, index) => {
    const i = b.bodyFrom + index;
    if (i >= b.count || (role !== HEADING_LINE && role !== SECTION_LINE)) return;
    const h = HEADING_RE.exec(text.slice(start, end))!;
    out.push({ i, title: h[1]!.length === 2 ? h[2]!.trim().toLowerCase() : '', section: role === SECTION_LINE });
  });
  return out;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Index just after the list item on line `i` and its indented continuation lines. */
function afterItem(b: Body, s: Section, i: number): number {
  let j = i + 1;
  while (j < s.end && /^[ \t]/.test(b.lines[j]!) && !isBlank(b.lines[j]!) && !FENCE_RE.test(lineAt(b, j))) j++;
  return j;
}

/** Where the first item of a section with none goes: after the heading, and after a blank line that follows it. */
function firstItemIndex(b: Body, s: Section): number {
  const next = s.heading + 1;
  return next < s.end && isBlank(b.lines[next]!) ? next + 1 : next;
}

/** Inserts `line` as line index `index` (0 ≤ index ≤ count), keeping line endings and the final newline as they are. */
function insertLine(b: Body, index: number, line: string): string {
  const cr = b.eol === '\r\n' ? '\r' : '';
  const lines = [...b.lines];
  if (index < b.count || b.count < b.lines.length) {
    // Before an existing line, or before the '' that stands for the final newline.
    lines.splice(index, 0, `${line}${cr}`);
  } else {
    // After a last line with no line break: it gets one, the new line none.
    lines[lines.length - 1] = `${lines[lines.length - 1]}${cr}`;
    lines.push(line);
  }
  return lines.join('\n');
}

/** Appends a new section holding one item at the end of the file (which keeps having, or not having, a final line break). */
function appendSection(text: string, eol: Eol, heading: string, item: string): string {
  const final = text.endsWith('\n');
  let out = final ? text : text + eol;
  const withoutBreak = out.slice(0, out.endsWith('\r\n') ? -2 : -1);
  if (!isBlank(withoutBreak.slice(withoutBreak.lastIndexOf('\n') + 1))) out += eol;
  // As in the contract's example: the heading, then its items directly below.
  return `${out}${heading}${eol}${item}${final ? eol : ''}`;
}

function oneLine(s: string, what: string): string {
  if (/[\r\n\u2028\u2029]/.test(s)) throw new PlnError('invalid', `the ${what} must be one line`);
  return s.trim();
}

function checkDate(date: string): void {
  if (!isIsoDate(date)) throw new PlnError('invalid', `"${date}" is not a date (use YYYY-MM-DD)`);
}

/** A log entry as `insertLogEntry` writes it. */
export interface LogEntryInput {
  date: string;
  /** One word (`call`, `coffee`, ...), or null for none. */
  kind: string | null;
  text: string;
}

/**
 * Inserts `- DATE KIND: TEXT` (`- DATE: TEXT` without a kind) into `## Log`.
 * In a section sorted newest first it goes where it keeps the order (above
 * entries of the same day); in an unsorted one, at the top. Without a
 * section, one is added at the end of the file.
 */
export function insertLogEntry(text: string, entry: LogEntryInput): string {
  const body = oneLine(entry.text, 'log text');
  checkDate(entry.date);
  if (entry.kind !== null && !LOG_KIND_RE.test(entry.kind)) {
    throw new PlnError('invalid', `the log kind "${entry.kind}" must be one word (call, coffee, email, ...)`);
  }
  const line = formatLogLine(entry.date, entry.kind, body);
  const b = readBody(text);
  const s = findSection(b, 'log');
  if (!s) return appendSection(text, b.eol, '## Log', line);
  const entries: { i: number; date: string }[] = [];
  for (const i of s.unfenced) {
    const date = logLineDate(lineAt(b, i));
    if (date !== null) entries.push({ i, date });
  }
  if (entries.length === 0) return insertLine(b, firstItemIndex(b, s), line);
  const newestFirst = entries.every((e, k) => k === 0 || entries[k - 1]!.date >= e.date);
  if (newestFirst) {
    const before = entries.find((e) => e.date <= entry.date);
    return insertLine(b, before ? before.i : afterItem(b, s, entries[entries.length - 1]!.i), line);
  }
  // A section kept oldest first stays oldest first: after the last entry not newer.
  const oldestFirst = entries.every((e, k) => k === 0 || entries[k - 1]!.date <= e.date);
  if (oldestFirst) {
    const after = entries.findIndex((e) => e.date > entry.date);
    return insertLine(b, after >= 0 ? entries[after]!.i : afterItem(b, s, entries[entries.length - 1]!.i), line);
  }
  return insertLine(b, entries[0]!.i, line);
}

/** A follow-up as `insertFollowUp` writes it. */
export interface FollowUpInput {
  text: string;
  /** Due date, or null for none. */
  due: string | null;
}

/**
 * Why a follow-up's text would not read back as typed once written as a task
 * (null when it would): a `✅ DATE` in it reads as the day it was done, and,
 * with no due date after it, a `📅 DATE` or a leading date reads as the due
 * date. With a due date written last, both of those stay text.
 */
export function followUpTextProblem(text: string, due: string | null): string | null {
  const body = text.trim();
  if (DONE_RE.test(body)) return 'the follow-up text holds "✅ DATE", which would read as the day it was done; write it without ✅';
  if (due !== null) return null;
  if (DUE_RE.test(body)) return 'the follow-up text holds "📅 DATE", which would read as its due date; give the date with --due, or write it without 📅';
  if (LEADING_DATE_RE.test(body)) return 'the follow-up text starts with a date, which would read as its due date; give the date with --due, or put a word before it';
  return null;
}

/** A task's text that starts with a date: read as the due date when no 📅 gives one. */
const LEADING_DATE_RE = /^\d{4}-\d{2}-\d{2}[ \t]/;

/**
 * Adds `- [ ] TEXT 📅 DATE` (`- [ ] TEXT` with no date) after the last list
 * item of `## Follow-ups`; creates the section at the end of the file when absent.
 */
export function insertFollowUp(text: string, item: FollowUpInput): string {
  const body = oneLine(item.text, 'follow-up text');
  if (item.due !== null) checkDate(item.due);
  const problem = followUpTextProblem(body, item.due);
  if (problem !== null) throw new PlnError('invalid', problem);
  const line = `- [ ] ${body}${item.due ? ` 📅 ${item.due}` : ''}`;
  const b = readBody(text);
  const s = findSection(b, 'followups');
  if (!s) return appendSection(text, b.eol, '## Follow-ups', line);
  let last = -1;
  for (const i of s.unfenced) if (LIST_ITEM_RE.test(lineAt(b, i))) last = i;
  return insertLine(b, last >= 0 ? afterItem(b, s, last) : firstItemIndex(b, s), line);
}

/** An Obsidian block id at the end of a line: ` ^id` (letters, digits and dashes). */
const BLOCK_ID_RE = /[ \t]+\^[A-Za-z0-9-]+$/;

/**
 * Ticks the open task on `line` (1-based): `[ ]` → `[x]`, and appends
 * ` ✅ DATE` to the line (before a block id ` ^id` that ends it). Throws a conflict when that line is not an open task
 * (the file changed since it was read).
 */
export function markFollowUpDone(text: string, line: number, date: string): string {
  checkDate(date);
  const b = readBody(text);
  const idx = line - 1;
  if (!Number.isInteger(line) || idx < b.bodyFrom || idx >= b.count || !OPEN_TASK_RE.test(b.lines[idx]!)) {
    throw new PlnError('conflict', `line ${line} is no longer an open follow-up (the file changed); try again`);
  }
  const current = b.lines[idx]!;
  const cr = current.endsWith('\r') ? '\r' : '';
  const content = (cr ? current.slice(0, -1) : current).replace(OPEN_TASK_RE, '$1x]');
  const trimmed = content.replace(/[ \t]+$/, '');
  // An Obsidian block id (` ^id`) stays last, where Obsidian and its Tasks plugin look for it.
  const at = BLOCK_ID_RE.exec(trimmed)?.index ?? trimmed.length;
  const lines = [...b.lines];
  lines[idx] = `${trimmed.slice(0, at)} ✅ ${date}${content.slice(at)}${cr}`;
  return lines.join('\n');
}

/**
 * A leading `WORD: ` in log text is the kind, as in the file format
 * (`coffee: talked about internships` → kind `coffee`). Text without one
 * comes back with kind null. `https://…` is not a kind: a space must follow.
 */
export function splitLogKind(text: string): { kind: string | null; text: string } {
  const m = /^([\p{L}\p{N}_-]{1,40}):\s+(\S.*)$/su.exec(text.trim());
  if (!m) return { kind: null, text: text.trim() };
  return { kind: m[1]!.toLowerCase(), text: m[2]!.trim() };
}

/** `pln snooze`: no check-in is due before `until` (YYYY-MM-DD); the log is left alone, so no contact is pretended. */
export function snoozeUntil(text: string, until: string): string {
  checkDate(until);
  return setKey(text, 'snooze_until', until);
}

/**
 * Adds a paragraph to the notes: at the end of `## Notes` when the file has
 * that section (the template's place for notes), else after the notes
 * above the first `## Log` or `## Follow-ups`, else at the end of the file.
 * Paragraphs are kept apart by one blank line; nothing else changes.
 */
export function insertNote(text: string, paragraph: string): string {
  const b = readBody(text);
  if (/[\u2028\u2029]/.test(paragraph)) throw new PlnError('invalid', 'the note contains line separators');
  // A block of several lines (an imported note) stays one block, in the file's line endings;
  // a line that would open a section or read as a conflict marker is escaped.
  const para = inertNotes(paragraph.trim())
    .split('\n')
    .map((l) => l.trimEnd())
    .join(b.eol);
  if (para === '') throw new PlnError('invalid', 'the note is empty');
  // Level-1/2 headings outside code fences, as the one section scanner sees them.
  const headings = bodyHeadings(b);
  const notes = headings.find((h) => h.title === 'notes');
  let anchor: number;
  let end: number;
  if (notes) {
    anchor = notes.i;
    end = headings.find((h) => h.i > notes.i)?.i ?? b.count;
  } else {
    anchor = b.bodyFrom - 1;
    end = headings.find((h) => h.section)?.i ?? b.count;
  }
  let last = -1;
  for (let i = anchor + 1; i < end; i++) if (!isBlank(b.lines[i]!)) last = i;
  const at = last >= 0 ? last + 1 : anchor + 1;
  // A blank line before, unless right below the frontmatter; and after, unless one follows.
  const parts = [...(at - 1 >= b.bodyFrom ? [''] : []), ...para.split(b.eol)];
  if (at < b.count && !isBlank(b.lines[at]!)) parts.push('');
  return insertLine(b, at, parts.join(b.eol));
}

/**
 * Lines of the `## Log` and `## Follow-ups` sections that no command reads,
 * Log's first: in Follow-ups what is not a task (`- [ ] …`; a numbered item,
 * a plain bullet, a paragraph an editor appended at the end of the file), in
 * Log what is not an entry (`- YYYY-MM-DD …`; a date written another way, a
 * bullet with no date). Blank lines, headings and indented lines (under an
 * item) are not counted, nor log lines that start with a date but break the
 * form (the parser reports those). 1-based line numbers, for `pln doctor`.
 */
export function strayLines(text: string): { section: SectionKind; line: number; text: string }[] {
  const b = readBody(text);
  const out: { section: SectionKind; line: number; text: string }[] = [];
  for (const section of ['log', 'followups'] as const) {
    const s = findSection(b, section);
    if (!s) continue;
    for (const i of s.unfenced) {
      const line = lineAt(b, i);
      if (isBlank(line) || /^[ \t]/.test(line) || /^#{1,6}[ \t]/.test(line)) continue;
      if (section === 'followups' ? TASK_RE.test(line) : readLogLine(line) !== NOT_LOG) continue;
      out.push({ section, line: i + 1, text: line });
    }
  }
  return out;
}
