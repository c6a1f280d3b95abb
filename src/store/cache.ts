/**
 * The machine-local index cache, `.pln/cache/index`: each contact file's
 * parse result, keyed by path, size, mtime and inode, so that an unchanged
 * network is answered from one cache read plus a folder walk and `stat`
 * calls. A changed, new or racily-clean file is parsed again; a cache that is
 * missing, truncated, corrupt, from another build or unreadable is ignored
 * and rebuilt, never trusted; a cache that cannot be written (a read-only
 * folder) just means no cache. Results are the same with and without it.
 *
 * The file is ASCII (JSON with non-ASCII escaped), in sections:
 *
 *     pln-cache FORMAT HEADER_LENGTH\n
 *     {"build": ..., "layout": ..., "sections": {"meta": [offset, length, crc32], ...}}
 *     meta    settings text and parsed settings, folder listings
 *     files   one line per contact file: key, problems, the core fields
 *     profile, log, notes, more, raw   one line per file: the fields of that tier
 *
 * Commands like `due` and `list` need only the core fields. Contacts are
 * plain objects with every field; a tier's fields stay undefined until the
 * caller asks for that tier (Store.network, Store.fill), and are then read
 * from the same open file, so always the same snapshot. A tier that no
 * command has needed yet is not written, which keeps the first run after a
 * change cheap.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import type { Contact, Problem } from '../domain/contact.js';
import type { ParseResult } from '../file/parse.js';
import type { FileEntry, FolderListing } from './folder.js';
import { MAX_CACHE_BYTES, OPEN_CHECKED } from './bounded.js';
import { ensureLocalState } from './local-state.js';

declare const __PLN_CACHE_KEY__: string;

/** Changes whenever the format of this file changes. */
const FORMAT = 1;
/**
 * The build that wrote a cache: the bundle defines a hash of the sources, so
 * a cache written by another version of the parser is never read. Run from
 * the sources (tsx, vitest), every version is "source": after changing the
 * parser there, delete `.pln/cache` of a network you reuse.
 */
const BUILD = typeof __PLN_CACHE_KEY__ === 'string' ? __PLN_CACHE_KEY__ : 'source';

/** The build key caches are written with (other caches derived from contacts check it too). */
export function cacheBuild(): string {
  return BUILD;
}

/** Where the cache lives, relative to the network folder. */
export const CACHE_PATH = '.pln/cache/index';

/**
 * A file whose mtime is this close to the time we read it may change again
 * within the same timestamp tick (coarse clocks; 1-2 s on HFS+ and FAT):
 * its record is kept but always checked by parsing the file again.
 */
export const RACY_MS = 2000;

/**
 * Contact fields read lazily, by tier; every other field is in the core
 * (what `due` reads: slug, name, tags, cadence and dates). `list` and name
 * resolution read `profile` too, `who` also `log` and `notes`.
 */
const TIERS: Record<string, readonly string[]> = {
  profile: ['aliases', 'expertise', 'company', 'role', 'pastCompanies'],
  log: ['log'],
  notes: ['notes'],
  more: ['location', 'emails', 'phones', 'links', 'introducedBy', 'knows', 'birthday', 'followups'],
  raw: ['frontmatter', 'keyLines'],
};
const TIER_NAMES = Object.keys(TIERS);
/** Fields whose objects have no prototype (a `__proto__` key is plain data), by depth. */
const NULL_PROTO: Record<string, 'flat' | 'deep'> = { links: 'flat', keyLines: 'flat', frontmatter: 'deep' };

/** What the cache keeps of `pln.yml`: its text and what parsing it gave. */
export interface CachedSettings {
  text: string | null;
  value: unknown;
}

interface Layout {
  /** Every contact field, in the order the parser creates them. */
  order: string[];
  /** The core fields (all but the tiers'), stored in each file record. */
  core: string[];
  tiers: Record<string, string[]>;
}

interface Header {
  build: string;
  layout: Layout | null;
  sections: Record<string, [number, number, number]>;
}

interface Meta {
  settings: CachedSettings | null;
  folders: FolderListing[];
}

/** One line of the `files` section (slugKey 0: the same as the slug). */
type FileRecord = [rel: string, size: number, mtimeMs: number, ino: number, racy: 0 | 1, slugKey: string | 0, problems: [number, string, string][], core: unknown[] | null, ctimeMs: number];

// ---- reading -----------------------------------------------------------------

/** An open cache file: the descriptor stays open so that every section comes from one snapshot. */
class CacheFile {
  constructor(
    private readonly fd: number,
    readonly header: Header,
    private readonly dataStart: number,
  ) {}

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // Closed already.
    }
  }

  /** A section's text (read anew each time: callers keep what they need), or null when absent or damaged. */
  section(name: string): string | null {
    const buf = this.bytes(name);
    return buf && crc32(buf) === this.header.sections[name]![2] ? buf.toString('latin1') : null;
  }

  /**
   * Reads the bytes [start, end) of a section into `window`, unchecked (the
   * caller checks them against their own checksum). The window holds the
   * bytes read last and is moved forward as needed: rows read in order come
   * a window at a time, and a large section is never read whole. Returns
   * where the bytes start in `window.buf`, or -1 when they are out of range
   * or cannot be read.
   */
  readInto(window: ReadWindow, name: string, start: number, end: number): number {
    const s = this.header.sections[name];
    if (!s || start < 0 || end > s[1] || start > end) return -1;
    if (window.name !== name || start < window.from || end > window.to) {
      if (end - start > window.buf.length) window.buf = Buffer.allocUnsafe(end - start);
      const got = this.read(window.buf, Math.min(window.buf.length, s[1] - start), s[0] + start);
      window.name = name;
      window.from = start;
      window.to = start + got;
      if (end > window.to) return -1;
    }
    return start - window.from;
  }

  /** Reads up to `length` bytes from `position` (after the header) into `buf`; how many it got (0 on an error). */
  private read(buf: Buffer, length: number, position: number): number {
    let got = 0;
    try {
      while (got < length) {
        const n = fs.readSync(this.fd, buf, got, length - got, this.dataStart + position + got);
        if (n <= 0) break;
        got += n;
      }
    } catch {
      return 0;
    }
    return got;
  }

  /** Whether the cache has a section. */
  has(name: string): boolean {
    return this.header.sections[name] !== undefined;
  }

  /**
   * A section's bytes, unchecked: for a tier read row by row, each row
   * checked against its own checksum. Null when absent or unreadable.
   */
  bytes(name: string): Buffer | null {
    const s = this.header.sections[name];
    if (!s) return null;
    const buf = Buffer.allocUnsafe(s[1]);
    return this.read(buf, s[1], s[0]) === s[1] ? buf : null;
  }
}

