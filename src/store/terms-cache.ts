/**
 * `.pln/cache/terms`: every contact's searchable values as word ids (see
 * src/index/terms.ts), kept next to the index cache so that `who` reads one
 * file instead of folding every note and log line of the network again.
 * Like the index cache it is machine-local and never trusted blindly: each
 * block is keyed by its file's path, size, mtime and inode, a block of a
 * file changed (or changed too recently to tell) is encoded again, and a
 * file that is missing, truncated, from another build or fails its checksum
 * is ignored and rebuilt. Results are the same with and without it.
 *
 *     pln-terms FORMAT HEADER_LENGTH HEADER_CRC32\n
 *     {"build", "writtenAt", "width", "vocab": [words], "files": [[rel, size, mtimeMs, ino, ctimeMs, offset, length]], "crc": of the blocks}
 *     the blocks: little-endian words of `width` bytes (2 while every id and
 *     value header fits, else 4), `length` of them per file from `offset`
 */
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Contact } from '../domain/contact.js';
import type { FileStamp, Network } from '../index/network.js';
import { encodeTerms, PARTIAL_PERSON_MAX, scoreTerms, termRow, TermQuery, Vocab, type Block, type ScanFor, type TermMatch } from '../index/terms.js';
import type { Ask } from '../index/synonyms.js';
import { FIELD_WEIGHTS, FIELDS, Query, whoKnows, type Field, type WhoRow } from '../index/who.js';
import { ALL_TIERS, ascii, cacheBuild, LITTLE_ENDIAN, RACY_MS, replaceCacheFile, swap32, writeAll, type Tier } from './cache.js';
import { readCacheBytes } from './bounded.js';

/** The tiers holding the fields `who` reads (name and tags are core). */
export const TERM_TIERS: readonly Tier[] = ['profile', 'notes', 'log'];

/** The tier of each field `who` reads (null: a core field); name matches may be aliases (profile). */
const FIELD_TIER: Record<Field, Tier | null> = {
  expertise: 'profile',
  tags: null,
  role: 'profile',
  company: 'profile',
  past_companies: 'profile',
  notes: 'notes',
  log: 'log',
  name: 'profile',
};

const FORMAT = 1;
export const TERMS_PATH = '.pln/cache/terms';

type FileRow = [rel: string, size: number, mtimeMs: number, ino: number, ctimeMs: number, offset: number, length: number];

interface Header {
  build: string;
  writtenAt: number;
  width: 2 | 4;
  vocab: string[];
  files: FileRow[];
  crc: number;
}

interface TermsFile {
  header: Header;
  blob: Block;
}

const HEAD_RE = /^pln-terms (\d+) (\d+) (\d+)\n/;

/** The terms file of a network, checked; null when absent or not to be trusted. */
function readTerms(file: string): TermsFile | null {
  let buf: Buffer;
  try {
    const bytes = readCacheBytes(file);
    if (bytes === null) return null;
    buf = bytes;
  } catch {
    return null;
  }
  try {
    const m = HEAD_RE.exec(buf.toString('latin1', 0, Math.min(buf.length, 60)));
    if (!m || Number(m[1]) !== FORMAT) return null;
    const start = m[0].length;
    const end = start + Number(m[2]);
    if (end > buf.length) return null;
    if (crc32(buf.subarray(start, end)) !== Number(m[3])) return null;
    const header = JSON.parse(buf.toString('latin1', start, end)) as Header;
    if (!isHeader(header) || header.build !== cacheBuild()) return null;
    const bytes = buf.subarray(end);
    if (crc32(bytes) !== header.crc) return null;
    if (bytes.length % header.width !== 0) return null;
    // The header is padded so that the blocks start on a 4-byte boundary: a
    // view, no copy (a Buffer from the pool may start anywhere: then a copy).
    const n = bytes.length / header.width;
    let blob: Block;
    if (bytes.byteOffset % header.width === 0) blob = header.width === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, n) : new Uint32Array(bytes.buffer, bytes.byteOffset, n);
    else {
      blob = header.width === 2 ? new Uint16Array(n) : new Uint32Array(n);
      Buffer.from(blob.buffer).set(bytes);
    }
    if (!LITTLE_ENDIAN) swapWords(blob);
    for (const f of header.files) if (f[5] + f[6] > blob.length) return null;
    return { header, blob };
  } catch {
    return null;
  }
}

/** Byte order swapped in place (the file is little-endian). */
function swapWords(blob: Block): void {
  if (blob instanceof Uint16Array) for (let i = 0; i < blob.length; i++) blob[i] = ((blob[i]! & 0xff) << 8) | (blob[i]! >>> 8);
  else for (let i = 0; i < blob.length; i++) blob[i] = swap32(blob[i]!);
}

