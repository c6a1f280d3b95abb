/**
 * `who` over word ids: each contact's searchable values (the fields of
 * `fieldValues`, in order) encoded once as the ids of their folded words in
 * a vocabulary, so that a query compares each distinct word of the network
 * with its own words once, and then scores every person by array lookups
 * instead of folding and splitting every note and log line again. The
 * encoding is kept in the index cache (src/store/terms-cache.ts); the
 * scores are exactly those of `scoreContact` (a differential test holds
 * the two together).
 *
 * A contact's block is an array of 16- or 32-bit words (as read from the
 * file, or 32-bit when encoded in this run): for each value, a header word
 * `field | clean << 3 | count << 4`, then `count` word ids. `clean` is set
 * when the folded text is exactly its words joined by single spaces (only
 * then can the whole value equal the query).
 */
import type { Contact } from '../domain/contact.js';
import { WORD_CHAR, wordsInto } from '../domain/text.js';
import { FIELDS, fieldValues, personScore, Query, wordScore, wordsScore, type Field, type WhoMatch, type WhoRow } from './who.js';

/** A contact's encoded values. */
export type Block = Uint16Array | Uint32Array;

/**
 * Words by id, and ids by word; ids only ever grow. Words are also found by
 * their characters (`find`), through a hash table of our own, so that
 * encoding a value makes no string for a word already known.
 */
export class Vocab {
  readonly words: string[];
  private readonly ids = new Map<string, number>();
  /** Open addressing: id + 1 at the slot of a word's hash (0: empty). */
  private slots = new Int32Array(1024);
  private readonly hashes: number[] = [];

  constructor(words: string[] = []) {
    this.words = words;
    for (let id = 0; id < words.length; id++) this.ids.set(words[id]!, id);
  }

  /** The hash table, made when first needed (a `who` that encodes nothing never needs it). */
  private table(): Int32Array {
    if (this.hashes.length < this.words.length) {
      for (let id = this.hashes.length; id < this.words.length; id++) this.hashes.push(hashOf(this.words[id]!, 0, this.words[id]!.length));
      let size = this.slots.length;
      while (size < 2 * this.words.length) size *= 4;
      this.slots = new Int32Array(size);
      for (let id = 0; id < this.words.length; id++) this.place(id);
    }
    return this.slots;
  }

  /** The id of a word, adding it when new. */
  add(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) id = this.insert(word, hashOf(word, 0, word.length));
    return id;
  }

  /** The id of a word; -1 when no value has it. */
  idOf(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /** A query word's score against every word (computed by `compute`), kept while no word is added: the spellings of a topic share words. */
  scoresOf(queryWord: string, compute: () => Float64Array): Float64Array {
    let s = this.scored.get(queryWord);
    if (!s || s.length !== this.words.length) this.scored.set(queryWord, (s = compute()));
    return s;
  }

  private readonly scored = new Map<string, Float64Array>();

  /**
   * The id of the word whose characters are `chars[0, length)` (ASCII, lower
   * case: what wordsInto makes of them) and whose hashOf is `hash`; -1 when
   * the vocabulary does not have it (`add` it then).
   */
  find(chars: Uint8Array, length: number, hash: number): number {
    const slots = this.table();
    const mask = slots.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const slot = slots[at]!;
      if (slot === 0) return -1;
      const id = slot - 1;
      if (this.hashes[id] === hash && sameChars(this.words[id]!, chars, length)) return id;
    }
  }

  private insert(word: string, hash: number): number {
    this.table();
    const id = this.words.length;
    this.words.push(word);
    this.ids.set(word, id);
    this.hashes.push(hash);
    if (2 * this.words.length > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 4);
      for (let k = 0; k < this.words.length; k++) this.place(k);
    } else this.place(id);
    return id;
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let at = this.hashes[id]! & mask;
    while (this.slots[at] !== 0) at = (at + 1) & mask;
    this.slots[at] = id + 1;
  }
}

/** FNV-1a over the characters of `s[from, to)`, ASCII capitals lower-cased. */
function hashOf(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
  }
  return h >>> 0;
}

/** Whether `word` is the characters `chars[0, length)`. */
function sameChars(word: string, chars: Uint8Array, length: number): boolean {
  if (word.length !== length) return false;
  for (let i = 0; i < length; i++) if (word.charCodeAt(i) !== chars[i]) return false;
  return true;
}

