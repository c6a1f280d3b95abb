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
import { splitUnescaped } from './contentline.js';
import { classifyColumns, normaliseHeader, type Column } from './csv-columns.js';
import { emptyNameParts } from './names.js';
import { addLink, addUnique, excerpt, linkKeyForUrl, newImportedPerson, normaliseBirthday, setOwn, splitListCell } from './person.js';
import type { ImportedPerson, ImportResult } from './types.js';

export { normaliseHeader };

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
  return readCsvHead(text, delimiter, limit, true).records;
}

/**
 * `readCsv`, but when `strict` is false a quoted field that never closes ends
 * the reading instead of throwing: the records before it come back, with the
 * error (for looking at a file's head, where the header matters more).
 */
export function readCsvHead(text: string, delimiter = ',', limit = Number.POSITIVE_INFINITY, strict = false): { records: CsvRecord[]; error: PlnError | null } {
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
        if (i >= src.length) {
          const error = new PlnError('invalid', `line ${openLine}: a quoted CSV field is never closed`);
          if (strict) throw error;
          return { records, error };
        }
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
  return { records, error: null };
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
  return cells[0] === 'slug' && cells[1] === 'name' && cells.includes('due_date');
}

/** True when every field of the record is empty (a blank line). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}

/**
 * Joins a list into one cell, as pln's CSV export writes it: `; ` between
 * values, and `\;`, `\,` and `\\` inside one, so `+1-418-656-9254;ext=102`
 * stays one phone when the file is read back.
 */
export function joinListCell(values: string[]): string {
  return values.map((v) => v.replace(/[\\;,]/g, (ch) => `\\${ch}`)).join('; ');
}

/**
 * Splits a list cell: on unescaped `;` when there is one, else on unescaped `,`
 * (the reverse of `joinListCell`; a hand-made `mentor, rust` works too).
 */
export function splitEscapedList(cell: string): string[] {
  if (!cell.includes('\\')) return splitListCell(cell);
  const bySemicolon = splitUnescaped(cell, ';');
  const raw = bySemicolon.length > 1 ? bySemicolon : splitUnescaped(cell, ',');
  const out: string[] = [];
  addUnique(out, ...raw.map((v) => v.replace(/\\([\\;,])/g, '$1')));
  return out;
}

/** Google joins several values of one field with ` ::: `. */
const GOOGLE_MULTI = ' ::: ';

function cellValues(cell: string, list: boolean): string[] {
  if (cell.includes(GOOGLE_MULTI))
    return cell
      .split(GOOGLE_MULTI)
      .map((v) => v.trim())
      .filter(Boolean);
  return list ? splitEscapedList(cell) : [cell];
}

/** `,` unless the header line uses `;` or tabs instead (spreadsheets in many locales do). */
function sniffDelimiter(text: string): string {
  const first =
    text
      .replace(/^\uFEFF/, '')
      .split(/\r\n|\r|\n/)
      .find((l) => l.trim() !== '') ?? '';
  if (first.includes(',')) return ',';
  if (first.includes(';')) return ';';
  if (first.includes('\t')) return '\t';
  return ',';
}

/** Line numbers that share one complaint, reported as one warning. */
export class LineGroups {
  private groups = new Map<string, number[]>();

  add(message: string, line: number): void {
    const lines = this.groups.get(message) ?? [];
    lines.push(line);
    this.groups.set(message, lines);
  }

  /** `line 4: …` or `lines 4, 9, 12 and 3 more: …`. */
  warnings(): string[] {
    return [...this.groups].map(([message, lines]) => {
      const shown = lines.slice(0, 5).join(', ');
      const more = lines.length > 5 ? ` and ${lines.length - 5} more` : '';
      return `${lines.length === 1 ? 'line' : 'lines'} ${shown}${more}: ${message}`;
    });
  }
}