function isHeader(h: unknown): h is Header {
  const x = h as Header;
  if (typeof x !== 'object' || x === null || typeof x.build !== 'string' || typeof x.writtenAt !== 'number' || typeof x.crc !== 'number') return false;
  if (x.width !== 2 && x.width !== 4) return false;
  if (!Array.isArray(x.vocab) || !Array.isArray(x.files)) return false;
  // Loops rather than every() and closures: this runs over every word and file of a network.
  for (let i = 0; i < x.vocab.length; i++) if (typeof x.vocab[i] !== 'string') return false;
  const files = x.files as unknown[];
  for (let i = 0; i < files.length; i++) {
    const f = files[i] as unknown[];
    if (!Array.isArray(f) || f.length !== 7 || typeof f[0] !== 'string') return false;
    for (let k = 1; k < 7; k++) {
      const n = f[k];
      if (typeof n !== 'number' || !(n >= 0) || !Number.isFinite(n)) return false;
    }
  }
  return true;
}

/** Writes a terms file atomically; a read-only folder or a full disk just means no file. */
function writeTerms(file: string, vocab: Vocab, rows: { rel: string; stamp: [number, number, number, number]; block: Block }[], writtenAt: number): void {
  const files: FileRow[] = [];
  let total = 0;
  let max = vocab.words.length - 1;
  for (const r of rows) {
    files.push([r.rel, ...r.stamp, total, r.block.length]);
    total += r.block.length;
    for (let i = 0; i < r.block.length; i++) if (r.block[i]! > max) max = r.block[i]!;
  }
  const width = max < 0x10000 ? 2 : 4;
  const blob = width === 2 ? new Uint16Array(total) : new Uint32Array(total);
  for (let i = 0, at = 0; i < rows.length; at += rows[i]!.block.length, i++) blob.set(rows[i]!.block, at);
  if (!LITTLE_ENDIAN) swapWords(blob);
  const bytes = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  let header = ascii(JSON.stringify({ build: cacheBuild(), writtenAt, width, vocab: vocab.words, files, crc: crc32(bytes) } satisfies Header));
  // Spaces after the JSON until the blocks start on a 4-byte boundary (then
  // they are read without a copy; unaligned ones are read too, with one).
  // The checksum has ten digits: the first line's length does not depend on it.
  const firstLength = (p: number) => `pln-terms ${FORMAT} ${header.length + p} 0000000000\n`.length;
  let pad = 0;
  while (pad < 8 && (firstLength(pad) + header.length + pad) % 4 !== 0) pad++;
  if (pad === 8) pad = 0;
  header += ' '.repeat(pad);
  const first = `pln-terms ${FORMAT} ${header.length} ${String(crc32(header)).padStart(10, '0')}\n`;
  replaceCacheFile(file, (fd) => {
    writeAll(fd, Buffer.from(first + header, 'latin1'));
    writeAll(fd, bytes);
    return true;
  });
}

/**
 * The vocabulary without the words no block uses any more (those of notes
 * since rewritten), when they have come to outnumber the rest; the blocks
 * are renumbered in place.
 */
function compact(vocab: Vocab, rows: { block: Block }[]): Vocab {
  const used = new Uint8Array(vocab.words.length);
  let count = 0;
  for (const { block } of rows) {
    for (let at = 0; at < block.length; ) {
      const n = block[at]! >>> 4;
      for (let j = at + 1; j <= at + n; j++) {
        const id = block[j]!;
        if (used[id] === 0) {
          used[id] = 1;
          count++;
        }
      }
      at += 1 + n;
    }
  }
  if (vocab.words.length <= 2 * count + 10_000) return vocab;
  const renumber = new Uint32Array(vocab.words.length);
  const words: string[] = [];
  vocab.words.forEach((w, id) => {
    if (used[id]) {
      renumber[id] = words.length;
      words.push(w);
    }
  });
  for (const row of rows) {
    // Blocks may be views of the file read: renumber a copy.
    const block = Uint32Array.from(row.block);
    for (let at = 0; at < block.length; ) {
      const n = block[at]! >>> 4;
      for (let j = at + 1; j <= at + n; j++) block[j] = renumber[block[j]!]!;
      at += 1 + n;
    }
    row.block = block;
  }
  return new Vocab(words);
}

