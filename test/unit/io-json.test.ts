import { describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { exportJson, toJsonPeople } from '../../src/io/export-json.js';
import { parseJsonPeople } from '../../src/io/json.js';
import type { ExportPerson } from '../../src/io/types.js';
import { exportPerson } from '../helpers/fixtures.js';

const ada: ExportPerson = {
  slug: 'ada-lovelace',
  name: 'Ada Lovelace',
  emails: ['ada@example.com'],
  phones: ['+44 20 7946 0000'],
  company: 'Analytical Engines',
  role: 'Staff Engineer',
  location: 'London',
  tags: ['mentor', 'rust-community'],
  expertise: ['compilers'],
  links: { github: 'https://github.com/ada' },
  notes: 'Met at RustConf 2024.',
  birthday: '12-10',
  cadence: 'monthly',
  cadence_days: 30,
  last_contact: '2026-11-20',
  due_date: '2026-12-20',
};

const bare: ExportPerson = exportPerson({ slug: 'charles-babbage', name: 'Charles Babbage', cadence_days: 14 });

describe('exportJson', () => {
  it('writes snake_case keys, YYYY-MM-DD dates and null for what is missing', () => {
    const [first, second] = JSON.parse(exportJson([ada, bare])) as Record<string, unknown>[];
    expect(Object.keys(first!)).toEqual([
      'slug',
      'name',
      'emails',
      'phones',
      'company',
      'role',
      'location',
      'tags',
      'expertise',
      'links',
      'notes',
      'birthday',
      'cadence',
      'cadence_days',
      'last_contact',
      'due_date',
      'aliases',
      'name_parts',
      'file',
      'frontmatter',
      'log',
      'followups',
      'text',
    ]);
    expect(first).toMatchObject({ last_contact: '2026-11-20', due_date: '2026-12-20', cadence_days: 30 });
    expect(second).toMatchObject({ company: null, notes: null, birthday: null, cadence: null, last_contact: null, tags: [] });
  });

  it('does not share arrays with its input', () => {
    const [out] = toJsonPeople([ada]);
    out!.tags.push('changed');
    expect(ada.tags).toEqual(['mentor', 'rust-community']);
  });

  it('round-trips through parseJsonPeople', () => {
    const { people, warnings, skipped } = parseJsonPeople(exportJson([ada, bare]));
    expect(warnings).toEqual([]);
    expect(skipped).toBe(0);
    expect(people[0]).toEqual({
      at: 'entry [0]',
      name: 'Ada Lovelace',
      aliases: [],
      nameParts: null,
      emails: ['ada@example.com'],
      phones: ['+44 20 7946 0000'],
      company: 'Analytical Engines',
      role: 'Staff Engineer',
      location: 'London',
      tags: ['mentor', 'rust-community'],
      expertise: ['compilers'],
      links: { github: 'https://github.com/ada' },
      notes: 'Met at RustConf 2024.',
      birthday: '12-10',
      met: null,
      cadence: 'monthly',
      extra: { last_contact: '2026-11-20' },
    });
    // With no cadence text, the day count stands in for it.
    expect(people[1]).toMatchObject({ name: 'Charles Babbage', cadence: '14d', company: null, extra: {} });
  });
});

describe('parseJsonPeople', () => {
  it('accepts a single email string and list fields given as one string', () => {
    const [p] = parseJsonPeople('[{"name": " Grace Hopper ", "email": "g@navy.mil", "tags": "pioneer", "favourite": "tea"}]').people;
    expect(p).toMatchObject({ name: 'Grace Hopper', emails: ['g@navy.mil'], tags: ['pioneer'], extra: { favourite: 'tea' } });
  });

  it('warns about unknown keys it cannot keep', () => {
    const r = parseJsonPeople('[{"name": "Ada", "aliases": ["Countess"], "pets": ["cat"]}]');
    expect(r.people[0]!.aliases).toEqual(['Countess']);
    expect(r.warnings).toEqual(['entry [0] (Ada): "pets" is not a string, ignored']);
  });

  it('names the entry and the key of a wrong value', () => {
    const bad = (json: string) => () => parseJsonPeople(json);
    expect(bad('[{"name": "Ada"}, {"name": 42}]')).toThrow('entry [1]: "name" must be a non-empty string');
    expect(bad('[{"name": "Ada"}, {"name": "Bob", "tags": [1, 2]}]')).toThrow('entry [1] (Bob): "tags" must be a string or a list of strings, found [1,2]');
    expect(bad('[{"name": "Ada", "links": ["https://x"]}]')).toThrow(/entry \[0\] \(Ada\): "links" must be an object/);
    expect(bad('[{"name": "Ada", "birthday": "April 1"}]')).toThrow(/"birthday" must be MM-DD or YYYY-MM-DD/);
    expect(bad('[{"name": "Ada", "company": {"n": 1}}]')).toThrow(/"company" must be a string or null/);
    expect(bad('[{"name": "Ada", "cadence": "sometimes"}]')).toThrow(/"cadence" must be a duration/);
    expect(bad('["Ada"]')).toThrow('entry [0]: expected an object with a "name", found "Ada"');
  });

  it('rejects text that is not JSON, or not an array', () => {
    expect(() => parseJsonPeople('{"name": "Ada"}')).toThrow('expected a JSON array of people, found an object');
    expect(() => parseJsonPeople('[{"name": "Ada",]')).toThrow(PlnError);
    expect(() => parseJsonPeople('[{"name": "Ada",]')).toThrow(/^not valid JSON: /);
  });
});
