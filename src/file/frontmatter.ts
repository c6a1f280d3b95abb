/**
 * Finds the YAML frontmatter block of a Markdown file and parses it safely.
 *
 * We split the file ourselves instead of letting gray-matter do it: gray-matter
 * picks an engine from the opening fence (`---js` runs `eval`), caches parsed
 * objects by content, and reads YAML with js-yaml 3's default schema, which
 * turns dates into UTC `Date`s and `01234` into 668. Here the fence must be a
 * bare `---`, and YAML is read with the failsafe schema: every scalar stays
 * the string that was written.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, YAMLParseError, type Document } from 'yaml';
import type { RawValue } from '../domain/contact.js';
import { lineAtOffset } from './grammar.js';

export type Eol = '\n' | '\r\n';

export type FrontmatterSplit =
  | {
      kind: 'ok';
      bom: boolean;
      eol: Eol;
      /** Offset of the first YAML character (after the opening `---` line). */
      yamlStart: number;
      /** Offset just past the YAML text (the start of the closing `---` line). */
      yamlEnd: number;
      /** Offset of the first body character (after the closing line). */
      bodyStart: number;
      /** 1-based line number of the first YAML line. */
      yamlStartLine: number;
      /** 1-based line number of the closing `---`. */
      closeLine: number;
    }
  /** No frontmatter at all: the whole file is body. */
  | { kind: 'none'; bom: boolean; eol: Eol }
  /** An opening `---` with no closing line. */
  | { kind: 'unclosed'; bom: boolean; eol: Eol }
  /** `---js`, `---toml`, ...: another language, never evaluated. */
  | { kind: 'language'; bom: boolean; eol: Eol; language: string };

/** The file's line ending style: CRLF when its first line break is CRLF. */
export function detectEol(text: string): Eol {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

const CLOSE_RE = /^(?:---|\.\.\.)[ \t]*\r?$/;

export function splitFrontmatter(text: string): FrontmatterSplit {
  const bom = text.charCodeAt(0) === 0xfeff;
  const start = bom ? 1 : 0;
  const eol = detectEol(text);
  const firstNl = text.indexOf('\n', start);
  const firstLine = text.slice(start, firstNl === -1 ? text.length : firstNl).replace(/\r$/, '');
  if (!firstLine.startsWith('---')) return { kind: 'none', bom, eol };
  const rest = firstLine.slice(3).trim();
  // A word right after the fence names another language (`---js`): never evaluated.
  if (/^[A-Za-z]/.test(rest)) return { kind: 'language', bom, eol, language: rest };
  // `----` or `--- text` is a Markdown rule, not a fence; `--- # note` is a fence.
  if (rest !== '' && !rest.startsWith('#')) return { kind: 'none', bom, eol };
  if (firstNl === -1) return { kind: 'unclosed', bom, eol };
  const yamlStart = firstNl + 1;
  let pos = yamlStart;
  let line = 2;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    if (CLOSE_RE.test(text.slice(pos, end))) {
      return {
        kind: 'ok',
        bom,
        eol,
        yamlStart,
        yamlEnd: pos,
        bodyStart: nl === -1 ? text.length : nl + 1,
        yamlStartLine: 2,
        closeLine: line,
      };
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  return { kind: 'unclosed', bom, eol };
}

/** Maximum aliases resolved in one frontmatter: a "billion laughs" stops here. */
export const MAX_ALIASES = 50;
/** Maximum nesting of maps and lists in a frontmatter. */
export const MAX_DEPTH = 32;

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/**
 * Parses frontmatter YAML with the failsafe schema (scalars stay strings) and
 * duplicate keys as errors. Throws only on a nesting depth that could exhaust
 * the stack; callers report that as a problem like any YAML error.
 */
export function parseYaml(yamlText: string): ParsedYaml {
  const [depth, at] = flowDepth(yamlText);
  if (depth > MAX_DEPTH) {
    throw new YamlDepthError(`nests ${depth > 1000 ? 'over 1000' : depth} levels deep (the limit is ${MAX_DEPTH})`, lineAtOffset(yamlText, at));
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, {
    schema: 'failsafe',
    lineCounter,
    // The parser's own check compares each key with every key before it:
    // a map of 80,000 keys took a minute. Checked below, in one pass.
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
    // Custom tags (!!js/function, !!js/regexp, ...) are never resolved: with
    // the failsafe schema they stay plain strings and yaml adds a warning.
  });
  const duplicates = duplicateKeys(doc.contents, yamlText);
  if (duplicates.length > 0) {
    doc.errors.push(...duplicates.map((at) => new YAMLParseError([at, at + 1], 'DUPLICATE_KEY', 'Map keys must be unique')));
    doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
  }
  return { doc, lineCounter };
}

/**
 * Where a key repeats one before it in the same map (as the parser's
 * `uniqueKeys` finds them: equal scalar values), by a set per map and a
 * walk without recursion. An empty key may start where the line before
 * ends: its place is the next character that is not a blank.
 */
function duplicateKeys(root: unknown, text: string): number[] {
  const found: number[] = [];
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const node = todo.pop();
    if (isSeq(node)) for (const item of node.items) todo.push(item);
    else if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key = pair.key;
        if (isScalar(key)) {
          if (seen.has(key.value)) {
            let at = key.range?.[0] ?? 0;
            while (at < text.length && /\s/.test(text[at]!)) at++;
            found.push(at);
          } else seen.add(key.value);
        }
        todo.push(key, pair.value);
      }
    }
  }
  return found;
}