/**
 * Checks a row's length against the header's. A row LinkedIn wrote as one
 * quoted field (`"Laura,Herbst,,Interhyp"`) is read as the fields inside it;
 * a row with fewer fields than the header is read with the rest empty and
 * reported, since it may have been cut (a URL ending in `https://www.li`).
 */
export function fitRow(record: CsvRecord, width: number, delimiter: string, rowNotes: LineGroups): CsvRecord {
  if (record.fields.length === 1 && width > 1 && record.fields[0]!.includes(delimiter)) {
    const inner = readCsvHead(record.fields[0]!, delimiter, 1).records[0];
    if (inner && inner.fields.length > 1) {
      rowNotes.add('the whole row is one quoted field; read as the fields inside it', record.line);
      return fitRow({ fields: inner.fields, line: record.line }, width, delimiter, rowNotes);
    }
  }
  if (record.fields.length < width) {
    rowNotes.add(`fewer fields than the header's ${width}; the missing ones are read as empty (is the row cut short?)`, record.line);
  } else if (record.fields.slice(width).some((f) => f.trim() !== '')) {
    // Empty ones past the end are a trailing delimiter (Thunderbird writes one).
    rowNotes.add(`more fields than the header's ${width}; the extra ones are ignored`, record.line);
  }
  return record;
}

/** Keys of `extra` the import itself uses (pln's own CSV export writes them). */
const USED_EXTRA = new Set(['last_contact', 'added']);

/**
 * CSV import: the first non-blank row is the header; each later row is a
 * person. The header may be pln's own (`name, email, tags, links.github`) or
 * that of Google Contacts, Outlook, Thunderbird or Apple (see csv-columns.ts).
 * Columns it does not use are listed in `ignoredColumns`. Throws when there is
 * no name column.
 */
export function parseCsvPeople(text: string): ImportResult {
  const delimiter = sniffDelimiter(text);
  const records = readCsv(text, delimiter);
  const headerIndex = records.findIndex((r) => !isBlankRecord(r));
  if (headerIndex === -1) throw new PlnError('invalid', 'the CSV file is empty: expected a header row such as "name,email,tags"');
  const header = records[headerIndex]!;
  const columns = classifyColumns(header.fields);
  const has = (f: string) => columns.some((c) => c.kind === 'field' && c.field === f);
  if (!has('name') && !has('first') && !has('last')) {
    throw new PlnError('invalid', `line ${header.line}: the CSV header has no "name" column (found: ${excerpt(header.fields.map((f) => f.trim()).join(', '), 200)})`);
  }

  const result: ImportResult = { people: [], skipped: 0, warnings: [] };
  const rowNotes = new LineGroups();
  const used = new Set<number>();
  const rowWarnings: string[] = [];
  const own = isOwnExport(header);
  for (const raw of records.slice(headerIndex + 1)) {
    if (isBlankRecord(raw)) continue;
    if (own) raw.fields = raw.fields.map(restoreCell);
    const record = fitRow(raw, columns.length, delimiter, rowNotes);
    const person = rowToPerson(record, columns, rowWarnings, used);
    if (person) result.people.push(person);
    else {
      result.skipped++;
      rowNotes.add('no name, skipped', record.line);
    }
  }
  result.warnings.push(...rowWarnings, ...rowNotes.warnings());
  result.ignoredColumns = columns.flatMap((c, i) => (c.kind === 'extra' && !USED_EXTRA.has(c.key) && used.has(i) ? [header.fields[i]!.trim()] : []));
  return result;
}

/** `1/8/1990` (Outlook, US order) → `1990-01-08`; `0/0/00` and the like → ''. */
function usDate(cell: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(cell);
  if (!m) return null;
  if (Number(m[1]) === 0 || Number(m[2]) === 0) return '';
  const year = m[3]!.length === 2 ? (Number(m[3]) > 30 ? '19' : '20') + m[3] : m[3]!;
  return normaliseBirthday(`${year}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}`);
}