/** What the terms index needs of the store. */
export interface TermsSource {
  /** Each contact file's size, mtime and inode as listed; null without the index cache (then no terms file either). */
  files: (() => readonly (FileStamp & { rel: string })[]) | null;
  /** When the load started. */
  startedAt: number;
  /** Fills in tier fields of some contacts (see Store.fill). */
  fill: (contacts: readonly Contact[], tiers: readonly Tier[]) => void;
  /** Runs a write when the command is done (see Store.flush). */
  later: (write: () => void) => void;
  weights?: Record<Field, number>;
}

/** Every contact's block of word ids, in the order of `net.contacts`, over one vocabulary. */
export interface TermsIndex {
  vocab: Vocab;
  blocks: { rel: string; stamp: [number, number, number, number]; block: Block }[];
}

/**
 * The blocks of the network read: from the terms file where it has them
 * unchanged, encoded anew otherwise (then the file is written when the
 * command is done). Null without the index cache (no stamps to key blocks
 * by): then `who` scores the contacts themselves.
 */
export function termsIndex(net: Network, source: TermsSource): TermsIndex | null {
  if (!source.files) return null;
  const file = path.join(net.dir, TERMS_PATH);
  const old = readTerms(file);
  const fresh = !old;
  const vocab = new Vocab(fresh ? [] : old.header.vocab);
  const known = inOrder(fresh ? [] : old.header.files, (f) => f[0]);
  const trustedBefore = fresh ? 0 : old.header.writtenAt - RACY_MS;

  const files = inOrder(source.files(), (e) => e.rel);
  let changed = fresh || old.header.files.length !== net.contacts.length;
  const rows: { rel: string; stamp: [number, number, number, number]; block: Block | null }[] = [];
  const encode: number[] = [];
  net.contacts.forEach((c, i) => {
    const s = files(c.file);
    const stamp: [number, number, number, number] = s ? [s.size, s.mtimeMs, s.ino, s.ctimeMs] : [0, 0, 0, 0];
    const f = known(c.file);
    let block: Block | null = null;
    if (s && f && f[1] === s.size && f[2] === s.mtimeMs && f[3] === s.ino && f[4] === s.ctimeMs && s.mtimeMs < trustedBefore) {
      block = old!.blob.subarray(f[5], f[5] + f[6]);
    } else {
      encode.push(i);
      changed = true;
    }
    rows.push({ rel: c.file, stamp, block });
  });
  if (encode.length > 0) {
    source.fill(
      encode.map((i) => net.contacts[i]!),
      TERM_TIERS,
    );
    for (const i of encode) rows[i]!.block = encodeTerms(net.contacts[i]!, vocab);
  }
  const blocks = rows as TermsIndex['blocks'];
  if (changed) source.later(() => writeTerms(file, compact(vocab, blocks), blocks, source.startedAt));
  return { vocab, blocks };
}

/**
 * scoreIndexed of several queries (the spellings of one topic) with one
 * pass over every block: the first query scores them all, and marks on the
 * way which blocks each other query can match in (see ScanFor); each other
 * query then scores only those. A spelling that holds the first query's one
 * word (`rust lang` for `rust`) and asks for a good match needs all its
 * words in one value, so only the values that matched that word are looked
 * at for it; when every other spelling is such a one, the pass looks at
 * nothing more.
 */
export function scoreIndexedAll(net: Network, index: TermsIndex | null, asks: readonly Ask[], source: TermsSource): WhoRow[][] {
  const many = () => asks.map((a) => scoreIndexed(net, index, a.query, source, a.minScore));
  if (!index || asks.length < 2) return many();
  const weights = source.weights ?? FIELD_WEIGHTS;
  const queries = asks.map((a) => new TermQuery(new Query(a.query), index.vocab));
  const q0 = queries[0]!;
  const word0 = q0.query.words.length === 1 ? q0.query.words[0]! : null;
  const good = (k: number) => asks[k]!.minScore - 0.001 > PARTIAL_PERSON_MAX;
  // What each other spelling scores: the blocks the pass marks for it, the first query's matches, or nothing.
  const how = queries.map((tq, k) => {
    if (k === 0 || !tq.canMatch()) return 'none';
    const holdsWord0 = word0 !== null && tq.query.words.includes(word0);
    return holdsWord0 && !good(k) ? 'first' : holdsWord0 ? 'within' : 'scan';
  });
  const scanned = how.flatMap((h, k) => (h === 'scan' || h === 'within' ? [k] : []));
  let scan: ScanFor | undefined;
  if (scanned.length > 0) {
    // A bit for each distinct query word; past 32 of them, one pass per query.
    const bitOf = new Map<string, number>();
    for (const k of [0, ...scanned]) for (const w of queries[k]!.query.words) if (!bitOf.has(w)) bitOf.set(w, bitOf.size);
    if (bitOf.size > 32) return many();
    const mask = new Uint32Array(index.vocab.words.length);
    for (const k of [0, ...scanned]) queries[k]!.query.words.forEach((w, i) => queries[k]!.markWord(i, (1 << bitOf.get(w)!) >>> 0, mask));
    const bitsOf = (tq: TermQuery) => tq.query.words.reduce((bits, w) => (bits | (1 << bitOf.get(w)!)) >>> 0, 0);
    scan = {
      mask,
      own: bitsOf(q0),
      bits: scanned.map((k) => bitsOf(queries[k]!)),
      all: scanned.map(good),
      acronym: scanned.map((k) => (queries[k]!.acronym > 0 ? queries[k]!.acronym : -1)),
      found: new Uint32Array(net.contacts.length),
      within: scanned.every((k) => how[k] === 'within'),
    };
  }
  const first = q0.canMatch() || scan ? scoreBlocks(index, q0, weights, asks[0]!.minScore, everyone(net), scan) : [];
  return queries.map((tq, k) => {
    if (k === 0) return rowsOf(net, first, source);
    const h = how[k];
    if (h === 'none') return [];
    const at = h === 'first' ? first.map(([i]) => i) : marked(scan!.found, 1 << scanned.indexOf(k));
    return rowsOf(net, scoreBlocks(index, tq, weights, asks[k]!.minScore, at), source);
  });
}