/** The words of a block being encoded: one buffer, grown as needed and reused. */
class Encoder {
  buf = new Uint32Array(4096);
  length = 0;
  /** The word being read, lower-cased (its characters are copied here as they come). */
  private word: Uint8Array = new Uint8Array(64);
  /** The words of a value split by wordsInto. */
  private readonly split: string[] = [];

  put(word: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Uint32Array(this.buf.length * 2);
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.length++] = word;
  }

  /** Appends the header and word ids of the value `s[from, to)` of field `f`. */
  value(s: string, from: number, to: number, f: number, vocab: Vocab): void {
    const head = this.length;
    this.put(0);
    let count = 0;
    let clean = true;
    let start = -1;
    let hash = 0;
    let word = this.word;
    const wordChar = WORD_CHAR;
    for (let i = from; i < to; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        // Not ASCII: folded and split as wordsInto does.
        this.length = head;
        this.words(s.slice(from, to), f, vocab);
        return;
      }
      // A word's character, lower-cased (0: a separator); the hash is hashOf's, as the characters come.
      const w = wordChar[c]!;
      if (w !== 0) {
        if (start < 0) {
          start = i;
          hash = 0x811c9dc5;
        }
        hash = Math.imul(hash ^ w, 0x01000193);
        const k = i - start;
        if (k === word.length) word = this.longer();
        word[k] = w;
      } else {
        if (start >= 0) {
          this.put(this.id(s, start, i, hash >>> 0, vocab));
          count++;
          start = -1;
        } else clean = false;
        if (c !== 32) clean = false;
      }
    }
    if (start >= 0) {
      this.put(this.id(s, start, to, hash >>> 0, vocab));
      count++;
    } else if (to > from) clean = false;
    this.buf[head] = f | ((clean ? 1 : 0) << 3) | (count << 4);
  }

  /** Appends the header and word ids of the value `s` of field `f`, split by wordsInto. */
  words(s: string, f: number, vocab: Vocab): void {
    const ws = this.split;
    ws.length = 0;
    const clean = wordsInto(s, ws);
    this.put(f | ((clean ? 1 : 0) << 3) | (ws.length << 4));
    for (const w of ws) this.put(vocab.add(w));
  }

  /** The id of the word just read, `s[from, to)` (its characters are in `word`); added when new. */
  private id(s: string, from: number, to: number, hash: number, vocab: Vocab): number {
    const id = vocab.find(this.word, to - from, hash);
    return id >= 0 ? id : vocab.add(s.slice(from, to).toLowerCase());
  }

  /** `word`, twice as long. */
  private longer(): Uint8Array {
    const bigger = new Uint8Array(this.word.length * 2);
    bigger.set(this.word);
    return (this.word = bigger);
  }
}

const encoder = new Encoder();

/**
 * A contact's searchable values as word ids (new words are added to
 * `vocab`): the values of fieldValues, each split as wordsInto splits it.
 * Notes (line by line) and log lines, most of the text, are read in place:
 * ASCII words character by character, so no string is made for a word the
 * vocabulary already has. The short values of the other fields go through
 * wordsInto: they are often strings of another kind (read back from the
 * index cache's JSON, where notes and log lines are slices of the file's
 * text), and one loop fed both kinds ran at about half speed.
 */
export function encodeTerms(c: Contact, vocab: Vocab): Uint32Array {
  const out = encoder;
  out.length = 0;
  for (let f = 0; f < FIELDS.length; f++) {
    const field = FIELDS[f]!;
    if (field === 'notes') {
      const notes = c.notes;
      for (let from = 0; notes && from <= notes.length; ) {
        let to = notes.indexOf('\n', from);
        if (to < 0) to = notes.length;
        if (!blank(notes, from, to)) out.value(notes, from, to, f, vocab);
        from = to + 1;
      }
    } else if (field === 'log') {
      for (const e of c.log) out.value(e.text, 0, e.text.length, f, vocab);
    } else for (const value of fieldValues(c, field)) out.words(value, f, vocab);
  }
  return out.buf.slice(0, out.length);
}

/** Whether `s[from, to)` is empty once trimmed (as fieldValues drops such note lines). */
function blank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return s.slice(from, to).trim() === '';
    if (c !== 32 && (c < 9 || c > 13)) return false;
  }
  return true;
}

