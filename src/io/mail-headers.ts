/**
 * The few headers of a mail message that `pln capture` needs, read from the
 * raw header block: who (From, To, Cc, Bcc), when (Date), what (Subject), and
 * whether it is list or bulk mail. Pure; bodies are never looked at.
 *
 * Encoded words (RFC 2047) are decoded by `libmime`, passed in by the caller
 * so that this module loads nothing (and tests can run it as is).
 */
import { isRealTime } from '../domain/dates.js';
import { stripControl } from '../domain/text.js';

export interface Address {
  /** Lower-cased. */
  email: string;
  /** The display name, decoded; '' when none. */
  name: string;
}

export interface MailHeaders {
  from: Address[];
  to: Address[];
  cc: Address[];
  bcc: Address[];
  /** Milliseconds since the epoch; null when there is no readable Date. */
  date: number | null;
  /** The Date field when it names a day or time that does not exist (`30 Feb 2026`); `date` is then null. */
  impossibleDate?: string;
  /** The Date field when it is not a date at all, or has no year (`Thu Jan 01 00:00:10 +0000`); `date` is then null. */
  unreadableDate?: string;
  /** Decoded, one line, no control characters; '' when none. */
  subject: string;
  /** Why this is list or bulk mail (`List-Id`, `Precedence: bulk`, ...); null for personal mail. */
  bulk: string | null;
  /** The list this message came through, as its List-Post and List-Id name it (`linux-kernel@vger.kernel.org`, `linux-kernel.vger.kernel.org`), lower-cased; [] when none. */
  listNames?: string[];
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?caf=C3=A9?=`). */
export type WordDecoder = (text: string) => string;

const WANTED = new Set(['from', 'to', 'cc', 'bcc', 'date', 'subject', 'list-id', 'list-unsubscribe', 'list-post', 'precedence', 'auto-submitted']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes [from, to) of a header block as text, as headerText reads them, without making a view of them first. */
function textOf(buf: Uint8Array, from: number, to: number): string {
  for (let i = from; i < to; i++) if (buf[i]! > 0x7f) return headerText(buf.subarray(from, to));
  return (buf as Buffer).toString('latin1', from, to);
}

/** Header block bytes as text: UTF-8 (raw 8-bit headers from modern mailers), else Latin-1. */
export function headerText(bytes: Uint8Array): string {
  // Pure ASCII is by far the common case: latin1 is its fastest decoder.
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i]! > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  }
}

/**
 * The wanted fields of a header block, unfolded, names lower-cased. Repeated
 * fields (`Cc:` and `cc:` both) are kept in order.
 */
export function readFields(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let name: string | null = null;
  let value = '';
  const flush = () => {
    if (name === null) return;
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
    name = null;
  };
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (line === '') break;
    const first = line.charCodeAt(0);
    if (first === 32 || first === 9) {
      // A folded line continues the field before it.
      if (name !== null) value += line;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const n = line.slice(0, colon).trimEnd().toLowerCase();
    if (!WANTED.has(n)) continue;
    name = n;
    value = line.slice(colon + 1);
  }
  flush();
  return fields;
}

/** The wanted names as bytes, by length, for comparing at the byte level. */
const WANTED_BYTES = new Map<number, { name: string; bytes: Buffer }[]>();
for (const name of WANTED) {
  const list = WANTED_BYTES.get(name.length) ?? [];
  list.push({ name, bytes: Buffer.from(name, 'latin1') });
  WANTED_BYTES.set(name.length, list);
}

/** The wanted field whose name is at [start, end) in any case, or null. */
function wantedName(buf: Uint8Array, start: number, end: number): string | null {
  const candidates = WANTED_BYTES.get(end - start);
  if (!candidates) return null;
  outer: for (const c of candidates) {
    for (let i = 0; i < c.bytes.length; i++) {
      let b = buf[start + i]!;
      if (b >= 65 && b <= 90) b += 32;
      if (b !== c.bytes[i]) continue outer;
    }
    return c.name;
  }
  return null;
}

/**
 * readFields on the bytes: only the wanted fields are turned into text (a
 * header block is mostly Received lines and other fields we never look at).
 */
export function readWantedFields(buf: Uint8Array): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  const length = buf.length;
  let name: string | null = null;
  let from = 0;
  let to = 0;
  const flush = () => {
    if (name === null) return;
    const value = textOf(buf, from, to).replace(/\r?\n/g, '');
    const list = fields.get(name);
    if (list) list.push(value);
    else fields.set(name, [value]);
    name = null;
  };
  let start = 0;
  while (start < length) {
    // A loop over the bytes: header lines are short, and a call to indexOf costs more than it saves here.
    let nl = start;
    while (nl < length && buf[nl] !== 10) nl++;
    const first = buf[start]!;
    const lineEnd = nl > start && buf[nl - 1] === 13 ? nl - 1 : nl;
    if (first === 32 || first === 9) {
      if (name !== null) to = lineEnd;
    } else {
      flush();
      if (nl === start || (first === 13 && nl === start + 1)) break;
      let colon = start;
      const limit = Math.min(nl, start + 40);
      while (colon < limit && buf[colon] !== 58) colon++;
      if (colon < limit) {
        let nameEnd = colon;
        while (nameEnd > start && (buf[nameEnd - 1] === 32 || buf[nameEnd - 1] === 9)) nameEnd--;
        name = wantedName(buf, start, nameEnd);
        from = colon + 1;
        to = lineEnd;
      }
    }
    start = nl + 1;
  }
  flush();
  return fields;
}

/** The headers `capture` uses, from a raw header block. */
export function parseMailHeaders(bytes: Uint8Array, decode: WordDecoder, envelope?: string): MailHeaders {
  return new ParsedHeaders(readWantedFields(bytes), decode, envelope);
}

/**
 * The date of an mbox `From ` line (`From ada@x.org Fri Nov 20 10:00:00 2026`):
 * when the message has no Date header, mail readers date it by this line.
 */
export function envelopeDate(line: string | undefined): number | null {
  const m = /^From \S+\s+(.*\S)\s*$/.exec(line ?? '');
  if (!m) return null;
  // asctime, as mail servers write it, with whatever follows (`… 2022 remote from x`): read as UTC.
  const a = /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})\b/.exec(m[1]!);
  if (a) {
    const month = MONTHS.indexOf(a[1]!.toLowerCase());
    const [day, hour, minute, second, year] = [Number(a[2]), Number(a[3]), Number(a[4]), Number(a[5] ?? 0), Number(a[6])];
    return month >= 0 && isRealTime(year, month + 1, day, hour, minute, second) ? Date.UTC(year, month, day, hour, minute, second) : null;
  }
  const date = readMailDate(m[1]);
  return typeof date === 'number' ? date : null;
}

/**
 * Addresses and the subject are read when first asked for: a message outside
 * the days captured never needs them. (A class: an object literal with
 * getters costs a closure per getter per message.)
 */
class ParsedHeaders implements MailHeaders {
  readonly date: number | null;
  readonly impossibleDate?: string;
  readonly unreadableDate?: string;
  readonly bulk: string | null;
  private cache: { from?: Address[]; to?: Address[]; cc?: Address[]; bcc?: Address[]; subject?: string } = {};

  constructor(
    private readonly fields: Map<string, string[]>,
    private readonly decode: WordDecoder,
    envelope?: string,
  ) {
    const raw = fields.get('date')?.[0];
    const date = readMailDate(raw);
    if (date === IMPOSSIBLE) this.impossibleDate = raw!.trim();
    else if (date === UNREADABLE) this.unreadableDate = raw!.trim();
    // No Date header at all: the mbox `From ` line's date, as mail readers take it.
    this.date = typeof date === 'number' ? date : raw === undefined ? envelopeDate(envelope) : null;
    this.bulk = bulkReason(fields);
  }

  private addresses(name: 'from' | 'to' | 'cc' | 'bcc'): Address[] {
    return (this.cache[name] ??= (this.fields.get(name) ?? []).flatMap((v) => parseAddressList(v, this.decode)));
  }

  get from(): Address[] {
    return this.addresses('from');
  }

  get to(): Address[] {
    return this.addresses('to');
  }

  get cc(): Address[] {
    return this.addresses('cc');
  }

  get bcc(): Address[] {
    return this.addresses('bcc');
  }

  get subject(): string {
    return (this.cache.subject ??= decodeText(this.fields.get('subject')?.[0] ?? '', this.decode));
  }

  get listNames(): string[] {
    return listNamesOf(this.fields);
  }
}

/** The addresses of List-Post (`<mailto:l@x>`) and the ids of List-Id (`Name <l.x>`), lower-cased. */
function listNamesOf(fields: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const v of fields.get('list-post') ?? []) {
    for (const m of v.matchAll(/<\s*mailto:([^>?\s]+)/gi)) out.push(m[1]!.toLowerCase());
  }
  for (const v of fields.get('list-id') ?? []) {
    const id = (/<([^<>]*)>\s*$/.exec(v)?.[1] ?? v).trim().toLowerCase();
    if (id !== '') out.push(id);
  }
  return out;
}

/** A name only a mailing list has: Linux's get_maintainer.pl writes `linux-kernel@vger.kernel.org (open list)`, `(moderated list:ARM PORT)`. */
const LIST_NAME_RE = /^(?:open|moderated|subscriber) list(?::|$)/i;

/** The bracketed tags of a subject (`Re: [aur-general] Guidelines` → `aur-general`), lower-cased: the tag Mailman puts before a list's subjects. */
export function subjectTags(subject: string): Set<string> {
  return new Set([...subject.matchAll(/\[([^\][\s]+)\]/g)].map((m) => m[1]!.toLowerCase()));
}

/**
 * Whether an address of a message is a mailing list's, from the message
 * itself: named as get_maintainer.pl names lists, a local part ending in
 * `-list` (`bcm-kernel-feedback-list@broadcom.com`), or a local part the
 * subject carries as its list tag (`aur-general@archlinux.org` in `[aur-general] …`).
 */
export function looksLikeList(a: Address, tags: ReadonlySet<string>): boolean {
  const local = a.email.slice(0, a.email.lastIndexOf('@'));
  return LIST_NAME_RE.test(a.name) || /-list$/.test(local) || tags.has(local);
}

/** Why a message is list or bulk mail, or null. */
function bulkReason(fields: Map<string, string[]>): string | null {
  if (fields.has('list-id')) return 'List-Id';
  if (fields.has('list-unsubscribe')) return 'List-Unsubscribe';
  if (fields.has('list-post')) return 'List-Post';
  const precedence = fields.get('precedence')?.[0]?.trim().toLowerCase();
  if (precedence && /^(bulk|list|junk)\b/.test(precedence)) return `Precedence: ${precedence}`;
  const auto = fields.get('auto-submitted')?.[0]?.trim().toLowerCase();
  if (auto && !/^no\b/.test(auto)) return `Auto-Submitted: ${auto}`;
  return null;
}

/** A header value as one clean line: encoded words decoded, whitespace collapsed, control characters gone. */
export function decodeText(raw: string, decode: WordDecoder): string {
  // Most values are plain text already: nothing to decode, strip or collapse.
  if (!PLAIN_NEEDS_WORK_RE.test(raw)) return raw.trim();
  let s = raw;
  if (s.includes('=?')) {
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2);
    // folding leaves such whitespace behind.
    s = s.replace(/(\?=)\s+(?==\?)/g, '$1');
    try {
      s = decode(s);
    } catch {
      // An unknown charset or a broken word: keep the text as written.
    }
  }
  return stripControl(s.replace(/[\r\n\t]+/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

// Encoded words, control and bidi characters, tabs, runs of spaces.
const PLAIN_NEEDS_WORK_RE = /=\?|[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]|\s\s/;

const WORD_RE = /=\?([^?\s]+)\?([QqBb])\?([^?\s]*)\?=/g;
const UTF8_RE = /^(?:utf-?8|us-ascii)(?:\*[A-Za-z-]*)?$/i;

/**
 * Decodes encoded words. UTF-8 and ASCII ones (nearly all mail today) are
 * decoded here; a value with any other charset goes whole to `other`
 * (libmime, which knows them all). Adjacent words are decoded together, so
 * a character split across two words comes out whole.
 */
export function decodeWords(text: string, other: WordDecoder): string {
  WORD_RE.lastIndex = 0;
  let out = '';
  let last = 0;
  // The bytes of adjacent words, %-escaped: decodeURIComponent makes UTF-8 of them fastest.
  let pending = '';
  let m: RegExpExecArray | null;
  const flush = () => {
    if (pending === '') return;
    try {
      out += decodeURIComponent(pending);
    } catch {
      // Not valid UTF-8: U+FFFD for the bad bytes, as libmime gives.
      out += Buffer.from(
        pending.replace(/%([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
        'latin1',
      ).toString('utf8');
    }
    pending = '';
  };
  while ((m = WORD_RE.exec(text)) !== null) {
    if (!UTF8_RE.test(m[1]!)) return other(text);
    const between = text.slice(last, m.index);
    // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(pending !== '' && /^\s*$/.test(between))) {
      flush();
      out += between;
    }
    const data = m[3]!;
    if (m[2] === 'B' || m[2] === 'b') pending += Buffer.from(data, 'base64').toString('hex').replace(/../g, '%$&');
    else
      pending += data
        .replace(/%/g, '%25')
        .replace(/_/g, '%20')
        .replace(/=(?=[0-9A-Fa-f]{2})/g, '%');
    last = m.index + m[0].length;
  }
  flush();
  return out + text.slice(last);
}

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

/**
 * A `Date:` header as milliseconds: RFC 5322 dates and the usual deviations
 * (no weekday, comments, named zones, two-digit years). Null when unreadable,
 * without a year, or when it names a day or time that does not exist.
 */
export function parseMailDate(raw: string | undefined): number | null {
  const date = readMailDate(raw);
  return typeof date === 'number' ? date : null;
}

/** A Date that names a day or time that does not exist: Date.UTC and Date.parse would roll 30 Feb over to 2 Mar. */
const IMPOSSIBLE = 'impossible';
/** A Date that is no date, or has no year: Date.parse would make `Thu Jan 01 00:00:10` a day of 2001. */
const UNREADABLE = 'unreadable';

function readMailDate(raw: string | undefined): number | null | typeof IMPOSSIBLE | typeof UNREADABLE {
  if (raw === undefined) return null;
  const s = raw
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s === '') return null;
  // `[Day,] DD Mon YYYY HH:MM[:SS] ZONE`, the form nearly every mailer writes.
  const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[A-Za-z]{1,5})?/.exec(s);
  if (m) {
    const month = MONTHS.indexOf(m[2]!.toLowerCase());
    if (month >= 0) {
      let year = Number(m[3]);
      if (m[3]!.length === 2) year += year < 50 ? 2000 : 1900;
      else if (m[3]!.length === 3) year += 1900;
      if (!isRealTime(year, month + 1, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0))) return IMPOSSIBLE;
      const utc = Date.UTC(year, month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
      const offset = zoneOffset(m[7]);
      if (Number.isFinite(utc) && offset !== null) return utc - offset * 60_000;
    }
  }
  const t = Date.parse(s);
  if (!Number.isFinite(t)) return UNREADABLE;
  // Other shapes Date.parse reads: `2026-02-30T10:00:00Z`, `2026/02/30`, `Mon Feb 30 10:00:00 2026`.
  const iso = /\b(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?!\d)/.exec(s);
  // Date.parse supplies a year that is not written (2001 in V8). Times and zones (`+0000`) left
  // out, a year is a number of 3 digits or more, or a second number beside the day (`3 Nov 26`).
  if (!iso && !hasYear(s)) return UNREADABLE;
  const named = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})\b/i.exec(s);
  const month = iso ? Number(iso[2]) : named ? MONTHS.indexOf(named[1]!.toLowerCase()) + 1 : 0;
  const day = iso ? Number(iso[3]) : named ? Number(named[2]) : 0;
  const clock = /\b(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(s);
  const [hour, minute, second] = clock ? [Number(clock[1]), Number(clock[2]), Number(clock[3] ?? 0)] : [0, 0, 0];
  const year = iso ? Number(iso[1]) : new Date(t).getUTCFullYear();
  if (month > 0 && !isRealTime(year, month, day, hour, minute, second)) return IMPOSSIBLE;
  if (month === 0 && !isRealTime(2000, 1, 1, hour, minute, second)) return IMPOSSIBLE;
  return t;
}

function hasYear(date: string): boolean {
  const numbers = date
    .replace(/\b\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?/g, ' ')
    .replace(/(^|\s)[+-]\d{4}\b/g, ' ')
    .match(/\d+/g);
  return numbers !== null && (numbers.length >= 2 || numbers.some((n) => n.length >= 3));
}

const ZONES: Record<string, number> = { UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };

/** Minutes east of UTC; 0 for a missing or unknown zone (RFC 5322 reads those as UTC). */
function zoneOffset(zone: string | undefined): number | null {
  if (zone === undefined) return 0;
  const m = /^([+-])(\d{2})(\d{2})$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return ZONES[zone.toUpperCase()] ?? 0;
}

/** Loose on purpose: one `@` with something on both sides, no spaces or brackets. */
const EMAIL_RE = /^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+$/;

/**
 * An address list (`To`, `Cc`, ...): `"Lovelace, Ada" <ada@x>, bob@y (Bob),
 * Team: c@z, d@z;`. Quoted names may hold commas; comments and groups are
 * understood. Entries without a usable address are left out.
 */
export function parseAddressList(raw: string, decode: WordDecoder): Address[] {
  // The common shapes, `Name <ada@x>` and `ada@x`, comma-separated, without quotes,
  // comments or groups, are read by a pattern; anything else by the full reader below.
  if (!/["():;\\]/.test(raw)) {
    const quick: Address[] = [];
    for (const part of raw.split(',')) {
      const m = SIMPLE_RE.exec(part);
      if (!m) {
        if (part.trim() === '') continue;
        return parseAddressListFully(raw, decode);
      }
      const email = (m[2] ?? m[3]!).toLowerCase();
      if (!EMAIL_RE.test(email)) continue;
      quick.push({ email, name: m[1] === undefined ? '' : decodeText(m[1], decode) });
    }
    return quick;
  }
  return parseAddressListFully(raw, decode);
}

const SIMPLE_RE = /^\s*(?:([^<>]*?)\s*<([^<>\s]+)>|([^<>\s]+))\s*$/;

function parseAddressListFully(raw: string, decode: WordDecoder): Address[] {
  const out: Address[] = [];
  let display = '';
  let angle: string | null = null;
  let comment = '';
  let bare = '';
  const finish = () => {
    const email = (angle ?? bare).trim().replace(/^mailto:/i, '');
    // An obsolete source route (`<@relay:ada@x>`) is not part of the address.
    const addr = email.replace(/^@[^:]*:/, '').toLowerCase();
    if (EMAIL_RE.test(addr)) {
      const name = angle !== null ? display : comment;
      out.push({
        email: addr,
        name: decodeText(name.replace(/^\s*"|"\s*$/g, ''), decode)
          .replace(/^["']+|["']+$/g, '')
          .trim(),
      });
    }
    display = '';
    angle = null;
    comment = '';
    bare = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') {
      // A quoted string: kept as display text without its quotes.
      let j = i + 1;
      let q = '';
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && j + 1 < raw.length) j++;
        q += raw[j];
        j++;
      }
      display += q;
      bare += q;
      i = j;
    } else if (c === '(') {
      let depth = 1;
      let j = i + 1;
      let text = '';
      while (j < raw.length && depth > 0) {
        if (raw[j] === '\\' && j + 1 < raw.length) j++;
        else if (raw[j] === '(') depth++;
        else if (raw[j] === ')') depth--;
        if (depth > 0) text += raw[j];
        j++;
      }
      comment += (comment ? ' ' : '') + text;
      i = j - 1;
    } else if (c === '<') {
      const end = raw.indexOf('>', i + 1);
      angle = raw.slice(i + 1, end < 0 ? raw.length : end);
      i = end < 0 ? raw.length : end;
    } else if (c === ',' || c === ';') {
      finish();
    } else if (c === ':' && angle === null && !bare.includes('@')) {
      // `Team: a@x, b@y;` — the group's name is not an address.
      display = '';
      bare = '';
    } else {
      display += c;
      bare += c;
    }
  }
  finish();
  return out;
}

const REPLY_RE = /^\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|tr|rv|ref)(?:\[\d+\])?\s*[:：]\s*)+/i;

/** A subject as a log text: reply and forward prefixes gone (`Re: Fwd: Lunch` → `Lunch`), at most 200 characters. */
export function threadSubject(subject: string): string {
  const s = subject.replace(REPLY_RE, '').trim();
  return s.length > 200 ? `${s.slice(0, 199).trimEnd()}…` : s;
}
