/**
 * LinkedIn's `Connections.csv` (Settings → Data privacy → Get a copy of your data).
 * The file opens with a few lines of notes (`Notes:`, a quoted paragraph that may
 * span lines, a blank line) whose length LinkedIn has changed over the years, so
 * the header row is found by its column names rather than by skipping a count.
 */
import { isIsoDate } from '../domain/dates.js';
import { PlnError } from '../domain/errors.js';
import { fitRow, isBlankRecord, LineGroups, normaliseHeader, readCsv, type CsvRecord } from './csv.js';
import { emptyNameParts } from './names.js';
import { addLink, addUnique, excerpt, newImportedPerson, textOrNull } from './person.js';
import type { ImportResult } from './types.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * `05 Jan 2024` (what LinkedIn writes since about 2019), `1/8/18, 6:14 PM` or
 * `1/8/2018` (2018 exports: month first, US style, time ignored),
 * `5 January 2024` or `2024-01-05` → `2024-01-05`; null for anything else.
 */
export function parseConnectedOn(value: string): string | null {
  const s = value.trim();
  if (isIsoDate(s)) return s;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]\.?M\.?)?)?$/i.exec(s);
  if (us) {
    // LinkedIn began in 2003: a two-digit year is this century.
    const year = us[3]!.length === 2 ? `20${us[3]}` : us[3]!;
    const iso = `${year}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
    return isIsoDate(iso) ? iso : null;
  }
  const m = /^(\d{1,2})[\s-]+([A-Za-z]{3,})\.?[\s-]+(\d{4})$/.exec(s);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
  if (month === -1) return null;
  const iso = `${m[3]}-${String(month + 1).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** The LinkedIn header row: a record naming both `First Name` and `Last Name`. */
export function findLinkedinHeader(records: CsvRecord[]): number {
  return records.findIndex((r) => {
    const cells = r.fields.map(normaliseHeader);
    return cells.includes('first_name') && cells.includes('last_name');
  });
}

/**
 * Parses a LinkedIn `Connections.csv`. Connections who hide their details come
 * out as rows empty but for the date: those are counted in `skipped`.
 */
export function parseLinkedin(text: string): ImportResult {
  const records = readCsv(text);
  const headerIndex = findLinkedinHeader(records);
  if (headerIndex === -1) {
    throw new PlnError('invalid', 'not a LinkedIn Connections.csv: no header row with "First Name,Last Name,URL,Email Address,Company,Position,Connected On"');
  }
  const header = records[headerIndex]!.fields.map(normaliseHeader);
  const column = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const cols = {
    first: column('first_name'),
    last: column('last_name'),
    url: column('url', 'profile_url'),
    email: column('email_address', 'email'),
    company: column('company'),
    position: column('position', 'title'),
    connected: column('connected_on'),
    tags: column('tags'),
  };

  const result: ImportResult = { people: [], skipped: 0, warnings: [] };
  const rowNotes = new LineGroups();
  const filled = new Set<number>();
  const dates = new LineGroups();
  let firstBadDate: string | null = null;
  for (const raw of records.slice(headerIndex + 1)) {
    if (isBlankRecord(raw)) continue;
    const record = fitRow(raw, header.length, ',', rowNotes);
    const cell = (index: number) => (index === -1 ? '' : (record.fields[index] ?? '').trim());
    record.fields.forEach((f, i) => {
      if (f.trim() !== '') filled.add(i);
    });
    const name = [cell(cols.first), cell(cols.last)].filter(Boolean).join(' ');
    const hasOtherData = record.fields.some((f, i) => i !== cols.connected && f.trim() !== '');
    if (!hasOtherData) {
      result.skipped++;
      continue;
    }
    if (name === '') {
      result.skipped++;
      result.warnings.push(`line ${record.line}: a connection with no name, skipped`);
      continue;
    }
    const person = newImportedPerson(name);
    person.at = `line ${record.line}`;
    person.nameParts = { ...emptyNameParts(), given: cell(cols.first), family: cell(cols.last) };
    // Some exports put the member's internal id (`urn:li:member:664293716`) where the e-mail goes.
    if (cell(cols.email).includes('@')) addUnique(person.emails, cell(cols.email));
    if (cols.tags !== -1) addUnique(person.tags, ...cell(cols.tags).split(/[,;]/));
    person.company = textOrNull(cell(cols.company));
    person.role = textOrNull(cell(cols.position));
    if (cell(cols.url) !== '') addLink(person.links, 'linkedin', cell(cols.url));
    const connected = cell(cols.connected);
    if (connected !== '') {
      person.met = parseConnectedOn(connected);
      if (person.met === null) {
        firstBadDate ??= connected;
        dates.add('"Connected On" dates not understood', record.line);
      }
    }
    result.people.push(person);
  }
  const bad = excerpt(firstBadDate ?? '');
  result.warnings.push(
    ...rowNotes.warnings(),
    ...dates.warnings().map((w) => (w.startsWith('line ') ? w.replace('dates not understood', `date "${bad}" not understood, ignored`) : `${w} (the first: "${bad}"), ignored`)),
  );
  const used = new Set<number>(Object.values(cols));
  const raw = records[headerIndex]!.fields;
  result.ignoredColumns = raw.flatMap((h, i) => (!used.has(i) && filled.has(i) ? [h.trim()] : []));
  return result;
}