const HEAD_RE = /^pln-cache (\d+) (\d+)\n/;

/** Opens and checks a cache file; null when it is absent or not one we can trust. */
function openCacheFile(file: string): CacheFile | null {
  let fd: number;
  try {
    // Never blocks on a FIFO, never follows a link.
    fd = fs.openSync(file, OPEN_CHECKED);
  } catch {
    return null;
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > MAX_CACHE_BYTES) throw new Error('not a cache file');
    const head = Buffer.allocUnsafe(64 * 1024);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const m = HEAD_RE.exec(head.toString('latin1', 0, Math.min(n, 40)));
    if (!m || Number(m[1]) !== FORMAT) throw new Error('not a cache of this format');
    const headerStart = m[0].length;
    const headerLength = Number(m[2]);
    let headerBuf = head.subarray(headerStart, headerStart + headerLength);
    if (headerStart + headerLength > n) {
      headerBuf = Buffer.allocUnsafe(headerLength);
      if (fs.readSync(fd, headerBuf, 0, headerLength, headerStart) !== headerLength) throw new Error('truncated');
    }
    const header = JSON.parse(headerBuf.toString('latin1')) as Header;
    if (!isHeader(header) || header.build !== BUILD) throw new Error('another build');
    // The length guard: the sections must end exactly where the file does.
    const dataStart = headerStart + headerLength;
    const end = Math.max(0, ...Object.values(header.sections).map(([o, l]) => o + l));
    if (fs.fstatSync(fd).size !== dataStart + end) throw new Error('truncated or extended');
    return new CacheFile(fd, header, dataStart);
  } catch {
    fs.closeSync(fd);
    return null;
  }
}

function isHeader(h: unknown): h is Header {
  if (typeof h !== 'object' || h === null) return false;
  const x = h as Header;
  if (typeof x.build !== 'string' || typeof x.sections !== 'object' || x.sections === null) return false;
  for (const s of Object.values(x.sections)) {
    if (!Array.isArray(s) || s.length !== 3 || !s.every((v) => Number.isSafeInteger(v) && v >= 0)) return false;
  }
  if (x.layout !== null) {
    const l = x.layout;
    if (!Array.isArray(l?.order) || !Array.isArray(l.core) || typeof l.tiers !== 'object' || l.tiers === null) return false;
    const known = new Set([...l.core, ...Object.values(l.tiers).flat()]);
    if (l.order.length !== known.size || !l.order.every((k) => typeof k === 'string' && known.has(k))) return false;
  }
  return true;
}

function isFileRecord(r: unknown, core: number): r is FileRecord {
  // Indexes rather than destructuring: this runs for every file of a network, at every start.
  if (!Array.isArray(r) || r.length !== 9) return false;
  const racy = r[4];
  const slugKey = r[5];
  const problems = r[6];
  const fields = r[7];
  if (typeof r[0] !== 'string' || typeof r[1] !== 'number' || typeof r[2] !== 'number' || typeof r[3] !== 'number' || typeof r[8] !== 'number') return false;
  if ((racy !== 0 && racy !== 1) || (typeof slugKey !== 'string' && slugKey !== 0)) return false;
  if (!Array.isArray(problems)) return false;
  for (const p of problems) if (!Array.isArray(p) || p.length !== 3 || typeof p[0] !== 'number' || typeof p[1] !== 'string' || (p[2] !== 'error' && p[2] !== 'warning')) return false;
  return fields === null || (Array.isArray(fields) && fields.length === core);
}

/**
 * The lines of a lines section: a JSON array with one element per line
 * (`[`, the lines joined by `,` and a line break, `]`), so that lines can be
 * copied without parsing them. SectionWriter.lines writes them.
 */
function splitLines(text: string): string[] {
  return text === '[]' ? [] : text.slice(2, -2).split(',\n');
}

/** The section holding where each line of a tier is, its length and checksum. */
function rowIndexName(tier: string): string {
  return `${tier}#rows`;
}

// ---- contacts read from the cache -----------------------------------------------

/**
 * Tier names, for callers that say up front which fields they will read
 * (see NetworkCache.loadContacts and fill).
 */
export type Tier = 'profile' | 'log' | 'notes' | 'more' | 'raw';
export const ALL_TIERS: readonly Tier[] = TIER_NAMES as Tier[];

/** Gives objects of a null-prototype field their null prototype back, after JSON. */
function reviveNullProto(value: unknown, deep: boolean): unknown {
  if (Array.isArray(value)) return deep ? value.map((v) => reviveNullProto(v, true)) : value;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(value)) out[k] = deep ? reviveNullProto(v, true) : v;
  return out;
}

/** The problems of a file that has none: one shared, frozen array. */
const NO_PROBLEMS: Problem[] = Object.freeze([]) as unknown as Problem[];

