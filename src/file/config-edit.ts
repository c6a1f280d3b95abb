/**
 * Minimal text edits of `pln.yml`: read, set or remove one top-level key, or
 * one key of a top-level map (`cadence_by_tag.mentor`). String in, string
 * out, pure.
 *
 * Like the contact edits in edit.ts, nothing is re-serialized: the one value
 * that changes is spliced in by its source range, so comments, quoting, key
 * order, blank lines and CRLF line endings elsewhere stay byte-for-byte.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { PlnError } from '../domain/errors.js';
import { yamlScalar } from './edit.js';
import { detectEol, parseYaml, resolveAlias, YamlDepthError, type Eol } from './frontmatter.js';

/** A setting: a top-level key, or a key inside a top-level map. */
export type SettingPath = [string] | [string, string];

/** What a key holds, as written: a string, a list of strings, or a map of strings. */
export type SettingValue = string | string[] | Record<string, string>;

interface YamlFile {
  text: string;
  eol: Eol;
  /** Offset of the first YAML character (1 after a byte-order mark). */
  offset: number;
  pairs: Pair[];
  doc: Document;
}

function readFile(text: string): YamlFile {
  const offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let doc;
  try {
    doc = parseYaml(text.slice(offset)).doc;
  } catch (err) {
    if (err instanceof YamlDepthError) throw new PlnError('file', `pln.yml:${err.line}: a value ${err.message}; fix it with an editor`);
    throw err;
  }
  if (doc.errors.length > 0) throw new PlnError('file', `pln.yml is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix it with an editor`);
  const root = doc.contents;
  let pairs: Pair[] = [];
  if (root !== null && !(isScalar(root) && (root.value === null || root.value === ''))) {
    if (!isMap(root)) throw new PlnError('file', 'pln.yml is not a map of keys; fix it with an editor');
    // A whole-file `{a: 1, b: 2}` has no lines to edit one by one.
    if (root.flow) throw new PlnError('file', 'pln.yml is written as one {...} map; edit it with an editor');
    pairs = root.items.filter(isPair) as Pair[];
  }
  return { text, eol: detectEol(text), offset, pairs, doc };
}

const keyOf = (p: Pair): string | null => (isScalar(p.key) && p.key.value !== null ? String(p.key.value) : null);