/** A query against one vocabulary: each query word's score against every word id, computed once. */
export class TermQuery {
  readonly query: Query;
  /** By query word: the score against each word id. */
  private readonly scores: Float64Array[];
  /** By query word: the id of the same word, or -1. */
  private readonly exact: number[];

  constructor(query: Query, vocab: Vocab) {
    this.query = query;
    const n = vocab.words.length;
    this.scores = query.words.map((w) =>
      vocab.scoresOf(w, () => {
        // Every word once: wordScore itself, not the query's memo of it.
        const s = new Float64Array(n);
        for (let id = 0; id < n; id++) s[id] = wordScore(w, vocab.words[id]!);
        return s;
      }),
    );
    this.exact = query.words.map((w) => vocab.idOf(w));
    this.vocab = vocab;
    // Which query words score against each word id (one bit each; words
    // past the 31st share the last bit).
    this.mask = new Uint32Array(n);
    this.scores.forEach((scores, i) => {
      const bit = 1 << Math.min(i, 30);
      for (let id = 0; id < n; id++) if (scores[id]! > 0) this.mask[id] |= bit;
    });
    const q0 = query.words[0] ?? '';
    this.acronym = query.words.length === 1 && q0.length > 1 && q0.length <= 5 ? q0.length : 0;
  }

  private readonly vocab: Vocab;
  /** By word id: a bit for each query word that scores against it. */
  private readonly mask: Uint32Array;
  /** The word count of a value that could be the query's acronym (0: none). */
  readonly acronym: number;

  /** Sets `bit` in `mask` (by word id) for each word query word `i` scores against. */
  markWord(i: number, bit: number, mask: Uint32Array): void {
    const scores = this.scores[i]!;
    for (let id = 0; id < scores.length; id++) if (scores[id]! > 0) mask[id]! |= bit;
  }

  /** Whether a value can score above 0 at all (else valueScore is 0). */
  canScore(block: Block, from: number, count: number): boolean {
    if (this.acronym > 0 && count === this.acronym) return true;
    for (let j = from; j < from + count; j++) if (this.mask[block[j]!] !== 0) return true;
    return false;
  }

  /**
   * Whether any value could score above 0: some query word scores against
   * some word of the vocabulary, or the query is one word that could be an
   * acronym. When not, every valueScore is 0 and scoring can be skipped.
   */
  canMatch(): boolean {
    const q = this.query;
    if (q.words.length === 1 && q.words[0]!.length > 1 && q.words[0]!.length <= 5) return true;
    return this.scores.some((scores) => scores.some((s) => s > 0));
  }

  /** Query.textScore of the value whose words are `block[from..from+count)`. */
  valueScore(block: Block, from: number, count: number, clean: boolean): number {
    const q = this.query;
    const qn = q.words.length;
    if (clean && count === qn && this.sameWords(block, from, 0, qn)) return 1;
    if (count === 0) return 0;
    // An acronym of a multi-word value: "ml" for "machine learning".
    if (qn === 1 && count > 1 && count <= 5 && count === q.words[0]!.length) {
      const q0 = q.words[0]!;
      let acronym = true;
      for (let j = 0; j < count && acronym; j++) acronym = this.vocab.words[block[from + j]!]?.charCodeAt(0) === q0.charCodeAt(j);
      if (acronym) return 0.9;
    }
    let total = 0;
    let missing = 0;
    for (let i = 0; i < qn; i++) {
      const scores = this.scores[i]!;
      let best = 0;
      for (let j = from; j < from + count; j++) {
        const s = scores[block[j]!]!;
        if (s > best) best = s;
        if (best === 1) break;
      }
      if (best === 0) missing++;
      total += best;
    }
    if (missing === qn) return 0;
    let phrase = false;
    for (let j = 0; qn > 1 && j + qn <= count && !phrase; j++) phrase = this.sameWords(block, from, j, qn);
    return wordsScore(total, missing, qn, phrase);
  }

  /** Whether the value's words from position `at` are the query's words. */
  private sameWords(block: Block, from: number, at: number, qn: number): boolean {
    for (let i = 0; i < qn; i++) if (this.exact[i] !== block[from + at + i]) return false;
    return true;
  }
}

/** Which value matched best in each field: [field index, value index], in field order. */
export type TermMatch = [field: number, value: number];

