/**
 * JSON export: an array of objects with snake_case keys, `YYYY-MM-DD` dates and
 * null for a missing value (SPEC §4), readable again by `parseJsonPeople`.
 */
import type { ExportPerson } from './types.js';

/** One exported person, every key present (the order of the output is toJsonPeople's). */
export type JsonPerson = Required<ExportPerson>;

/** The JSON value for `pln export --format json`, before stringifying. */
export function toJsonPeople(people: ExportPerson[]): JsonPerson[] {
  return people.map((p) => ({
    slug: p.slug,
    name: p.name,
    emails: [...p.emails],
    phones: [...p.phones],
    company: p.company,
    role: p.role,
    location: p.location,
    tags: [...p.tags],
    expertise: [...p.expertise],
    links: { ...p.links },
    notes: p.notes,
    birthday: p.birthday,
    cadence: p.cadence ?? null,
    cadence_days: p.cadence_days,
    last_contact: p.last_contact,
    due_date: p.due_date,
  }));
}

/** The export as text: indented two spaces, with a final newline. */
export function exportJson(people: ExportPerson[]): string {
  return JSON.stringify(toJsonPeople(people), null, 2) + '\n';
}
