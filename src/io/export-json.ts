/**
 * JSON export: an array of objects with snake_case keys, `YYYY-MM-DD` dates and
 * null for a missing value (SPEC §4), readable again by `parseJsonPeople`.
 *
 * It is also the backup: besides the summary keys that scripts read, each
 * person carries `frontmatter` (every key as written), `log`, `followups`, the
 * file's path and its whole `text`, from which `pln import` recreates the file
 * byte for byte.
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
    aliases: [...(p.aliases ?? [])],
    name_parts: p.name_parts ?? null,
    file: p.file ?? null,
    frontmatter: p.frontmatter ?? {},
    log: p.log ?? [],
    followups: p.followups ?? [],
    text: p.text ?? null,
  }));
}

/** The export as text: indented two spaces, with a final newline. */
export function exportJson(people: ExportPerson[]): string {
  return JSON.stringify(toJsonPeople(people), null, 2) + '\n';
}
