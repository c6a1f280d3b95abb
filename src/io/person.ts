/**
 * Small helpers the importers share: an empty person, list cells, birthdays,
 * and naming a link after its host.
 */
import { isIsoDate } from '../domain/dates.js';
import type { ImportedPerson } from './types.js';

/** A person with a name and nothing else yet. */
export function newImportedPerson(name: string): ImportedPerson {
  return {
    name,
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

/** Adds a link under `key`, or `key2`, `key3`, ... when taken by another URL; a repeated URL is dropped. */
export function addLink(links: Record<string, string>, key: string, url: string): void {
  const value = url.trim();
  if (value === '' || Object.values(links).includes(value)) return;
  let name = key;
  for (let n = 2; name in links; n++) name = `${key}${n}`;
  links[name] = value;
}

/** `links.github` / `link.github` / `links_github` → `github`; null for other column names. */
export function linkColumnKey(column: string): string | null {
  const m = /^links?[._](.+)$/.exec(column);
  return m ? m[1]! : null;
}