/** A node, or for an alias (`*x`) the node its anchor (`&x`) names. */
export function resolveAlias(node: unknown, doc: Document): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** YAML nested deeper than MAX_DEPTH: the message says how deep, `line` (1-based, in the YAML text) where it passes the limit. */
export class YamlDepthError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * A cheap upper bound on flow-collection nesting (`[[[[...`), which the YAML
 * parser would otherwise follow recursively, and the offset where it first
 * passes MAX_DEPTH. Quotes are skipped roughly; block nesting is bounded by
 * indentation and checked when values are read.
 */
function flowDepth(text: string): [depth: number, at: number] {
  let depth = 0;
  let max = 0;
  let at = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\n') quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') {
      if (++depth > max) max = depth;
      if (depth === MAX_DEPTH + 1 && max === depth) at = i;
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl - 1;
    }
  }
  return [max, at];
}

// ---- fast path ---------------------------------------------------------------

/** Frontmatter values read without the YAML parser, with each key's line. */
export interface SimpleFrontmatter {
  /** Every key in file order, scalars as the strings written (null-prototype object). */
  values: Record<string, RawValue>;
  /** 1-based file line of each key (null-prototype object). */
  lines: Record<string, number>;
  /** The keys, in file order. */
  keys: string[];
}

// Anything that could make the YAML parser read a character differently (a
// tab, a control character, a line or page separator, a lone CR, a BOM)
// sends the whole frontmatter to it.
const UNUSUAL_RE = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff]|\r(?!\n)/;
const ITEM_RE = /^( *)-(?: |$)/;
// First characters that make a plain scalar something else (an alias, a tag,
// a block scalar, a flow collection, a quote, a directive, ...).
const INDICATOR_RE = /^[-?:,[\]{}#&*!|>'"%@`]/;
const DOUBLE_QUOTED_RE = /^"([^"\\]*)"$/;
const SINGLE_QUOTED_RE = /^'((?:[^']|'')*)'$/;
// Most values a frontmatter holds; more is left to the YAML parser's budgets.
const MAX_SIMPLE_VALUES = 1000;

/**
 * Reads the frontmatter subset nearly every contact file uses, much faster
 * than the YAML parser: `key: value` lines at the left margin; plain,
 * single-line quoted and one-line `[a, b]` values; block lists of those
 * (`- item`); one level of nested `key: value` maps (`links:`); comment and
 * blank lines. Returns null on anything else (multi-line scalars, anchors,
 * tags, escapes, duplicate keys, tabs, ...), and the caller then uses the
 * YAML parser: for every input it accepts, the result equals what the YAML
 * parser (failsafe schema) gives, which a property test checks.
 */