/** Google's system labels (`* myContacts`, `* starred`) are not the user's tags. */
function isSystemLabel(label: string): boolean {
  return label.startsWith('* ');
}

function rowToPerson(record: CsvRecord, columns: Column[], warnings: string[], used: Set<number>): ImportedPerson | null {
  const person = newImportedPerson('');
  const parts = emptyNameParts();
  const birth = { year: '', month: '', day: '' };
  let cadenceDays: string | null = null;
  const at = `line ${record.line}`;
  person.at = at;
  columns.forEach((column, index) => {
    const cell = (record.fields[index] ?? '').trim();
    if (cell === '') return;
    used.add(index);
    if (column.kind === 'link') return addLink(person.links, column.key, cell);
    if (column.kind === 'extra') {
      setOwn(person.extra, column.key, cell);
      return;
    }
    const values = () => cellValues(cell, column.list);
    const join = (part: string, value: string) => (part === '' ? value : `${part} ${value}`);
    switch (column.field) {
      case 'name':
        person.name ||= cell;
        break;
      case 'first':
        parts.given = join(parts.given, cell);
        break;
      case 'middle':
        parts.additional = join(parts.additional, cell);
        break;
      case 'last':
        parts.family = join(parts.family, cell);
        break;
      case 'prefix':
        parts.prefix = join(parts.prefix, cell);
        break;
      case 'suffix':
        parts.suffix = join(parts.suffix, cell);
        break;
      case 'nickname':
        addUnique(person.aliases, ...values());
        break;
      case 'email':
        addUnique(person.emails, ...values());
        break;
      case 'phone':
        addUnique(person.phones, ...values());
        break;
      case 'tags':
        addUnique(person.tags, ...cellValues(cell, true));
        break;
      case 'labels':
        addUnique(person.tags, ...cellValues(cell, false).filter((l) => !isSystemLabel(l)));
        break;
      case 'expertise':
        addUnique(person.expertise, ...values());
        break;
      case 'website':
        for (const url of values()) addLink(person.links, linkKeyForUrl(url), url);
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
        else warnings.push(`${at}: cadence "${excerpt(cell)}" is not a duration (try 2w, 30d, monthly), ignored`);
        break;
      case 'cadence_days':
        cadenceDays = /^\d+$/.test(cell) && cell !== '0' ? `${Number(cell)}d` : null;
        break;
      case 'birthday': {
        const us = usDate(cell);
        if (us === '') break;
        person.birthday = us ?? normaliseBirthday(cell);
        if (person.birthday === null) warnings.push(`${at}: birthday "${excerpt(cell)}" is not MM-DD or YYYY-MM-DD, ignored`);
        break;
      }
      case 'birth_year':
        birth.year = cell;
        break;
      case 'birth_month':
        birth.month = cell;
        break;
      case 'birth_day':
        birth.day = cell;
        break;
      case 'met':
        if (isIsoDate(cell)) person.met = cell;
        else warnings.push(`${at}: date "${excerpt(cell)}" is not YYYY-MM-DD, ignored`);
        break;
      default:
        break;
    }
  });
  // cadence_days alone (a sheet of another tool) gives a cadence; next to a
  // cadence column (pln's own export) an empty cadence means "inherited from
  // pln.yml", and the days are only what that came to.
  if (!columns.some((c) => c.kind === 'field' && c.field === 'cadence')) person.cadence ??= cadenceDays;
  if (person.birthday === null && birth.month !== '' && birth.day !== '') {
    const mmdd = `${birth.month.padStart(2, '0')}-${birth.day.padStart(2, '0')}`;
    person.birthday = normaliseBirthday(/^\d{4}$/.test(birth.year) ? `${birth.year}-${mmdd}` : mmdd);
  }
  if (parts.given || parts.family || parts.additional || parts.prefix || parts.suffix) person.nameParts = parts;
  person.name ||= [parts.given, parts.additional, parts.family].filter(Boolean).join(' ');
  return person.name === '' ? null : person;
}