function findPair(pairs: Pair[], key: string, caseless = false): Pair | undefined {
  const want = caseless ? key.toLowerCase() : key;
  return pairs.find((p) => {
    const k = keyOf(p);
    return k !== null && (caseless ? k.toLowerCase() : k) === want;
  });
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line holding `offset` (after its `\n`). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function splice(text: string, from: number, to: number, insert: string): string {
  return text.slice(0, from) + insert + text.slice(to);
}

function flowList(items: string[]): string {
  return `[${items.map((i) => yamlScalar(i, { flow: true })).join(', ')}]`;
}

function valueSource(value: string | string[]): string {
  return Array.isArray(value) ? flowList(value) : yamlScalar(value);
}

const isEmpty = (n: Node | null): boolean => !n || !n.range || n.range[0] === n.range[1] || (isScalar(n) && (n.value === null || n.value === ''));

/** Where a pair's key and value sit in the file, as absolute offsets. */
function spanOf(f: YamlFile, pair: Pair) {
  const key = pair.key as Node;
  const keyEnd = f.offset + key.range![1];
  const colon = f.text.indexOf(':', keyEnd);
  const value = pair.value as Node | null;
  const empty = isEmpty(value);
  const from = empty ? colon + 1 : f.offset + value!.range![0];
  let to = empty ? colon + 1 : f.offset + value!.range![1];
  // Collections may report a range ending past their last line break.
  while (to > from && (f.text[to - 1] === '\n' || f.text[to - 1] === '\r')) to--;
  return {
    keyStart: f.offset + key.range![0],
    colon,
    from,
    to,
    empty,
    sameLine: !f.text.slice(colon + 1, from).includes('\n'),
  };
}

/** The pair's lines, from the key's line to the end of the value's last line. */
function pairLines(f: YamlFile, pair: Pair): { from: number; to: number } {
  const s = spanOf(f, pair);
  return { from: lineStart(f.text, s.keyStart), to: lineEnd(f.text, Math.max(s.to - 1, s.colon)) };
}

/** Replaces a pair's value with `src`, keeping a comment on the key's line. */
function replaceValue(f: YamlFile, pair: Pair, src: string): string {
  const s = spanOf(f, pair);
  const block = f.text[s.from] === '|' || f.text[s.from] === '>';
  if (s.sameLine && !block) {
    const lead = s.empty && f.text[s.from] !== ' ' ? ' ' : '';
    return splice(f.text, s.from, s.to, lead + src);
  }
  // The old value sits on the lines below: put the new one on the key's line.
  const keyLineEnd = lineEnd(f.text, s.colon);
  const rest = f.text.slice(s.colon + 1, keyLineEnd);
  const comment = /^\s*(#.*?)?\r?\n?$/.exec(rest)?.[1];
  const eol = /\r?\n$/.exec(rest)?.[0] ?? f.eol;
  const after = s.empty ? keyLineEnd : lineEnd(f.text, s.to - 1);
  return splice(f.text, s.colon + 1, after, ` ${src}${comment ? ` ${comment}` : ''}${eol}`);
}

/** Rewrites the items of a block list in place, each at the first item's indentation. */
function replaceBlockItems(f: YamlFile, seq: YAMLSeq, items: string[]): string {
  const first = seq.items[0] as Node;
  const last = seq.items[seq.items.length - 1] as Node;
  const from = lineStart(f.text, f.offset + first.range![0]);
  const prefix = f.text.slice(from, f.offset + first.range![0]);
  const to = lineEnd(f.text, f.offset + last.range![1] - 1);
  return splice(f.text, from, to, items.map((i) => `${prefix}${yamlScalar(i)}${f.eol}`).join(''));
}

/** Adds lines at the end of the file, after a line break. */
function append(f: YamlFile, lines: string[]): string {
  const sep = f.text.length === f.offset || f.text.endsWith('\n') ? '' : f.eol;
  return f.text + sep + lines.map((l) => `${l}${f.eol}`).join('');
}

/** The value of a setting as written in the file; null when absent or empty. */
export function getSetting(text: string, path: SettingPath): SettingValue | null {
  const f = readFile(text);
  const pair = findPair(f.pairs, path[0]);
  if (!pair) return null;
  const deref = (n: unknown): unknown => resolveAlias(n, f.doc);
  let node = deref(pair.value) as Node | null;
  if (path.length === 2) {
    if (!isMap(node)) return null;
    const child = findPair(node.items as Pair[], path[1], true);
    node = (deref(child?.value) as Node | null) ?? null;
  }
  const str = (n: unknown) => {
    const v = deref(n);
    return isScalar(v) && v.value !== null ? String(v.value) : null;
  };
  if (isSeq(node)) return node.items.map(str).filter((s): s is string => s !== null);
  if (isMap(node)) {
    const out: Record<string, string> = {};
    for (const p of node.items as Pair[]) {
      const k = keyOf(p);
      if (k !== null) out[k] = str(p.value) ?? '';
    }
    return out;
  }
  const s = str(node);
  return s === null || s === '' ? null : s;
}

/** Options of setSetting. */
export interface SetOptions {
  /** Write a string value as it is, unquoted (`true`, which YAML reads as a boolean, is what we mean). */
  verbatim?: boolean;
}

/**
 * Sets a setting; only its text changes. A new top-level key goes at the end
 * of the file; a new key of a map goes after the map's last key, at its
 * indentation. A block list stays a block list.
 */
export function setSetting(text: string, path: SettingPath, value: string | string[], opts: SetOptions = {}): string {
  const sourceOf = (v: string | string[]) => (opts.verbatim && typeof v === 'string' ? v : valueSource(v));
  const f = readFile(text);
  const pair = findPair(f.pairs, path[0]);
  if (path.length === 1) {
    if (!pair) return append(f, [`${yamlScalar(path[0])}: ${sourceOf(value)}`]);
    const current = pair.value as Node | null;
    if (isMap(current)) throw new PlnError('invalid', `${path[0]} in pln.yml holds nested keys; set one of them (${path[0]}.KEY) or edit the file`);
    if (Array.isArray(value) && value.length > 0 && isSeq(current) && !current.flow && current.items.length > 0) return replaceBlockItems(f, current, value);
    if (!Array.isArray(value) && isScalar(current) && String(current.value ?? '') === value) return text;
    return replaceValue(f, pair, sourceOf(value));
  }
  const [parent, key] = path;
  const entry = `${yamlScalar(key)}: ${sourceOf(value)}`;
  if (!pair) return append(f, [`${yamlScalar(parent)}:`, `  ${entry}`]);
  const map = pair.value as Node | null;
  if (isEmpty(map)) {
    // `parent:` with nothing (or only a comment) after it: the first entry goes on the next line.
    const s = spanOf(f, pair);
    const at = lineEnd(f.text, s.colon);
    const sep = f.text[at - 1] === '\n' ? '' : f.eol;
    return splice(f.text, at, at, `${sep}  ${entry}${f.eol}`);
  }
  if (!isMap(map)) throw new PlnError('invalid', `${parent} in pln.yml is not a map of keys; fix it with an editor`);
  const child = findPair(map.items as Pair[], key, true);
  if (child) {
    const cur = child.value as Node | null;
    if (isScalar(cur) && String(cur.value ?? '') === value) return text;
    if (isMap(cur) || isSeq(cur)) throw new PlnError('invalid', `${parent}.${key} in pln.yml holds a list or map; fix it with an editor`);
    return replaceValue(f, child, sourceOf(value));
  }
  return insertIntoMap(f, map, entry);
}

function insertIntoMap(f: YamlFile, map: YAMLMap, entry: string): string {
  const items = map.items as Pair[];
  if (map.flow) {
    if (items.length === 0) {
      const from = f.offset + map.range![0];
      return splice(f.text, from, f.offset + map.range![1], `{${entry}}`);
    }
    const last = items[items.length - 1]!;
    const s = spanOf(f, last);
    const at = s.empty ? s.colon + 1 : s.to;
    return splice(f.text, at, at, `, ${entry}`);
  }
  const first = f.offset + (items[0]!.key as Node).range![0];
  const indent = f.text.slice(lineStart(f.text, first), first);
  const at = pairLines(f, items[items.length - 1]!).to;
  const sep = f.text[at - 1] === '\n' ? '' : f.eol;
  return splice(f.text, at, at, `${sep}${indent}${entry}${f.eol}`);
}

/** Removes a setting and its lines; unchanged when absent. A map left empty is removed too. */
export function unsetSetting(text: string, path: SettingPath): string {
  const f = readFile(text);
  const pair = findPair(f.pairs, path[0]);
  if (!pair) return text;
  if (path.length === 1) {
    const { from, to } = pairLines(f, pair);
    return splice(f.text, from, to, '');
  }
  const map = pair.value as Node | null;
  if (!isMap(map)) return text;
  const items = map.items as Pair[];
  const child = findPair(items, path[1], true);
  if (!child) return text;
  if (items.length === 1) return unsetSetting(text, [path[0]]);
  const i = items.indexOf(child);
  if (map.flow) {
    // Drop the item with the comma before it (or after it, for the first item).
    const s = spanOf(f, child);
    const end = s.empty ? s.colon + 1 : s.to;
    if (i > 0) {
      const prev = spanOf(f, items[i - 1]!);
      return splice(f.text, prev.empty ? prev.colon + 1 : prev.to, end, '');
    }
    return splice(f.text, s.keyStart, f.offset + (items[1]!.key as Node).range![0], '');
  }
  const { from, to } = pairLines(f, child);
  return splice(f.text, from, to, '');
}