export function parseSimpleYaml(yamlText: string, firstLine: number): SimpleFrontmatter | null {
  if (UNUSUAL_RE.test(yamlText)) return null;
  const lines = yamlText.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i]!.endsWith('\r')) lines[i] = lines[i]!.slice(0, -1);
  // Collected in arrays, turned into the null-prototype objects at the end:
  // lookups in those are slow, and there are only a few keys.
  const keys: string[] = [];
  const vals: RawValue[] = [];
  const at: number[] = [];
  let count = 0;
  // Skips blank and comment lines; returns the index of the next content line.
  const next = (from: number): number => {
    let j = from;
    while (j < lines.length && isBlankOrComment(lines[j]!)) j++;
    return j;
  };
  for (let i = next(0); i < lines.length; i = next(i)) {
    if (count > MAX_SIMPLE_VALUES) return null;
    const line = lines[i]!;
    const colon = simpleKeyEnd(line, 0);
    if (colon < 0) return null;
    const name = line.slice(0, colon);
    if (keys.includes(name)) return null;
    keys.push(name);
    at.push(firstLine + i);
    const rest = trimSpaces(line.slice(colon + 1));
    i++;
    if (rest !== '' && rest.charCodeAt(0) !== 35) {
      // A value on the key's line; the next content line must be the next key.
      const value = rest.charCodeAt(0) === 91 ? flowList(rest) : blockScalar(rest);
      if (value === null) return null;
      const j = next(i);
      if (j < lines.length && lines[j]!.charCodeAt(0) === 32) return null;
      vals.push(value);
      count += Array.isArray(value) ? value.length + 1 : 1;
      continue;
    }
    // Nothing on the key's line: a block list, a nested map, or an empty value.
    const j = next(i);
    const following = j < lines.length ? lines[j]! : '';
    const item = ITEM_RE.exec(following);
    if (item) {
      const items: RawValue[] = [];
      const indent = item[1]!.length;
      let k = j;
      for (; k < lines.length; k = next(k + 1)) {
        const m = ITEM_RE.exec(lines[k]!);
        if (!m || m[1]!.length !== indent) break;
        const text = trimSpaces(lines[k]!.slice(m[0].length));
        if (text === '' || text.charCodeAt(0) === 35) {
          // An empty item is an empty string, as the YAML parser reads it.
          items.push('');
        } else {
          const value = blockScalar(text);
          if (value === null) return null;
          items.push(value);
        }
      }
      // What follows the list must start at the margin (the next key).
      if (k < lines.length && lines[k]!.charCodeAt(0) === 32) return null;
      vals.push(items);
      count += items.length + 1;
      i = k;
    } else if (following.charCodeAt(0) === 32) {
      let indent = 0;
      while (following.charCodeAt(indent) === 32) indent++;
      const mapKeys: string[] = [];
      const mapVals: string[] = [];
      let k = j;
      for (; k < lines.length; k = next(k + 1)) {
        const l = lines[k]!;
        let spaces = 0;
        while (l.charCodeAt(spaces) === 32) spaces++;
        if (spaces !== indent) break;
        const c = simpleKeyEnd(l, indent);
        if (c < 0) return null;
        const key = l.slice(indent, c);
        if (mapKeys.includes(key)) return null;
        const text = trimSpaces(l.slice(c + 1));
        let value = '';
        if (text !== '' && text.charCodeAt(0) !== 35) {
          const v = blockScalar(text);
          if (v === null) return null;
          value = v;
        }
        mapKeys.push(key);
        mapVals.push(value);
      }
      if (k < lines.length && lines[k]!.charCodeAt(0) === 32) return null;
      const map: Record<string, RawValue> = Object.create(null);
      for (let m = 0; m < mapKeys.length; m++) map[mapKeys[m]!] = mapVals[m]!;
      vals.push(map);
      count += mapKeys.length + 1;
      i = k;
    } else {
      vals.push('');
      count++;
    }
  }
  // No key at all: the YAML parser says what the frontmatter is instead.
  if (keys.length === 0 || count > MAX_SIMPLE_VALUES) return null;
  const values: Record<string, RawValue> = Object.create(null);
  const keyLines: Record<string, number> = Object.create(null);
  for (let k = 0; k < keys.length; k++) {
    values[keys[k]!] = vals[k]!;
    keyLines[keys[k]!] = at[k]!;
  }
  return { values, lines: keyLines, keys };
}

