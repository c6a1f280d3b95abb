/** Text folding and matching helpers shared by name resolution and search. */
import { remembered } from './memo.js';

/**
 * Folds text for comparison: NFC-normalised (a macOS NFD name equals a Linux
 * NFC one), accents removed, lower-cased. `José` and `jose` fold alike.
 */
export function fold(s: string): string {
  // Most text is plain ASCII, which only needs lower-casing.
  return NON_ASCII_RE.test(s) ? foldUnicodeRemembered(s) : s.toLowerCase();
}

const NON_ASCII_RE = /[^\x00-\x7f]/;
/** Names and tags repeat across a network: each non-ASCII one is folded once. */
const foldUnicodeRemembered = remembered((s: string) => foldUnicode(s), 50_000);

function foldUnicode(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ßðđłøæœþ]/g, (ch) => FOLD_LETTERS[ch] ?? ch)
    .normalize('NFC');
}

let collator: Intl.Collator | undefined;

/** `a.localeCompare(b)`, without building the comparison anew for every pair. */
export function localeOrder(a: string, b: string): number {
  collator ??= new Intl.Collator();
  return collator.compare(a, b);
}

/** Letters that have no accent to remove but a usual ASCII spelling. */
const FOLD_LETTERS: Record<string, string> = { ß: 'ss', ð: 'd', đ: 'd', ł: 'l', ø: 'o', æ: 'ae', œ: 'oe', þ: 'th' };

/** Folded words of a text: letters and digits (and `+`, `#`: C++, C#), split on everything else. */
export function words(s: string): string[] {
  const out: string[] = [];
  wordsInto(s, out);
  return out;
}

/**
 * Appends the folded words of `s` to `out` (as `words`), and tells whether the
 * folded text is exactly those words joined by single spaces. ASCII text,
 * nearly all of it, is split by one pass over its characters; other text by
 * folding it and splitting on a regular expression.
 */
export function wordsInto(s: string, out: string[]): boolean {
  const n = s.length;
  const from = out.length;
  let start = -1;
  let clean = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      out.length = from;
      const folded = fold(s);
      for (const w of folded.split(WORD_SEPARATORS_RE)) if (w !== '') out.push(w);
      return folded === out.slice(from).join(' ');
    }
    if (WORD_CHAR[c] !== 0) {
      if (start < 0) start = i;
    } else {
      if (start >= 0) {
        out.push(s.slice(start, i).toLowerCase());
        start = -1;
      } else clean = false; // a separator first, or after another
      if (c !== 32) clean = false;
    }
  }
  if (start >= 0) out.push(s.slice(start).toLowerCase());
  else if (n > 0) clean = false; // a separator last
  return clean;
}

const WORD_SEPARATORS_RE = /[^\p{L}\p{N}+#]+/u;

/**
 * By ASCII code: the character lower-cased when it belongs in a word (a-z,
 * A-Z, 0-9, `+` and `#`: the ASCII of WORD_SEPARATORS_RE's complement), else 0.
 */
export const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 35) WORD_CHAR[c] = c;
  else if (c >= 65 && c <= 90) WORD_CHAR[c] = c + 32;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps), capped:
 * returns `max + 1` as soon as the distance must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const n = b.length;
  if (rows[0].length < n + 1) rows = [new Int32Array(2 * n + 2), new Int32Array(2 * n + 2), new Int32Array(2 * n + 2)];
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= n; j++) {
    prev2[j] = 0;
    prev[j] = j;
    cur[j] = 0;
  }
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** editDistance's three rows, reused across calls (it runs once per word pair in a search). */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** How many typos a word of this length may carry and still match. */
export function typoBudget(length: number): number {
  if (length < 4) return 0;
  if (length < 8) return 1;
  return 2;
}

/**
 * Slug for a new contact file: ASCII-folded, lower-case, runs of anything
 * else turned into one `-` (a name with no Latin letter keeps its own script); safe on every OS (no separators, no `..`, no
 * leading `-` or `.`, no reserved Windows names), at most 100 bytes.
 */
export function slugify(name: string): string {
  let s = fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length > 100) s = s.slice(0, 100).replace(/-+$/, '');
  if (s === '' && /[\p{L}\p{N}]/u.test(name)) {
    // A name with no Latin letters at all (山田太郎, 최유림, Ωμέγα): the name itself,
    // which every file system of today stores and the user can type; a
    // transliteration would guess (山田 is Yamada in Japanese, Shantian in pinyin).
    s = nativeSlug(name);
    if (s === '') s = `contact-${hash6(name.normalize('NFC'))}`;
  }
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/.test(s)) s = `${s}-contact`;
  return s;
}

/** Letters, marks and digits of any script, lower-cased, runs of anything else as `-`; at most 100 UTF-8 bytes. */
function nativeSlug(name: string): string {
  let s = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  const encoder = new TextEncoder();
  while (encoder.encode(s).length > 100) s = [...s].slice(0, -1).join('').replace(/-+$/, '');
  return s;
}

/** Six hex digits of FNV-1a: stable across runs and machines. */
function hash6(s: string): string {
  let h = 0x811c9dc5;
  for (const ch of s) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0').slice(0, 6);
}

/** Removes terminal control characters (ESC, BEL, C1, ...) from text shown on a terminal. */
export function stripControl(s: string): string {
  // OSC/CSI sequences first so their payload does not leak as text, then any lone control.
  return s
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '');
}
