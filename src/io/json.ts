/**
 * JSON import: an array of people shaped like `pln export --format json` (and
 * like `pln list --json`). Unlike the spreadsheet formats, JSON is usually
 * written by a program, so a wrong type is an error naming the entry, not a
 * warning: it points at a bug in whatever produced the file.
 */
import { parseCadence } from '../domain/cadence.js';
import { isIsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { NAME_PART_KEYS, emptyNameParts } from './names.js';
import { addLink, addUnique, excerpt, newImportedPerson, normaliseBirthday, setOwn } from './person.js';
import type { ImportedPerson, ImportResult } from './types.js';

/** Keys pln derives itself (from its exports and `--json` output): not data to import. */
const DERIVED = new Set(['slug', 'cadence_days', 'due_date', 'days_overdue', 'frontmatter', 'log', 'followups', 'score', 'matches']);

const KNOWN = new Set([
  'name',
  'email',
  'emails',
  'phone',
  'phones',
  'tags',
  'expertise',
  'company',
  'role',
  'location',
  'links',
  'notes',
  'birthday',
  'cadence',
  'met',
  'aliases',
  'name_parts',
  'file',
  'text',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How much of a value a message quotes. */
const PREVIEW_CHARS = 60;
/** How deep a message looks into a value: a file may nest as deep as JSON.parse allows. */
const PREVIEW_DEPTH = 3;

/**
 * A value as JSON for a message, cut at PREVIEW_CHARS with `…`: only the
 * levels and members that fit are looked at, so a value nested 100,000
 * deep or a string of megabytes gives one short line.
 */
export function previewJson(value: Json | undefined): string {
  let out = '';
  const walk = (v: Json, depth: number): void => {
    if (Array.isArray(v) || isObject(v)) {
      const [left, right] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
      const keys = Array.isArray(v) ? null : Object.keys(v);
      const length = keys === null ? (v as Json[]).length : keys.length;
      if (length > 0 && depth >= PREVIEW_DEPTH) {
        out += `${left}…${right}`;
        return;
      }
      out += left;
      for (let i = 0; i < length && out.length <= PREVIEW_CHARS; i++) {
        if (i > 0) out += ',';
        if (keys === null) walk((v as Json[])[i]!, depth + 1);
        else {
          out += `${JSON.stringify(excerpt(keys[i]!, PREVIEW_CHARS))}:`;
          walk((v as Record<string, Json>)[keys[i]!]!, depth + 1);
        }
      }
      out += right;
    } else {
      out += JSON.stringify(typeof v === 'string' ? v.slice(0, PREVIEW_CHARS + 1) : v);
    }
  };
  if (value === undefined) return 'nothing';
  walk(value, 0);
  return excerpt(out, PREVIEW_CHARS);
}

/**
 * Parses JSON text into people. Throws a PlnError for text that is not JSON,
 * a value that is not an array, or an entry with a missing name or a wrong type
 * (`entry [3] (Ada Lovelace): "tags" must be a list of strings`).
 */
export function parseJsonPeople(text: string): ImportResult {
  let value: Json;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, '')) as Json;
  } catch (err) {
    throw new PlnError('invalid', `not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) {
    throw new PlnError('invalid', `expected a JSON array of people, found ${isObject(value) ? 'an object' : typeof value}`);
  }
  const result: ImportResult = { people: [], skipped: 0, warnings: [] };
  value.forEach((entry, index) => result.people.push(entryToPerson(entry, index, result.warnings)));
  return result;
}

function entryToPerson(entry: Json, index: number, warnings: string[]): ImportedPerson {
  if (!isObject(entry)) throw new PlnError('invalid', `entry [${index}]: expected an object with a "name", found ${previewJson(entry)}`);
  const name = entry.name;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new PlnError('invalid', `entry [${index}]: "name" must be a non-empty string`);
  }
  const where = `entry [${index}] (${excerpt(name.trim())})`;
  const fail = (key: string, expected: string): never => {
    throw new PlnError('invalid', `${where}: "${key}" must be ${expected}, found ${previewJson(entry[key])}`);
  };
  /** A string or a list of strings; null and absent are an empty list. */
  const list = (key: string): string[] => {
    const v = entry[key];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return [v];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    return fail(key, 'a string or a list of strings');
  };
  const text = (key: string): string | null => {
    const v = entry[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return fail(key, 'a string or null');
    return v.trim() === '' ? null : v.trim();
  };

  const person = newImportedPerson(name.trim());
  person.at = `entry [${index}]`;
  addUnique(person.aliases, ...list('aliases'));
  const parts = entry.name_parts;
  if (parts !== undefined && parts !== null) {
    if (!isObject(parts) || !Object.values(parts).every((v) => typeof v === 'string')) fail('name_parts', 'an object of name part → string');
    person.nameParts = emptyNameParts();
    for (const k of NAME_PART_KEYS) person.nameParts[k] = ((parts as Record<string, string>)[k] ?? '').trim();
  }
  // pln's own backup: the whole file, recreated as it was.
  const fileText = entry.text;
  if (fileText !== undefined && fileText !== null) {
    if (typeof fileText !== 'string') fail('text', 'the text of a contact file, or null');
    const file = entry.file;
    if (file !== undefined && file !== null && typeof file !== 'string') fail('file', 'a path such as contacts/ada.md, or null');
    person.source = { file: typeof file === 'string' ? file : null, text: fileText as string };
  }
  addUnique(person.emails, ...list('emails'), ...list('email'));
  addUnique(person.phones, ...list('phones'), ...list('phone'));
  addUnique(person.tags, ...list('tags'));
  addUnique(person.expertise, ...list('expertise'));
  person.company = text('company');
  person.role = text('role');
  person.location = text('location');
  person.notes = text('notes');

  const links = entry.links;
  if (links !== undefined && links !== null) {
    if (!isObject(links) || !Object.values(links).every((u) => typeof u === 'string')) fail('links', 'an object of name → URL strings');
    for (const [key, url] of Object.entries(links as Record<string, string>)) addLink(person.links, key, url);
  }

  const birthday = text('birthday');
  if (birthday !== null) person.birthday = normaliseBirthday(birthday) ?? fail('birthday', 'MM-DD or YYYY-MM-DD');
  const met = text('met');
  if (met !== null) person.met = isIsoDate(met) ? met : fail('met', 'a YYYY-MM-DD date');
  const cadence = text('cadence');
  if (cadence !== null) person.cadence = parseCadence(cadence) ? cadence : fail('cadence', 'a duration such as 30d, 2w or monthly');
  // Our own export always has cadence_days; use it when the cadence text is absent.
  const days = entry.cadence_days;
  if (person.cadence === null && days !== undefined && days !== null) {
    if (typeof days !== 'number' || !Number.isInteger(days) || days <= 0) fail('cadence_days', 'a positive whole number or null');
    person.cadence = `${days as number}d`;
  }

  for (const [key, v] of Object.entries(entry)) {
    if (KNOWN.has(key) || DERIVED.has(key)) continue;
    if (typeof v === 'string') {
      if (v.trim() !== '') setOwn(person.extra, key, v.trim());
    } else if (v !== null) {
      warnings.push(`${where}: "${excerpt(key)}" is not a string, ignored`);
    }
  }
  return person;
}