/** The indexes of every contact of a network. */
function everyone(net: Network): number[] {
  return net.contacts.map((_, i) => i);
}

/**
 * scoreTerms of the blocks at `at` (with `scan`, marking what it finds
 * for other queries): those scoring at least `minScore`.
 */
function scoreBlocks(index: TermsIndex, tq: TermQuery, weights: Record<Field, number>, minScore: number, at: readonly number[], scan?: ScanFor): Hit[] {
  const hits: Hit[] = [];
  for (const i of at) {
    const scored = scoreTerms(index.blocks[i]!.block, tq, weights, scan, i);
    if (scored && scored.score >= minScore) hits.push([i, scored]);
  }
  return hits;
}

/** The indexes whose `found` has `bit`. */
function marked(found: Uint32Array, bit: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < found.length; i++) if ((found[i]! & bit) !== 0) out.push(i);
  return out;
}

/** A scored block: its index in the network's contacts, and what scoreTerms gave. */
type Hit = [number, { score: number; matches: TermMatch[] }];

/**
 * Finds items by key, asked for in about their own order (the contacts of a
 * network, as listed and as last written): a pointer walks forward, and a
 * map is made only when a key is not the next one (a key held twice, which
 * only a damaged file can do, may then be found at either place).
 */
function inOrder<T>(items: readonly T[], key: (item: T) => string): (k: string) => T | undefined {
  let next = 0;
  let map: Map<string, T> | undefined;
  return (k) => {
    if (!map) {
      const item = items[next];
      if (item !== undefined && key(item) === k && (next + 1 >= items.length || key(items[next + 1]!) !== k)) {
        next++;
        return item;
      }
      map = new Map(items.map((t) => [key(t), t]));
    }
    return map.get(k);
  };
}

/** Who knows a topic, over an index of the network (the contacts themselves when null): the rows scoring at least `minScore`, their matched fields filled in. */
export function scoreIndexed(net: Network, index: TermsIndex | null, query: string, source: TermsSource, minScore = 0): WhoRow[] {
  const weights = source.weights ?? FIELD_WEIGHTS;
  if (!index) {
    source.fill(net.contacts, ALL_TIERS);
    return whoKnows(net.contacts, query, weights).filter((r) => r.score >= minScore);
  }
  // Every word is in the vocabulary: the query is compared with each once.
  const tq = new TermQuery(new Query(query), index.vocab);
  if (!tq.canMatch()) return [];
  return rowsOf(net, scoreBlocks(index, tq, weights, minScore, everyone(net)), source);
}

/** The rows of scored contacts, each match's value read from its field: only the tiers of the fields that matched are read. */
function rowsOf(net: Network, hits: readonly Hit[], source: TermsSource): WhoRow[] {
  const byTier = new Map<Tier, Contact[]>();
  for (const [i, scored] of hits) {
    const c = net.contacts[i]!;
    for (const [f] of scored.matches) {
      const tier = FIELD_TIER[FIELDS[f]!];
      if (tier === null) continue;
      let list = byTier.get(tier);
      if (!list) byTier.set(tier, (list = []));
      if (list.at(-1) !== c) list.push(c);
    }
  }
  for (const [tier, contacts] of byTier) source.fill(contacts, [tier]);
  return hits.map(([i, scored]) => termRow(net.contacts[i]!, scored));
}