// ---- one load ----------------------------------------------------------------------

/** A piece of a section read into memory (see CacheFile.readInto). */
interface ReadWindow {
  buf: Buffer;
  name: string;
  from: number;
  to: number;
}

/** What one `loadContacts` call needs from its caller. */
export interface LoadHooks {
  /**
   * Parses one listed file (the cache calls this for every file it cannot
   * answer); `lean` when only its core fields and problems will be kept.
   */
  parse(entry: FileEntry, lean?: boolean): ParseResult;
  /** The key slugs are compared by for uniqueness. */
  slugKey(slug: string): string;
}

/** A contact file's result, with its slug key (null when it gave no contact). */
export interface LoadedFile {
  result: ParseResult;
  slugKey: string | null;
}

/**
 * Above this many files parsed in one load (a first run, a cache thrown
 * away), only their core fields are kept: a command that reads a tier field
 * parses that file again. Keeping every parse result of a big network would
 * take several times the memory of the network itself (about 14 KB a person),
 * and the time the garbage collector spends copying it.
 */
const KEEP_PARSED = 200;

/**
 * The cache of one network in this process: the cache file it was read
 * from, and the latest load, which is written back at the end of the run when it differs.
 */
class NetworkCache {
  private file: CacheFile | null | undefined;
  private meta: Meta | null | undefined;
  private records: FileRecord[] | null | undefined;
  private readonly lineCache = new Map<string, string[] | null>();
  private load: Load | null = null;
  /** The settings to write with the cache: read from it, or parsed in this run. */
  private settings: CachedSettings | null | undefined;
  private settingsChanged = false;

  constructor(readonly dir: string) {}

  private open(): CacheFile | null {
    if (this.file === undefined) this.file = openCacheFile(path.join(this.dir, CACHE_PATH));
    return this.file;
  }

  /** The layout of the cache read (null: none, or no contact in it). */
  get layout(): Layout | null {
    return this.readMeta() ? (this.file?.header.layout ?? null) : null;
  }

  /** The meta section, parsed and checked; null when there is no usable cache. */
  private readMeta(): Meta | null {
    if (this.meta !== undefined) return this.meta;
    this.meta = null;
    const text = this.open()?.section('meta');
    if (text) {
      try {
        const m = JSON.parse(text) as Meta;
        if (typeof m === 'object' && m !== null && Array.isArray(m.folders) && m.folders.every(isListing)) this.meta = m;
      } catch {
        this.meta = null;
      }
    }
    if (this.meta === null) {
      this.file?.close();
      this.file = null;
    }
    return this.meta;
  }

  /** The value parsed from exactly this `pln.yml` text by an earlier run, if cached. */
  cachedSettings(text: string | null): unknown | undefined {
    if (this.settings === undefined) this.settings = this.readMeta()?.settings ?? null;
    const s = this.settings;
    if (s && s.text === text) return s.value;
    return undefined;
  }

  /** Remembers freshly parsed settings, to be written with the cache. */
  rememberSettings(text: string | null, value: unknown): void {
    this.settings = { text, value };
    this.settingsChanged = true;
  }

  /** Folder listings from the cache, by folder path. */
  folders(): Map<string, FolderListing> {
    return new Map((this.readMeta()?.folders ?? []).map((f) => [f.rel, f]));
  }

  /** The cached file records (empty without a usable cache). */
  readRecords(): FileRecord[] {
    if (this.records !== undefined) return this.records ?? [];
    this.records = null;
    const layout = this.layout;
    const text = this.readMeta() ? this.file?.section('files') : null;
    if (text) {
      try {
        const records = JSON.parse(text) as unknown[];
        const core = layout ? layout.core.length : -1;
        let valid = Array.isArray(records);
        for (let i = 0; valid && i < records.length; i++) valid = isFileRecord(records[i], core);
        if (valid) this.records = records as FileRecord[];
      } catch {
        this.records = null;
      }
    }
    return this.records ?? [];
  }

  /** A section of the cache read, checked; null when absent or damaged. */
  oldSection(name: string): string | null {
    return this.readMeta() ? (this.file?.section(name) ?? null) : null;
  }

  /** Whether the cache read has a tier's rows (each checked when read). */
  hasTier(name: string): boolean {
    return this.readMeta() !== null && (this.file?.has(name) ?? false);
  }

  /**
   * Record `k`'s line of a tier in the cache read, read alone through the
   * tier's row index (offset, length and checksum of each line) when it has
   * one, so that a command needing a few rows does not read them all; null
   * when absent or damaged.
   */
  oldRow(name: string, k: number): string | null {
    const rows = this.rowIndex(name);
    if (!rows) return this.oldLines(name)?.[k] ?? null;
    let window = this.rowWindows.get(name);
    if (!window) {
      window = { buf: Buffer.allocUnsafe(64 * 1024), name: '', from: 0, to: 0 };
      this.rowWindows.set(name, window);
    }
    const start = rows[3 * k]!;
    const length = rows[3 * k + 1]!;
    const at = this.file!.readInto(window, name, start, start + length);
    if (at < 0) return null;
    const line = window.buf.toString('latin1', at, at + length);
    // The cache is ASCII: the checksum of the text is that of its bytes.
    return crc32(line) === rows[3 * k + 2] ? line : null;
  }

  /** By tier: the last bytes read of it, for rows read one by one (rows near each other come in one read). */
  private readonly rowWindows = new Map<string, ReadWindow>();

  /** A tier's row index in the cache read (offset, length and CRC-32 of each line, flat), read once; null when absent or damaged. */
  private rowIndex(name: string): Uint32Array | null {
    if (!this.rowIndexes.has(name)) this.rowIndexes.set(name, this.readRowIndex(name));
    return this.rowIndexes.get(name)!;
  }