/**
 * Where a simple key that starts at `from` ends: the offset of its `:`,
 * which must be followed by a space or the end of the line; -1 when the
 * line does not start with one (`[A-Za-z_][A-Za-z0-9_-]*`).
 */
function simpleKeyEnd(line: string, from: number): number {
  const c0 = line.charCodeAt(from);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || c0 === 95)) return -1;
  let j = from + 1;
  for (;;) {
    const c = line.charCodeAt(j);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45) j++;
    else break;
  }
  if (line.charCodeAt(j) !== 58) return -1;
  return j + 1 === line.length || line.charCodeAt(j + 1) === 32 ? j : -1;
}

function isBlankOrComment(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c !== 32 && c !== 35 && line !== '') return false;
  const t = trimSpaces(line);
  return t === '' || t.startsWith('#');
}

/** Trims spaces only: YAML's white space is space and tab, never NBSP. */
function trimSpaces(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 32) a++;
  while (b > a && s.charCodeAt(b - 1) === 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** A scalar in block context (after `key: ` or `- `), with a trailing comment allowed; null = not simple. */
function blockScalar(text: string): string | null {
  const c = text[0];
  if (c === '"') return DOUBLE_QUOTED_RE.exec(text)?.[1] ?? null;
  if (c === "'") {
    const m = SINGLE_QUOTED_RE.exec(text);
    return m ? m[1]!.replace(/''/g, "'") : null;
  }
  if (INDICATOR_RE.test(text)) return null;
  // ` #` starts a comment; `: ` (or a final `:`) would make a map.
  const hash = text.indexOf(' #');
  const value = hash === -1 ? text : trimSpaces(text.slice(0, hash));
  if (value.includes(': ') || value.endsWith(':')) return null;
  return value;
}

/** `[a, b, "[[c]]"]` on one line; null = not simple. */
function flowList(text: string): string[] | null {
  if (!text.endsWith(']')) return null;
  const out: string[] = [];
  const end = text.length - 1;
  let i = 1;
  const skipSpaces = () => {
    while (i < end && text.charCodeAt(i) === 32) i++;
  };
  skipSpaces();
  if (i === end) return out;
  for (;;) {
    const c = text[i];
    let item: string;
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0 || close >= end) return null;
      item = text.slice(i + 1, close);
      if (item.includes('\\')) return null;
      i = close + 1;
    } else if (c === "'") {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf("'", j);
        if (q < 0 || q >= end) return null;
        if (text[q + 1] === "'") j = q + 2;
        else {
          item = text.slice(i + 1, q).replace(/''/g, "'");
          i = q + 1;
          break;
        }
      }
    } else {
      let j = i;
      while (j < end && text[j] !== ',') j++;
      item = trimSpaces(text.slice(i, j));
      // Flow indicators, quotes, comments and `:` inside a plain item: the YAML parser decides.
      if (item === '' || INDICATOR_RE.test(item) || /[[\]{}#:"']/.test(item)) return null;
      i = j;
    }
    out.push(item!);
    skipSpaces();
    if (i === end) return out;
    if (text[i] !== ',') return null;
    i++;
    skipSpaces();
    // A trailing comma (`[a, ]`) is left to the YAML parser.
    if (i === end) return null;
  }
}