/**
 * What a pass of scoreTerms over every block also finds out for other
 * queries (the other spellings of a topic), so that each then scores only
 * the blocks it can match in. `mask` gives, by word id, a bit for each
 * word of every query that scores against it (see TermQuery.markWord);
 * `own` the bits of the query being scored. For the other query `k`:
 * `bits[k]` are its words' bits; when `all[k]`, a value needs every one of
 * them (a value missing a query word scores under 0.5, so its person at
 * most 0.475 + 0.03 for each further field: under a good match), else any;
 * a value of `acronym[k]` words could be its acronym (-1: none). `found[i]`
 * gets bit `k` when block `i` may score for query `k`. When `within`, only
 * the values the scored query matches are looked at: right for queries
 * that hold its one word and need all their words in one value.
 */
export interface ScanFor {
  mask: Uint32Array;
  own: number;
  bits: number[];
  all: boolean[];
  acronym: number[];
  found: Uint32Array;
  within: boolean;
}

/** The OR of `mask` over the word ids `block[from, from + count)`. */
function bitsOfValue(mask: Uint32Array, block: Block, from: number, count: number): number {
  let v = 0;
  for (let j = from; j < from + count; j++) v |= mask[block[j]!]!;
  return v;
}

/** The bits of `found` for the other queries of a scan that a value with words of bits `v` and `count` words may match. */
function foundIn(scan: ScanFor, v: number, count: number): number {
  let found = 0;
  for (let k = 0; k < scan.bits.length; k++) {
    const b = scan.bits[k]!;
    if (count === scan.acronym[k] || (scan.all[k] ? (v & b) === b : (v & b) !== 0)) found |= 1 << k;
  }
  return found;
}

/** The most a person can score when each of their values misses some query word (see ScanFor). */
export const PARTIAL_PERSON_MAX = 0.475 + 0.03 * (FIELDS.length - 1);

/**
 * scoreContact over a block: the score (rounded like scoreContact's), and
 * which value of each matched field matched best; null when nothing
 * matches. With `scan`, also marks in `scan.found[blockIndex]` which other queries
 * may match this block.
 */
export function scoreTerms(block: Block, tq: TermQuery, weights: Record<Field, number>, scan?: ScanFor, blockIndex = 0): { score: number; matches: TermMatch[] } | null {
  const scoring = tq.query.words.length > 0;
  let best = 0;
  const matches: TermMatch[] = [];
  let field = -1;
  let index = 0;
  let fieldBest = 0;
  let bestValue = -1;
  let found = 0;
  const close = () => {
    if (field < 0 || fieldBest === 0) return;
    matches.push([field, bestValue]);
    best = Math.max(best, fieldBest * weights[FIELDS[field]!]);
  };
  for (let at = 0; at < block.length; ) {
    const head = block[at]!;
    const f = head & 7;
    const count = head >>> 4;
    if (f !== field) {
      close();
      field = f;
      index = 0;
      fieldBest = 0;
      bestValue = -1;
    }
    let can: boolean;
    if (scan && !scan.within) {
      const v = bitsOfValue(scan.mask, block, at + 1, count);
      can = (v & scan.own) !== 0 || (tq.acronym > 0 && count === tq.acronym);
      found |= foundIn(scan, v, count);
    } else {
      can = tq.canScore(block, at + 1, count);
      if (can && scan) found |= foundIn(scan, bitsOfValue(scan.mask, block, at + 1, count), count);
    }
    const s = scoring && can ? tq.valueScore(block, at + 1, count, (head & 8) !== 0) : 0;
    if (s > fieldBest) {
      fieldBest = s;
      bestValue = index;
    }
    index++;
    at += 1 + count;
  }
  close();
  if (scan) scan.found[blockIndex] = found;
  const score = scoring ? personScore(best, matches.length) : null;
  return score === null ? null : { score, matches };
}

/** The WhoRow of a contact scored by scoreTerms: the matched values' text, read from the contact. */
export function termRow(c: Contact, scored: { score: number; matches: TermMatch[] }): WhoRow {
  const matches: WhoMatch[] = scored.matches.map(([f, k]) => {
    const field = FIELDS[f]!;
    return { field, value: fieldValues(c, field)[k]! };
  });
  return { slug: c.slug, name: c.name, score: scored.score, matches };
}