  private readonly rowIndexes = new Map<string, Uint32Array | null>();

  private readRowIndex(name: string): Uint32Array | null {
    if (!this.readMeta() || !this.file) return null;
    const bytes = this.file.bytes(rowIndexName(name));
    if (!bytes || bytes.length !== 12 * this.readRecords().length || crc32(bytes) !== this.file.header.sections[rowIndexName(name)]![2]) return null;
    // Offsets, lengths and checksums, 32-bit little-endian; each row read is checked against its section's bounds and its checksum.
    const index = new Uint32Array(bytes.length / 4);
    Buffer.from(index.buffer).set(bytes);
    if (!LITTLE_ENDIAN) for (let i = 0; i < index.length; i++) index[i] = swap32(index[i]!);
    return index;
  }

  /** The lines of a section of the cache read, split once; null when absent. */
  oldLines(name: string): string[] | null {
    if (!this.lineCache.has(name)) {
      const text = this.readMeta() ? this.file?.section(name) : null;
      const lines = text ? splitLines(text) : null;
      this.lineCache.set(name, lines && lines.length === this.readRecords().length ? lines : null);
    }
    return this.lineCache.get(name)!;
  }

  /** The results for listed files: from the cache where it has them unchanged, parsed otherwise. */
  loadContacts(entries: FileEntry[], folders: FolderListing[], startedAt: number, hooks: LoadHooks, wanted: readonly Tier[] = []): LoadedFile[] {
    const records = this.readRecords();
    const load = new Load(this, entries, folders, startedAt, hooks, this.layout, wanted);
    const out = load.run(records);
    if (this.settingsChanged || !sameFolders(folders, this.readMeta()?.folders ?? [])) load.dirty = true;
    this.load = load;
    return out;
  }

  /** Fills in the fields of these tiers of contacts of the latest load (see Load.fill). */
  fill(contacts: readonly Contact[], tiers: readonly Tier[]): void {
    this.load?.fill(contacts, tiers);
  }

  /** Writes the latest load back when it changed anything; never fails. */
  flush(): void {
    const load = this.load;
    if (!load?.needsWrite()) return;
    replaceCacheFile(path.join(this.dir, CACHE_PATH), (fd) => load.writeTo(fd, this.settings ?? null));
    this.load = null;
  }

  /** Lets go of the cache file read (after flush: its rows may be copied from it). */
  close(): void {
    this.file?.close();
    this.file = null;
  }

  /**
   * The bytes of a tier's section in the cache read and where each line is
   * (offset, length, CRC-32), for copying unchanged rows into the next cache
   * without decoding them; null when it has no row index.
   */
  oldTierRows(name: string): { read: (start: number, end: number) => number; window: ReadWindow; index: Uint32Array } | null {
    const index = this.rowIndex(name);
    const file = this.file;
    if (!index || !file) return null;
    // One window serves every tier of a rewrite in turn.
    this.window ??= { buf: Buffer.allocUnsafe(1024 * 1024), name: '', from: 0, to: 0 };
    const window = this.window;
    return { read: (start, end) => file.readInto(window, name, start, end), window, index };
  }

  private window: ReadWindow | undefined;
}

/**
 * Replaces a file of the machine-local cache: `fill` writes the new content
 * to a temp file in the same folder, which then takes the file's place in
 * one rename (temp files a killed process left there are removed too).
 * Never throws: a read-only folder, a full disk or `fill` saying the content
 * cannot be written just mean no new file this time.
 */
export function replaceCacheFile(file: string, fill: (fd: number) => boolean): void {
  const tmp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(tmp, 'w');
    let filled = false;
    try {
      filled = fill(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (!filled) throw new Error('nothing to write');
    fs.renameSync(tmp, file);
    removeStaleTemps(path.dirname(file));
  } catch {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing more to do.
    }
  }
}

/** Writes every byte of `bytes` at `position` (at the current offset when null). */
export function writeAll(fd: number, bytes: Uint8Array, position: number | null = null): void {
  for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, position === null ? null : position + done);
}

