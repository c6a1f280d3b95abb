/**
 * CSV (RFC 4180): a reader and writer, and the generic people import whose
 * header row names frontmatter keys (`name, email, tags, company, links.github`).
 * The reader is lenient where real spreadsheets are sloppy (a stray quote inside
 * an unquoted field is kept as text) and strict where data would be lost (a
 * quoted field that never closes is an error naming its line).
 */
import { parseCadence } from '../domain/cadence.js';
import { isIsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import {
  addLink,
  addUnique,
  linkColumnKey,
  newImportedPerson,
  normaliseBirthday,
  splitListCell,
} from './person.js';
import type { ImportedPerson, ImportResult } from './types.js';

/** One record of a CSV file and the 1-based line it starts on. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Reads CSV text into records. Accepts a BOM, CRLF, LF or CR line ends, quoted
 * fields with embedded delimiters, doubled quotes and line breaks. A blank line
 * is a record of one empty field; a final line break adds no record. `limit`
 * stops after that many records (to look at a file's head).
 */
export function readCsv(text: string, delimiter = ',', limit = Number.POSITIVE_INFINITY): CsvRecord[] {
  const src = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  // Whether anything of the current record has been read: `""` alone is a record.
  let started = false;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    records.push({ fields, line: recordLine });
    fields = [];
    field = '';
    started = false;
  };
  while (i < src.length && records.length < limit) {
    const ch = src[i]!;
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    started = true;
    if (ch === '"' && field === '') {
      // A quoted field: runs to the next quote that is not doubled.
      const openLine = line;
      i++;
      for (;;) {
        if (i >= src.length) throw new PlnError('invalid', `line ${openLine}: a quoted CSV field is never closed`);
        const c = src[i]!;
        if (c === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
        i++;
      }
      // Text after the closing quote (`"a"b`) is malformed; keep it rather than drop it.
      continue;
    }
    if (ch === delimiter) {
      fields.push(field);
      field = '';
      i++;
    } else {
      field += ch;
      i++;
    }
  }
  if (started && records.length < limit) endRecord();
  return records;
}

function quoteField(value: string): string {
  // Leading or trailing spaces are quoted too: some readers trim unquoted fields.
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rows as RFC 4180 CSV: CRLF after every row, fields quoted only when needed. */
export function toCsv(rows: string[][]): string {
  return rows.map((row) => row.map(quoteField).join(',') + '\r\n').join('');
}

// A cell a spreadsheet reads as a formula; `'` before it (repeated) too, so that taking one `'` off restores any value.
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** A cell as exported: `'` in front of one a spreadsheet would run as a formula (OWASP). */
export function neutralisedCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The value of a cell `neutralisedCell` wrote. */
export function restoreCell(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

/** Whether a header row is the one `pln export --format csv` writes. */
function isOwnExport(header: CsvRecord): boolean {
  const cells = header.fields.map(normaliseHeader);
  return cells[0] === 'slug' && cells[1] === 'name' && cells.at(-1) === 'due_date';
}

/** True when every field of the record is empty (a blank line). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

/** Header cell → comparable key: `Email Address` → `email_address`, `links.GitHub` → `links.github`. */
export function normaliseHeader(cell: string): string {
  return cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

type Field =
  | 'name'
  | 'first'
  | 'last'
  | 'email'
  | 'phone'
  | 'tags'
  | 'expertise'
  | 'company'
  | 'role'
  | 'location'
  | 'cadence'
  | 'cadence_days'
  | 'birthday'
  | 'notes'
  | 'met'
  | 'ignore';

const COLUMN_FIELDS: Record<string, Field> = {
  name: 'name',
  full_name: 'name',
  display_name: 'name',
  first_name: 'first',
  given_name: 'first',
  last_name: 'last',
  family_name: 'last',
  surname: 'last',
  email: 'email',
  emails: 'email',
  e_mail: 'email',
  email_address: 'email',
  phone: 'phone',
  phones: 'phone',
  tel: 'phone',
  telephone: 'phone',
  mobile: 'phone',
  phone_number: 'phone',
  tags: 'tags',
  tag: 'tags',
  categories: 'tags',
  expertise: 'expertise',
  topics: 'expertise',
  skills: 'expertise',
  company: 'company',
  organization: 'company',
  organisation: 'company',
  org: 'company',
  role: 'role',
  title: 'role',
  job_title: 'role',
  position: 'role',
  location: 'location',
  city: 'location',
  cadence: 'cadence',
  cadence_days: 'cadence_days',
  birthday: 'birthday',
  bday: 'birthday',
  notes: 'notes',
  note: 'notes',
  met: 'met',
  connected_on: 'met',
  // Values pln derives itself (from its own export): not data to import.
  slug: 'ignore',
  file: 'ignore',
  due_date: 'ignore',
  days_overdue: 'ignore',
};

/** Bare link columns a spreadsheet is likely to have. */
const LINK_COLUMNS: Record<string, string> = {
  github: 'github',
  gitlab: 'gitlab',
  linkedin: 'linkedin',
  twitter: 'twitter',
  website: 'website',
  url: 'website',
};

type Column = { kind: 'field'; field: Field } | { kind: 'link'; key: string } | { kind: 'extra'; key: string };

function classifyColumn(header: string): Column {
  const key = normaliseHeader(header);
  // `Email 2`, `phone_1`: numbered copies of a list column.
  const base = key.replace(/_?\d+$/, '');
  const field = COLUMN_FIELDS[key] ?? (base !== key ? COLUMN_FIELDS[base] : undefined);
  if (field) return { kind: 'field', field };
  const link = linkColumnKey(key) ?? LINK_COLUMNS[key];
  if (link) return { kind: 'link', key: link };
  return { kind: 'extra', key };
}

/** `,` unless the header line uses `;` or tabs instead (spreadsheets in many locales do). */
function sniffDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  if (first.includes(',')) return ',';
  if (first.includes(';')) return ';';
  if (first.includes('\t')) return '\t';
  return ',';
}

/**
 * Generic CSV import: the first non-blank row is the header; each later row is a
 * person. Lists in a cell are separated by `;` or `,`; `links.NAME` columns
 * become links; columns it does not know land in `extra`. Throws when there is
 * no `name` (or first/last name) column.
 */
export function parseCsvPeople(text: string): ImportResult {
  const records = readCsv(text, sniffDelimiter(text));
  const headerIndex = records.findIndex((r) => !isBlankRecord(r));
  if (headerIndex === -1) throw new PlnError('invalid', 'the CSV file is empty: expected a header row such as "name,email,tags"');
  const header = records[headerIndex]!;
  const columns = header.fields.map(classifyColumn);
  const has = (f: Field) => columns.some((c) => c.kind === 'field' && c.field === f);
  if (!has('name') && !has('first') && !has('last')) {
    throw new PlnError(
      'invalid',
      `line ${header.line}: the CSV header has no "name" column (found: ${header.fields.map((f) => f.trim()).join(', ')})`,
    );
  }

  const result: ImportResult = { people: [], skipped: 0, warnings: [] };
  const own = isOwnExport(header);
  for (const record of records.slice(headerIndex + 1)) {
    if (isBlankRecord(record)) continue;
    if (own) record.fields = record.fields.map(restoreCell);
    if (record.fields.length > columns.length) {
      result.warnings.push(
        `line ${record.line}: ${record.fields.length} fields but the header has ${columns.length}; the extra ones are ignored`,
      );
    }
    const person = rowToPerson(record, columns, result.warnings);
    if (person) result.people.push(person);
    else {
      result.skipped++;
      result.warnings.push(`line ${record.line}: no name, skipped`);
    }
  }
  return result;
}

function rowToPerson(record: CsvRecord, columns: Column[], warnings: string[]): ImportedPerson | null {
  const person = newImportedPerson('');
  let first = '';
  let last = '';
  let cadenceDays: string | null = null;
  const at = `line ${record.line}`;
  columns.forEach((column, index) => {
    const cell = (record.fields[index] ?? '').trim();
    if (cell === '') return;
    if (column.kind === 'link') return addLink(person.links, column.key, cell);
    if (column.kind === 'extra') {
      person.extra[column.key] = cell;
      return;
    }
    switch (column.field) {
      case 'name':
        person.name ||= cell;
        break;
      case 'first':
        first ||= cell;
        break;
      case 'last':
        last ||= cell;
        break;
      case 'email':
        addUnique(person.emails, ...splitListCell(cell));
        break;
      case 'phone':
        addUnique(person.phones, ...splitListCell(cell));
        break;
      case 'tags':
        addUnique(person.tags, ...splitListCell(cell));
        break;
      case 'expertise':
        addUnique(person.expertise, ...splitListCell(cell));
        break;
      case 'company':
        person.company ??= cell;
        break;
      case 'role':
        person.role ??= cell;
        break;
      case 'location':
        person.location ??= cell;
        break;
      case 'notes':
        person.notes = person.notes === null ? cell : `${person.notes}\n\n${cell}`;
        break;
      case 'cadence':
        if (parseCadence(cell)) person.cadence = cell;
        else warnings.push(`${at}: cadence "${cell}" is not a duration (try 2w, 30d, monthly), ignored`);
        break;
      case 'cadence_days':
        cadenceDays = /^\d+$/.test(cell) && cell !== '0' ? `${Number(cell)}d` : null;
        break;
      case 'birthday':
        person.birthday = normaliseBirthday(cell);
        if (person.birthday === null) warnings.push(`${at}: birthday "${cell}" is not MM-DD or YYYY-MM-DD, ignored`);
        break;
      case 'met':
        if (isIsoDate(cell)) person.met = cell;
        else warnings.push(`${at}: date "${cell}" is not YYYY-MM-DD, ignored`);
        break;
      default:
        break;
    }
  });
  person.cadence ??= cadenceDays;
  person.name ||= [first, last].filter(Boolean).join(' ');
  return person.name === '' ? null : person;
}
