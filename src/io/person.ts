/**
 * Small helpers the importers share: an empty person, list cells, birthdays,
 * naming a link after its host, and making imported text safe to write.
 */
import { isIsoDate } from '../domain/dates.js';
import { inertNotes } from '../file/grammar.js';
import { withoutControls } from './charset.js';
import type { ImportedPerson } from './types.js';

/** A person with a name and nothing else yet. */
export function newImportedPerson(name: string): ImportedPerson {
  return {
    name,
    aliases: [],
    nameParts: null,
    emails: [],
    phones: [],
    company: null,
    role: null,
    location: null,
    tags: [],
    expertise: [],
    links: {},
    notes: null,
    birthday: null,
    met: null,
    cadence: null,
    extra: {},
  };
}

/** Appends the trimmed, non-empty values of `values` that `list` lacks (compared case-insensitively). */
export function addUnique(list: string[], ...values: string[]): void {
  for (const raw of values) {
    const value = raw.trim();
    if (value !== '' && !list.some((v) => v.toLowerCase() === value.toLowerCase())) list.push(value);
  }
}

/**
 * A list written in one cell: `;` separates when present (so `Smith, Jones & Co`
 * style values survive in a `;` list), else `,`.
 */
export function splitListCell(cell: string): string[] {
  const separator = cell.includes(';') ? ';' : ',';
  const out: string[] = [];
  addUnique(out, ...cell.split(separator));
  return out;
}

/** Trimmed text, or null when empty. */
export function textOrNull(value: string | undefined | null): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * A birthday in the file's form, `MM-DD` or `YYYY-MM-DD`, from those forms or
 * `--MM-DD`, `--MMDD`, `YYYYMMDD`; null when it is none of them or not a real date.
 */
export function normaliseBirthday(input: string): string | null {
  const s = input.trim();
  let m = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(s);
  if (m) {
    const iso = `${m[1]}-${m[2]}-${m[3]}`;
    return isIsoDate(iso) ? iso : null;
  }
  m = /^(?:--)?(\d{2})-?(\d{2})$/.exec(s);
  // 2000 is a leap year, so 02-29 passes as a yearless birthday.
  if (m && isIsoDate(`2000-${m[1]}-${m[2]}`)) return `${m[1]}-${m[2]}`;
  return null;
}

const HOST_KEYS: [RegExp, string][] = [
  [/(^|\.)github\.com$/, 'github'],
  [/(^|\.)gitlab\.com$/, 'gitlab'],
  [/(^|\.)linkedin\.com$/, 'linkedin'],
  [/(^|\.)(twitter|x)\.com$/, 'twitter'],
];

/** The `links` key for a URL, from its host: `github`, `linkedin`, ... else `website`. */
export function linkKeyForUrl(url: string): string {
  let host = '';
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`).hostname.toLowerCase();
  } catch {
    return 'website';
  }
  for (const [re, key] of HOST_KEYS) if (re.test(host)) return key;
  return 'website';
}

/**
 * Sets `map[key]` as the map's own property. Keys come from the files
 * (`links.constructor`, `links.__proto__`): plain assignment would run the
 * `__proto__` setter instead of storing the value.
 */
export function setOwn(map: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Adds a link under `key`, or `key2`, `key3`, ... when taken by another URL; a repeated URL is dropped. */
export function addLink(links: Record<string, string>, key: string, url: string): void {
  const value = url.trim();
  if (value === '' || Object.values(links).includes(value)) return;
  let name = key;
  for (let n = 2; Object.hasOwn(links, name); n++) name = `${key}${n}`;
  setOwn(links, name, value);
}

/** At most `max` characters of `text` for a message, `…` marking a cut. */
export function excerpt(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `links.github` / `link.github` / `links_github` → `github`; null for other column names. */
export function linkColumnKey(column: string): string | null {
  const m = /^links?[._](.+)$/.exec(column);
  return m ? m[1]! : null;
}

/**
 * The person with every control character removed (line breaks kept in notes
 * only), whatever the file held: nothing that reaches a contact file may
 * carry one. Values left empty are dropped.
 */
export function cleanImportedPerson(p: ImportedPerson): ImportedPerson {
  const one = (v: string) => withoutControls(v, false);
  const opt = (v: string | null) => (v === null ? null : one(v) || null);
  const list = (vs: string[]) => {
    const out: string[] = [];
    addUnique(out, ...vs.map(one));
    return out;
  };
  const links: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.links)) {
    const key = one(k);
    const url = one(v);
    if (key !== '' && url !== '') setOwn(links, key, url);
  }
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.extra)) extra[one(k)] = withoutControls(v, true);
  const parts = p.nameParts;
  return {
    ...p,
    name: one(p.name),
    aliases: list(p.aliases),
    nameParts: parts && {
      prefix: one(parts.prefix),
      given: one(parts.given),
      additional: one(parts.additional),
      family: one(parts.family),
      suffix: one(parts.suffix),
    },
    emails: list(p.emails),
    phones: list(p.phones),
    company: opt(p.company),
    role: opt(p.role),
    location: opt(p.location),
    tags: list(p.tags),
    expertise: list(p.expertise),
    links,
    notes: p.notes === null ? null : inertNotes(withoutControls(p.notes, true).trim()) || null,
    birthday: opt(p.birthday),
    met: opt(p.met),
    cadence: opt(p.cadence),
    extra,
  };
}
