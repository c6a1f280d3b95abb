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
import { LineCounter, parseDocument, type Document } from 'yaml';

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
  const depth = flowDepth(yamlText);
  if (depth > MAX_DEPTH) {
    throw new YamlDepthError(`frontmatter nests ${depth > 1000 ? 'over 1000' : depth} levels deep (the limit is ${MAX_DEPTH})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, {
    schema: 'failsafe',
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
    // Custom tags (!!js/function, !!js/regexp, ...) are never resolved: with
    // the failsafe schema they stay plain strings and yaml adds a warning.
  });
  return { doc, lineCounter };
}

export class YamlDepthError extends Error {}

/**
 * A cheap upper bound on flow-collection nesting (`[[[[...`), which the YAML
 * parser would otherwise follow recursively. Quotes are skipped roughly;
 * block nesting is bounded by indentation and checked when values are read.
 */
function flowDepth(text: string): number {
  let depth = 0;
  let max = 0;
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
    } else if (ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl - 1;
    }
  }
  return max;
}