/** Temp files a killed process left behind (older than a minute: never one being written). */
function removeStaleTemps(dir: string): void {
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.tmp')) continue;
    const abs = path.join(dir, name);
    try {
      if (Date.now() - fs.statSync(abs).mtimeMs > 60_000) fs.rmSync(abs, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

function isListing(f: unknown): f is FolderListing {
  const x = f as FolderListing;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.rel === 'string' &&
    typeof x.mtimeMs === 'number' &&
    typeof x.listedAt === 'number' &&
    Array.isArray(x.entries) &&
    x.entries.every((e) => typeof e === 'string')
  );
}

function sameFolders(a: FolderListing[], b: FolderListing[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (x.rel !== y.rel || x.mtimeMs !== y.mtimeMs || x.listedAt !== y.listedAt || x.entries.length !== y.entries.length) return false;
    if (x.entries.some((e, j) => e !== y.entries[j])) return false;
  }
  return true;
}

/** One load of a network: which files came from the cache, which were parsed, which tiers were read. */
class Load {
  /** By position: the record index in the cache read, for files it answered. */
  private readonly old: (number | undefined)[] = [];
  /** By position: the new `files` line of a parsed file (null: its result cannot be cached). */
  private readonly lines: (string | null | undefined)[] = [];
  /** By position: a parsed file's full result, while kept (see KEEP_PARSED) or parsed again. */
  private readonly parsed: (ParseResult | undefined)[] = [];
  /** Tier rows of the cache read, by record index, each parsed when a command first needs it. */
  private readonly tiers = new Map<string, (unknown[] | undefined)[]>();
  /** Tiers a command read: written even when the cache read lacked them. */
  private readonly used = new Set<string>();
  /** Racily clean files parsed again: a change only if their record differs. */
  private readonly recheck: number[] = [];
  /** By position: the contact made from a record (tier fields still to be filled in). */
  private readonly byPosition: (Contact | undefined)[] = [];
  /** Their positions, by contact; made when first needed (contacts given out of order). */
  private positions: Map<Contact, number> | undefined;
  /** Every field of the layout, undefined: what a contact from a record starts as. */
  private template: Record<string, unknown> | undefined;
  /** By tier: the positions whose fields of that tier are filled in. */
  private readonly filled = new Map<string, Uint8Array>();
  dirty = false;
  private tiersAdded = false;

  constructor(
    private readonly cache: NetworkCache,
    private readonly entries: FileEntry[],
    private readonly folders: FolderListing[],
    private readonly startedAt: number,
    private readonly hooks: LoadHooks,
    private layout: Layout | null,
    /** Tiers the caller will read of everyone: kept from the parse of a file this load reads, never parsed twice. */
    private readonly wanted: readonly Tier[] = [],
  ) {}

  /** By tier: the rows of files parsed in this load, by position, for the wanted tiers. */
  private readonly parsedRows = new Map<string, (unknown[] | undefined)[]>();

  /** Answers every listed file, from its record when unchanged, by parsing it otherwise. */
  run(records: FileRecord[]): LoadedFile[] {
    const entries = this.entries;
    const out: LoadedFile[] = new Array(entries.length);
    let byRel: Map<string, number> | null = null;
    let next = 0;
    let matched = 0;
    const misses: number[] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      if (e.skip) {
        out[i] = { result: this.hooks.parse(e), slugKey: null };
        continue;
      }
      // Records are in walk order: look in the next one first.
      let at: number | undefined;
      if (next < records.length && records[next]![0] === e.rel) at = next;
      else {
        byRel ??= new Map(records.map((r, j) => [r[0], j]));
        at = byRel.get(e.rel);
      }
      if (at !== undefined) {
        next = at + 1;
        matched++;
      }
      const r = at === undefined ? undefined : records[at]!;
      const sameKey = r !== undefined && r[1] === e.size && r[2] === e.mtimeMs && r[3] === e.ino && r[8] === e.ctimeMs;
      if (sameKey && r[4] === 0 && (r[7] === null || this.layout)) {
        this.old[i] = at;
        out[i] = this.fromRecord(i, r);
      } else {
        misses.push(i);
        // A racily clean file that parses to the same record is no change.
        if (sameKey && r[4] === 1) this.recheck.push(i);
        else this.dirty = true;
      }
    }
    if (matched !== records.length) this.dirty = true;
    const keep = misses.length <= KEEP_PARSED;
    // Parsed lean (core fields only) unless tiers are wanted of everyone.
    const lean = !keep && this.wanted.length === 0;
    for (const i of misses) {
      let result = this.hooks.parse(entries[i]!, lean);
      this.layout ??= result.contact ? layoutOf(result.contact) : null;
      const line = this.recordLine(i, result);
      this.lines[i] = line;
      if (!keep && !lean && line !== null) {
        for (const tier of this.wanted) {
          const fields = this.layout?.tiers[tier];
          if (!fields) continue;
          let rows = this.parsedRows.get(tier);
          if (!rows) this.parsedRows.set(tier, (rows = []));
          rows[i] = tierValues(result.contact, fields);
        }
      }
      // A result that does not fit the cache is used as it is: in full.
      if (!keep && line === null) result = this.hooks.parse(entries[i]!);
      if (keep) this.parsed[i] = result;
      // What a parsed file gives is read back from its record, exactly as the
      // next run will read it (and without holding on to the file's text).
      out[i] = line === null ? { result, slugKey: result.contact ? this.hooks.slugKey(result.contact.slug) : null } : this.fromRecord(i, JSON.parse(line) as FileRecord);
      if (line === null && result.contact) this.parsed[i] = result;
    }
    return out;
  }

  /**
   * A file's result from its record: problems, and a plain contact with
   * every field of the layout, in the parser's order: the core fields from
   * the record, the tier fields undefined until `fill` reads them.
   */
  private fromRecord(i: number, r: FileRecord): LoadedFile {
    const e = this.entries[i]!;
    const problems: Problem[] = r[6].length === 0 ? NO_PROBLEMS : r[6].map(([line, message, severity]) => ({ file: e.rel, line, message, severity: severity as Problem['severity'] }));
    if (r[7] === null) return { result: { contact: null, problems }, slugKey: null };
    const layout = this.layout!;
    // A copy of one template with every field (one shape for all), then the core fields.
    this.template ??= Object.fromEntries(layout.order.map((k) => [k, undefined]));
    const c: Record<string, unknown> = { ...this.template };
    const fields = r[7];
    const core = layout.core;
    for (let k = 0; k < core.length; k++) {
      const name = core[k]!;
      c[name] = name === 'slug' ? e.slug : name === 'file' ? e.rel : fields[k];
    }
    this.byPosition[i] = c as unknown as Contact;
    return { result: { contact: c as unknown as Contact, problems }, slugKey: r[5] === 0 ? e.slug : r[5] };
  }

  /**
   * Fills in the fields of these tiers of these contacts of this load (a
   * contact parsed in full has them all already). When most contacts need a
   * tier, it is read in one go.
   */
  fill(contacts: readonly Contact[], tiers: readonly Tier[]): void {
    const layout = this.layout;
    if (!layout) return;
    for (const tier of tiers) {
      const fields = layout.tiers[tier];
      if (!fields) continue;
      let done = this.filled.get(tier);
      if (!done) {
        done = new Uint8Array(this.entries.length);
        this.filled.set(tier, done);
      }
      const todo: [Contact, number][] = [];
      // Contacts usually come in the load's order (a network keeps it): found
      // by walking forward; out of order, by a map made then.
      let next = 0;
      for (const c of contacts) {
        let at: number | undefined;
        if (!this.positions) {
          while (next < this.byPosition.length && this.byPosition[next] !== c) next++;
          if (next < this.byPosition.length) at = next++;
          else {
            this.positions = new Map();
            for (let k = 0; k < this.byPosition.length; k++) if (this.byPosition[k]) this.positions.set(this.byPosition[k]!, k);
          }
        }
        if (this.positions) at = this.positions.get(c);
        if (at !== undefined && done[at] === 0) todo.push([c, at]);
      }
      if (todo.length === 0) continue;
      if (todo.length >= wholeTierFrom(this.entries.length)) this.prefetch(tier);
      // In the order of the cache read's rows, which are then read forward a window at a time.
      todo.sort((a, b) => (this.old[a[1]] ?? -1) - (this.old[b[1]] ?? -1));
      for (const [c, at] of todo) {
        const row = this.tierRow(tier, at);
        const r = c as unknown as Record<string, unknown>;
        for (let j = 0; j < fields.length; j++) r[fields[j]!] = row[j];
        done[at] = 1;
      }
    }
  }

  /** The `files` line of a parsed file; null when its result does not fit the cache. */
  private recordLine(i: number, result: ParseResult): string | null {
    const e = this.entries[i]!;
    const c = result.contact;
    const layout = this.layout;
    if (c && (c.slug !== e.slug || c.file !== e.rel || !layout || !sameKeys(c, layout.order))) return null;
    if (result.problems.some((p) => p.file !== e.rel)) return null;
    const fields = c as unknown as Record<string, unknown> | null;
    const slugKey = c ? this.hooks.slugKey(c.slug) : 0;
    const record: FileRecord = [
      e.rel,
      e.size,
      e.mtimeMs,
      e.ino,
      e.mtimeMs >= this.startedAt - RACY_MS ? 1 : 0,
      slugKey === e.slug ? 0 : slugKey,
      result.problems.map((p) => [p.line, p.message, p.severity]),
      fields ? layout!.core.map((k) => (k === 'slug' || k === 'file' ? 0 : fields[k])) : null,
      e.ctimeMs,
    ];
    return ascii(JSON.stringify(record));
  }

  /** A tier's values for the contact at position `at` of this load. */
  private tierRow(tier: string, at: number): unknown[] {
    this.used.add(tier);
    const old = this.old[at];
    if (old === undefined) return this.parsedRows.get(tier)?.[at] ?? tierValues(this.parsedAt(at).contact, this.layout!.tiers[tier]!);
    let rows = this.tiers.get(tier);
    if (!rows) {
      rows = this.readTier(tier);
      this.tiers.set(tier, rows);
    }
    let row = rows[old];
    if (row === undefined) {
      // A command that reads most rows (list) is served by one parse of the whole tier.
      const n = (this.rowsRead.get(tier) ?? 0) + 1;
      this.rowsRead.set(tier, n);
      if (n === wholeTierFrom(rows.length)) this.readWholeTier(tier, rows);
      row = rows[old] ?? this.rowFromLine(tier, old) ?? tierValues(this.hooks.parse(this.entries[at]!).contact, this.layout!.tiers[tier]!);
      rows[old] = row;
    }
    return row;
  }

  /** Reads a tier whole, before its fields are filled in for (nearly) everyone. */
  private prefetch(tier: string): void {
    if (this.tiers.has(tier)) return;
    const rows = this.readTier(tier);
    this.tiers.set(tier, rows);
    this.used.add(tier);
    if (this.cache.hasTier(tier)) this.readWholeTier(tier, rows);
  }

  /** Rows read one by one so far, by tier. */
  private readonly rowsRead = new Map<string, number>();

  /** Fills in every row of a tier not read yet, from one parse of its section; nothing when it is unusable. */
  private readWholeTier(tier: string, rows: (unknown[] | undefined)[]): void {
    const text = this.cache.oldSection(tier);
    if (text === null) return;
    let all: unknown;
    try {
      all = JSON.parse(text);
    } catch {
      return;
    }
    if (!Array.isArray(all) || all.length !== rows.length) return;
    for (let k = 0; k < all.length; k++) if (rows[k] === undefined) rows[k] = this.checkRow(tier, all[k]) ?? undefined;
  }

  /** One record's row of a tier, parsed from its line in the cache read; null when unusable. */
  private rowFromLine(tier: string, old: number): unknown[] | null {
    const line = this.cache.oldRow(tier, old);
    if (line === null) return null;
    try {
      return this.checkRow(tier, JSON.parse(line));
    } catch {
      return null;
    }
  }

  /** A tier row as parsed from the cache, checked and with its null-prototype objects back; null when unusable. */
  private checkRow(tier: string, row: unknown): unknown[] | null {
    const fields = this.layout!.tiers[tier]!;
    if (!Array.isArray(row) || row.length !== fields.length) return null;
    for (const [j, deep] of this.revive(tier)) row[j] = reviveNullProto(row[j], deep);
    return row;
  }

  /** Which fields of a tier hold null-prototype objects: [index, deep]. */
  private revive(tier: string): [number, boolean][] {
    let r = this.reviveByTier.get(tier);
    if (!r) {
      const fields = this.layout!.tiers[tier]!;
      r = Object.entries(NULL_PROTO).flatMap(([field, kind]): [number, boolean][] => (fields.includes(field) ? [[fields.indexOf(field), kind === 'deep']] : []));
      this.reviveByTier.set(tier, r);
    }
    return r;
  }

  private readonly reviveByTier = new Map<string, [number, boolean][]>();

  /** A parsed file's full result, parsing it again when it was not kept. */
  private parsedAt(at: number): ParseResult {
    let result = this.parsed[at];
    if (!result) {
      result = this.hooks.parse(this.entries[at]!);
      this.parsed[at] = result;
    }
    return result;
  }

  /**
   * A tier's rows from the cache read; when it lacks them, every file the
   * cache answered is parsed again (once), and the tier is written at the end of the run.
   */
  private readTier(tier: string): (unknown[] | undefined)[] {
    const fields = this.layout!.tiers[tier]!;
    // In the cache read: each row is parsed from its line when first needed.
    if (this.cache.hasTier(tier)) return new Array<unknown[] | undefined>(this.cache.readRecords().length);
    const out: unknown[][] = [];
    for (let i = 0; i < this.entries.length; i++) {
      const old = this.old[i];
      if (old === undefined) continue;
      out[old] = tierValues(this.hooks.parse(this.entries[i]!).contact, fields);
    }
    this.tiersAdded = true;
    return out;
  }

  /** Whether the cache on disk should be replaced by this load. */
  needsWrite(): boolean {
    if (this.dirty || this.tiersAdded) return true;
    if (this.recheck.length === 0) return false;
    // Racily clean files count only when their record changed (or is no longer racy).
    const old = this.cache.oldLines('files');
    const records = this.cache.readRecords();
    return !old || this.recheck.some((i) => this.lines[i] !== old[records.findIndex((r) => r[0] === this.entries[i]!.rel)]);
  }

  /**
   * Writes this load as a cache file to `fd`, section by section: rows of a
   * tier that did not change are copied as bytes from the cache read, so a
   * rewrite never holds more than one section in memory. False when this
   * load cannot be cached.
   */
  writeTo(fd: number, settings: CachedSettings | null): boolean {
    const layout = this.layout;
    const oldFiles = this.cache.oldLines('files');
    const fileLines: string[] = [];
    const written: number[] = [];
    for (let i = 0; i < this.entries.length; i++) {
      if (this.entries[i]!.skip) continue;
      const old = this.old[i];
      const line = old === undefined ? this.lines[i] : oldFiles?.[old];
      if (line === null || line === undefined) return false;
      fileLines.push(line);
      written.push(i);
    }
    const out = new SectionWriter(fd);
    const meta: Meta = { settings, folders: this.folders };
    out.text('meta', ascii(JSON.stringify(meta)));
    out.lines('files', fileLines.length, (k) => out.addText(fileLines[k]!, 0));
    // A tier is written when every file's row is at hand: copied from the
    // cache read, or from a row or parse result of this load.
    for (const tier of Object.keys(layout?.tiers ?? {})) {
      if (!this.used.has(tier) && !this.cache.hasTier(tier)) continue;
      const copy = this.cache.hasTier(tier) ? this.oldRowSource(tier) : null;
      const index = out.lines(tier, written.length, (k) => this.putTierLine(tier, written[k]!, copy, out));
      // A row not at hand (not kept, or a damaged cache): that tier is left out.
      if (index !== null) out.binary(rowIndexName(tier), Uint32Array.from(index));
    }
    const header = ascii(JSON.stringify({ build: BUILD, layout, sections: out.index } satisfies Header));
    return out.finish(header);
  }

  /** Where the rows of a tier in the cache read come from: its bytes and row index, or its decoded lines (an older cache). */
  private oldRowSource(tier: string): OldRows | null {
    const rows = this.cache.oldTierRows(tier);
    if (rows) return rows;
    const lines = this.cache.oldLines(tier);
    return lines ? { lines } : null;
  }

  /** Writes a file's line of a tier: copied from the cache read when it has it, else from this load; false when it is not at hand. */
  private putTierLine(tier: string, i: number, copy: OldRows | null, out: SectionWriter): boolean {
    const old = this.old[i];
    if (old !== undefined && copy !== null) {
      if ('lines' in copy) return out.addText(copy.lines[old]!, null);
      const start = copy.index[3 * old]!;
      const length = copy.index[3 * old + 1]!;
      const at = copy.read(start, start + length);
      return at >= 0 && out.addBytes(copy.window.buf, at, at + length, copy.index[3 * old + 2]!);
    }
    const parsed = old === undefined ? this.parsed[i] : undefined;
    const row = old !== undefined ? this.tiers.get(tier)?.[old] : parsed ? tierValues(parsed.contact, this.layout!.tiers[tier]!) : this.parsedRows.get(tier)?.[i];
    if (!row) return false;
    const line = ascii(JSON.stringify(row));
    return out.addText(line, null);
  }
}

/** The rows of a tier in the cache read: bytes with their row index, or the decoded lines of an older cache. */
type OldRows = { read: (start: number, end: number) => number; window: ReadWindow; index: Uint32Array } | { lines: string[] };

/**
 * From how many rows of a tier one parse of its whole section is quicker
 * than row by row: half of them (a quarter, as `who rust` reads of 10,000
 * people's logs, is quicker row by row: 16 MB of log rows parsed is not).
 */
function wholeTierFrom(rows: number): number {
  return Math.max(256, rows >>> 1);
}

/** Whether this machine stores words little-endian, as the cache files do. */
export const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A 32-bit word with its bytes the other way round. */
export function swap32(x: number): number {
  return ((x << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;
}

/** Room kept for the first line and the header, which are written last (padded with spaces). */
const HEAD_ROOM = 16 * 1024;

/**
 * Writes the sections of a cache file one after the other, after room for
 * the header (which lists their offsets, lengths and checksums), then the
 * header. Text is ASCII: a string's checksum is that of its bytes.
 */
class SectionWriter {
  readonly index: Record<string, [number, number, number]> = {};
  private offset = 0;

  constructor(private readonly fd: number) {}

  private put(bytes: Buffer): void {
    writeAll(this.fd, bytes, HEAD_ROOM + this.offset);
    this.offset += bytes.length;
  }

  text(name: string, text: string): void {
    const bytes = Buffer.from(text, 'latin1');
    this.index[name] = [this.offset, bytes.length, crc32(bytes)];
    this.put(bytes);
  }

  /** A section of 32-bit words, little-endian. */
  binary(name: string, words: Uint32Array): void {
    if (!LITTLE_ENDIAN) for (let i = 0; i < words.length; i++) words[i] = swap32(words[i]!);
    const bytes = Buffer.from(words.buffer, words.byteOffset, words.byteLength);
    this.index[name] = [this.offset, bytes.length, crc32(bytes)];
    this.put(bytes);
  }

  /** One reused buffer: lines are gathered in it and written a chunk at a time. */
  private readonly chunk = Buffer.allocUnsafe(512 * 1024);
  private used = 0;
  private crc = 0;
  /** Offset in the current lines section, and its row index. */
  private at = 0;
  private rowIndex: number[] = [];

  private flushChunk(): void {
    if (this.used === 0) return;
    const bytes = this.chunk.subarray(0, this.used);
    this.crc = crc32(bytes, this.crc);
    this.put(bytes);
    this.used = 0;
  }

  private addRaw(from: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.used + n > this.chunk.length) this.flushChunk();
    if (n > this.chunk.length) {
      const bytes = from.subarray(start, end);
      this.crc = crc32(bytes, this.crc);
      this.put(bytes);
    } else {
      from.copy(this.chunk, this.used, start, end);
      this.used += n;
    }
    this.at += n;
  }

  private addString(text: string): void {
    if (this.used + text.length > this.chunk.length) this.flushChunk();
    if (text.length > this.chunk.length) this.addRaw(Buffer.from(text, 'latin1'), 0, text.length);
    else {
      this.used += this.chunk.write(text, this.used, 'latin1');
      this.at += text.length;
    }
  }

  /** The next line of the lines section being written, as bytes of a buffer; false when they are not there. */
  addBytes(from: Buffer, start: number, end: number, lineCrc: number): boolean {
    if (end > from.length || start > end) return false;
    this.rowIndex.push(this.at, end - start, lineCrc);
    this.addRaw(from, start, end);
    return true;
  }

  /** The next line of the lines section being written, as text; its checksum is `lineCrc`, or that of its bytes once written when null. */
  addText(line: string, lineCrc: number | null): boolean {
    const at = this.at;
    if (lineCrc === null && line.length <= this.chunk.length) {
      // Written into the chunk as it is, and checked there: no second copy of the text for crc32.
      if (this.used + line.length > this.chunk.length) this.flushChunk();
      const from = this.used;
      this.addString(line);
      this.rowIndex.push(at, line.length, crc32(this.chunk.subarray(from, from + line.length)));
      return true;
    }
    this.rowIndex.push(at, line.length, lineCrc ?? crc32(line));
    this.addString(line);
    return true;
  }

  /**
   * A lines section (see splitLines) of `count` lines, each put by
   * `line(k)` (addBytes or addText); returns its row index, or null when a
   * line was not at hand.
   */
  lines(name: string, count: number, line: (k: number) => boolean): number[] | null {
    const start = this.offset;
    this.crc = 0;
    this.at = 0;
    this.rowIndex = [];
    if (count === 0) this.addString('[]');
    else {
      this.addString('[\n');
      for (let k = 0; k < count; k++) {
        if (k > 0) this.addString(',\n');
        if (!line(k)) {
          // Dropped: what was written of it is overwritten by what comes next.
          this.used = 0;
          this.offset = start;
          return null;
        }
      }
      this.addString('\n]');
    }
    this.flushChunk();
    this.index[name] = [start, this.offset - start, this.crc];
    return this.rowIndex;
  }

  /** Writes the first line and the header into the room kept for them; false when it does not fit. */
  finish(header: string): boolean {
    const length = HEAD_ROOM - `pln-cache ${FORMAT} ${HEAD_ROOM}\n`.length;
    const first = `pln-cache ${FORMAT} ${length}\n`;
    if (first.length + length !== HEAD_ROOM || header.length > length) return false;
    const head = Buffer.from(first + header.padEnd(length, ' '), 'latin1');
    writeAll(this.fd, head, 0);
    // Nothing after the last section (a dropped one may have been longer).
    fs.ftruncateSync(this.fd, HEAD_ROOM + this.offset);
    return true;
  }
}

function tierValues(c: Contact | null, fields: readonly string[]): unknown[] {
  const r = c as unknown as Record<string, unknown> | null;
  return fields.map((f) => (r ? r[f] : null));
}

function layoutOf(c: Contact): Layout {
  const order = Object.keys(c);
  const tiers: Record<string, string[]> = {};
  const lazy = new Set<string>();
  for (const name of TIER_NAMES) {
    const fields = TIERS[name]!.filter((f) => order.includes(f));
    if (fields.length === 0) continue;
    tiers[name] = fields;
    for (const f of fields) lazy.add(f);
  }
  return { order, core: order.filter((k) => !lazy.has(k)), tiers };
}

function sameKeys(c: Contact, order: string[]): boolean {
  const keys = Object.keys(c);
  return keys.length === order.length && keys.every((k, i) => k === order[i]);
}

/** JSON text with every non-ASCII character escaped, so the file reads as Latin-1, fast. */
export function ascii(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// ---- the module's face -------------------------------------------------------------

/** The cache of a network folder, for one Store (which flushes and closes it). */
export function openNetworkCache(dir: string): NetworkCache {
  // `.pln` must be a real folder (else a PlnError): the cache never reads or writes through a link.
  ensureLocalState(dir, { create: true });
  return new NetworkCache(dir);
}

export type { NetworkCache };
