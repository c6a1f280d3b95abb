/**
 * CSV export: a header row, then one row per person. Columns are named like the
 * frontmatter keys (`email`, `tags`, `links.github`) so the generic CSV import
 * reads the file back; lists are joined with `; `, a `;`, `,` or `\` inside a
 * value escaped with `\` (so a phone `+1 418 656 9254;ext=102` stays one).
 *
 * A cell that a spreadsheet would read as a formula (starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return) gets a `'` in front, as OWASP
 * recommends against CSV injection: a phone `+44 20 …` reads `'+44 20 …`.
 * `pln import` recognises its own export by its header and takes the `'`
 * off again (`neutralisedCell` / `restoreCell` in csv.ts).
 */
import { joinListCell, neutralisedCell, toCsv } from './csv.js';
import { NAME_PART_KEYS } from './names.js';
import type { ExportPerson } from './types.js';

/** `name_parts`, in columns the CSV import (and spreadsheets) know; empty when the name says it all. */
const NAME_COLUMNS = ['name_prefix', 'given_name', 'additional_name', 'family_name', 'name_suffix'];

/** The link columns: every link name any person has, sorted, so the columns are stable. */
function linkKeys(people: ExportPerson[]): string[] {
  return [...new Set(people.flatMap((p) => Object.keys(p.links)))].sort();
}

/** The people as CSV text (RFC 4180, CRLF line ends). */
export function exportCsv(people: ExportPerson[]): string {
  const links = linkKeys(people);
  const header = [
    'slug',
    'name',
    'email',
    'phone',
    'company',
    'role',
    'location',
    'tags',
    'expertise',
    ...links.map((k) => `links.${k}`),
    'notes',
    'birthday',
    'cadence',
    'cadence_days',
    'last_contact',
    'due_date',
    'aliases',
    ...NAME_COLUMNS,
  ];
  const rows = people.map((p) => [
    p.slug,
    p.name,
    joinListCell(p.emails),
    joinListCell(p.phones),
    p.company ?? '',
    p.role ?? '',
    p.location ?? '',
    joinListCell(p.tags),
    joinListCell(p.expertise),
    // Own links only: a link named `constructor` elsewhere is no reason to print Object's.
    ...links.map((k) => (Object.hasOwn(p.links, k) ? p.links[k]! : '')),
    p.notes ?? '',
    p.birthday ?? '',
    p.cadence ?? '',
    p.cadence_days === null ? '' : String(p.cadence_days),
    p.last_contact ?? '',
    p.due_date ?? '',
    joinListCell(p.aliases ?? []),
    ...NAME_PART_KEYS.map((k) => p.name_parts?.[k] ?? ''),
  ]);
  return toCsv([header, ...rows.map((row) => row.map(neutralisedCell))]);
}
