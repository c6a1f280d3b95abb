/**
 * The sample people of the test suite, as contact-file text: the bytes a test
 * puts in its network with `network()` from pln.ts.
 *
 * - `ADA`, `GRACE`: Ada Lovelace and Grace Hopper, name only.
 * - `ADA_RUST`: Ada with one topic (`expertise: [rust]`), someone `who rust` finds.
 * - `JO_ABLE`, `JO_BAKER`: two people `jo` matches, for an ambiguous WHO.
 * - `BROKEN`: a contact file whose front matter is not YAML, for the warnings.
 * - `person(fields, body)`, and `adaWith` and `graceWith` for the two of them:
 *   a contact file with these front-matter fields, in the order given.
 * - `exportPerson(fields)`: a person as the exporters take one, with nothing
 *   but the fields given (the io tests' fixtures).
 * - `sampleFiles()`: the files of a small network of all of these (a richer
 *   Ada and Grace) with its `pln.yml`, for `network()`. (`sampleNetwork()` in
 *   mcp.ts is another thing: a copy of templates/sample.)
 *
 * Outputs are compared byte for byte, so a fixture is exactly what
 * `contact()` writes: `---`, one field a line, `---`, then the body as given.
 * A test whose person differs in a field its assertions read says so with an
 * explicit field (`adaWith({ cadence: '30d' })`) or keeps its own file text.
 */
import type { ExportPerson } from '../../src/io/types.js';
import { contact } from './pln.js';

/**
 * A front-matter value as it is written: a string verbatim (quotes and a
 * trailing comment included, when the caller writes them), a list in flow
 * style (`[a, b]`), a map one field an indented line.
 */
export type Field = string | readonly string[] | Readonly<Record<string, string>>;
export type Fields = Readonly<Record<string, Field>>;

function line(key: string, value: Field): string {
  if (typeof value === 'string') return `${key}: ${value}`;
  if (Array.isArray(value)) return `${key}: [${value.join(', ')}]`;
  return [`${key}:`, ...Object.entries(value).map(([k, v]) => `  ${k}: ${v}`)].join('\n');
}

/** A contact file: `fields` as front matter in their order, then `body`. */
export function person(fields: Fields & { name: string }, body = ''): string {
  return contact(
    Object.entries(fields)
      .map(([key, value]) => line(key, value))
      .join('\n'),
    body,
  );
}

/** Ada Lovelace with `fields` after her name, then `body`. */
export function adaWith(fields: Fields = {}, body = ''): string {
  return person({ name: 'Ada Lovelace', ...fields }, body);
}

/** Grace Hopper with `fields` after her name, then `body`. */
export function graceWith(fields: Fields = {}, body = ''): string {
  return person({ name: 'Grace Hopper', ...fields }, body);
}

export const ADA = adaWith();
export const GRACE = graceWith();
export const ADA_RUST = adaWith({ expertise: ['rust'] });
export const JO_ABLE = person({ name: 'Jo Able' });
export const JO_BAKER = person({ name: 'Jo Baker' });
export const BROKEN = '---\nname: [unclosed\n---\n';

/**
 * The files of a small network, for `network()`, fresh each call: Ada (a
 * mentor into rust and compilers, with a log entry and a follow-up due), Grace
 * (whom Ada knows), the two Jos and a broken file; mentors every 30 days,
 * everyone else every 60, and rust as a goal.
 */
export function sampleFiles(): Record<string, string> {
  return {
    'pln.yml': 'default_cadence: 60d\ncadence_by_tag:\n  mentor: 30d\ngoals: [rust]\n',
    'contacts/ada-lovelace.md': adaWith(
      { aliases: ['Ada'], tags: ['mentor'], expertise: ['rust', 'compilers'], company: 'Analytical Engines', knows: ['grace-hopper'] },
      'Met at RustConf.\n\n## Log\n- 2026-10-20 coffee: compilers\n\n## Follow-ups\n- [ ] send the paper 📅 2026-11-24\n',
    ),
    'contacts/grace-hopper.md': graceWith({ expertise: ['cobol', 'compilers'], tags: ['navy'] }, '\n## Log\n- 2026-09-01 call: COBOL history\n'),
    'contacts/jo-a.md': JO_ABLE,
    'contacts/jo-b.md': JO_BAKER,
    'contacts/broken.md': BROKEN,
  };
}

/** A person as the exporters take one: empty but for `fields` (slug and name at least). */
export function exportPerson(fields: Partial<ExportPerson> & { slug: string; name: string }): ExportPerson {
  return {
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
    cadence_days: null,
    last_contact: null,
    due_date: null,
    ...fields,
  };
}
