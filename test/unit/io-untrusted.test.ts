/**
 * Import and export over values a file controls: nesting as deep as JSON
 * allows, keys named like Object's own (`constructor`, `__proto__`), notes
 * that look like the file's own structure, people too large for a contact file.
 */
import { describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { DEFAULT_CONFIG } from '../../src/domain/contact.js';
import { readBody } from '../../src/file/parse.js';
import { parseCsvPeople } from '../../src/io/csv.js';
import { classifyColumns } from '../../src/io/csv-columns.js';
import { exportCsv } from '../../src/io/export-csv.js';
import { planImport } from '../../src/io/import-plan.js';
import { parsers } from '../../src/io/index.js';
import { parseJsonPeople, previewJson } from '../../src/io/json.js';
import { inertNotes } from '../../src/file/grammar.js';
import { addLink, newImportedPerson } from '../../src/io/person.js';
import type { ExportPerson } from '../../src/io/types.js';
import { exportPerson } from '../helpers/fixtures.js';

function thrown(f: () => unknown): PlnError {
  try {
    f();
  } catch (err) {
    if (err instanceof PlnError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('JSON nested as deep as JSON.parse allows', () => {
  it('an entry 100,000 arrays deep is one short error, not a stack overflow', () => {
    const err = thrown(() => parseJsonPeople('['.repeat(100_000) + ']'.repeat(100_000)));
    expect(err.message).toBe('entry [0]: expected an object with a "name", found [[[[…]]]]');
  });

  it('links 3,000 objects deep: the error quotes an excerpt', () => {
    const text = `[{"name": "Ada", "links": ${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}]`;
    expect(thrown(() => parseJsonPeople(text)).message).toBe('entry [0] (Ada): "links" must be an object of name → URL strings, found {"a":{"a":{"a":{…}}}}');
  });

  it('a long name, a long value and a long key are cut', () => {
    const name = 'N'.repeat(100_000);
    expect(thrown(() => parseJsonPeople(`[{"name": "${name}", "tags": "${'t'.repeat(100)}", "cadence": ${JSON.stringify(['x'.repeat(1000)])}}]`)).message).toBe(
      `entry [0] (${'N'.repeat(40)}…): "cadence" must be a string or null, found ["${'x'.repeat(58)}…`,
    );
    const warnings = parseJsonPeople(`[{"name": "Ada", "${'k'.repeat(1000)}": 1}]`).warnings;
    expect(warnings).toEqual([`entry [0] (Ada): "${'k'.repeat(40)}…" is not a string, ignored`]);
  });

  it('previewJson writes small values as JSON.stringify does', () => {
    const samples: Parameters<typeof previewJson>[0][] = [null, true, 3.5, 'Ada', [1, 2], { a: [1, { b: 'c' }] }, [], {}];
    for (const v of samples) expect(previewJson(v)).toBe(JSON.stringify(v));
    expect(previewJson([[[[[]]]]])).toBe('[[[[…]]]]');
    expect(previewJson([[[[]]]])).toBe('[[[[]]]]');
    expect(previewJson('x'.repeat(1_000_000))).toBe(`"${'x'.repeat(59)}…`);
    expect(previewJson(Array.from({ length: 100_000 }, (_, i) => i)).length).toBeLessThanOrEqual(61);
  });
});

describe("keys named like Object's own", () => {
  const person = (slug: string, links: Record<string, string>): ExportPerson => exportPerson({ slug, name: slug, links });

  it('CSV export leaves the link cells of people without such a link empty', () => {
    // JSON.parse makes `__proto__` an own key, as the contact parser does.
    const carol = JSON.parse('{"__proto__": "https://p.example"}') as Record<string, string>;
    const csv = exportCsv([person('ada', {}), person('bob', { constructor: 'https://b.example', toString: 'https://c.example' }), person('carol', carol)]);
    const rows = csv.split('\r\n');
    expect(rows[0]).toMatch(/^slug,name,email,phone,company,role,location,tags,expertise,links\.__proto__,links\.constructor,links\.toString,notes,/);
    expect(rows[1]).toBe('ada,ada,,,,,,,,,,,,,,,,,,,,,,');
    expect(rows[2]).toBe('bob,bob,,,,,,,,,https://b.example,https://c.example,,,,,,,,,,,,');
    expect(rows[3]).toBe('carol,carol,,,,,,,,https://p.example,,,,,,,,,,,,,,');
  });

  it('addLink stores a link named constructor or __proto__ as its own', () => {
    const links: Record<string, string> = {};
    addLink(links, 'constructor', 'https://b.example');
    addLink(links, '__proto__', 'https://p.example');
    addLink(links, 'toString', 'https://c.example');
    expect(Object.entries(links)).toEqual([
      ['constructor', 'https://b.example'],
      ['__proto__', 'https://p.example'],
      ['toString', 'https://c.example'],
    ]);
    expect(Object.getPrototypeOf(links)).toBe(Object.prototype);
  });

  it('CSV columns named constructor or __proto__ are columns like any other', () => {
    expect(classifyColumns(['name', 'constructor', '__proto__', 'links.constructor'])).toEqual([
      { kind: 'field', field: 'name', list: false },
      { kind: 'extra', key: 'constructor' },
      { kind: 'extra', key: '__proto__' },
      { kind: 'link', key: 'constructor' },
    ]);
    const result = parseCsvPeople('name,constructor,links.__proto__\nAda,x,https://p.example\n');
    expect(result.ignoredColumns).toEqual(['constructor']);
    expect(Object.entries(result.people[0]!.links)).toEqual([['__proto__', 'https://p.example']]);
  });
});

describe('imported notes stay notes', () => {
  it('Log and Follow-ups headings and conflict markers are escaped; other headings and tasks kept', () => {
    const notes = [
      'hello',
      '## Log',
      '- 2026-11-30 call: never happened',
      '# Title',
      '### small heading',
      '## Follow-ups',
      '- [ ] pay Eve 📅 2026-12-01',
      '  * [x] done',
      '1. [ ] numbered',
      '<<<<<<< HEAD',
      '=======',
      '>>>>>>> main',
      '#hashtag',
      '\\## already',
    ].join('\n');
    expect(inertNotes(notes)).toBe(
      [
        'hello',
        '\\## Log',
        '- 2026-11-30 call: never happened',
        '# Title',
        '### small heading',
        '\\## Follow-ups',
        '- [ ] pay Eve 📅 2026-12-01',
        '  * [x] done',
        '1. [ ] numbered',
        '\\<<<<<<< HEAD',
        '\\=======',
        '\\>>>>>>> main',
        '#hashtag',
        '\\## already',
      ].join('\n'),
    );
  });

  it('code in a closed fence is kept as it is; a fence left open is closed', () => {
    expect(inertNotes('```\n## Log\n```\nafter')).toBe('```\n## Log\n```\nafter');
    expect(inertNotes('~~~~\n## Log\n~~~\n- [ ] x')).toBe('~~~~\n## Log\n~~~\n- [ ] x\n~~~~');
    expect(inertNotes('CR\r\n## Log\rline\u2028## Follow-ups')).toBe('CR\n\\## Log\nline\n\\## Follow-ups');
  });

  it('a vCard NOTE with escaped newlines: the contact parser reads notes, no log, no follow-ups', () => {
    const vcf = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\nNOTE:hello\\n## Log\\n- 2026-11-30 call: never happened\\n## Follow-ups\\n- [ ] pay Eve 1000 EUR 📅 2026-12-01\r\nEND:VCARD\r\n';
    const [eve] = parsers.vcard(vcf).people;
    expect(eve!.notes).toBe('hello\n\\## Log\n- 2026-11-30 call: never happened\n\\## Follow-ups\n- [ ] pay Eve 1000 EUR 📅 2026-12-01');
    const body = readBody(`## Notes\n\n${eve!.notes}\n\n## Log\n\n## Follow-ups\n`, 1, 'eve.md', []);
    expect(body.log).toEqual([]);
    expect(body.followups).toEqual([]);
  });

  it('notes from CSV and JSON are made inert the same way', () => {
    expect(parsers.csv('name,notes\nEve,"a\n## Log\n<<<<<<< x"\n').people[0]!.notes).toBe('a\n\\## Log\n\\<<<<<<< x');
    expect(parsers.json('[{"name": "Eve", "notes": "a\\n# Log\\n```"}]').people[0]!.notes).toBe('a\n# Log\n```\n```');
  });
});

describe('a person too large for a contact file', () => {
  const config = DEFAULT_CONFIG;
  const template = '---\nname: {{name}}\n---\n\n## Notes\n';

  it('stops the plan, naming the line of the row, before anything is written', () => {
    const { people } = parsers.csv(`name,notes\nShort,hi\nLong,"${'x'.repeat(3_000_000)}"\n`);
    const plan = () => planImport([], config, people, { today: '2026-11-29', tags: [], template, maxFileBytes: 1024 * 1024 });
    expect(thrown(plan).message).toBe('line 3 (Long): the contact file would be 2.9 MiB, over the 1 MiB limit for a contact; nothing imported');
  });

  it('a file just within the limit is planned', () => {
    const p = newImportedPerson('Fits');
    p.notes = 'x'.repeat(1000);
    const plan = planImport([], config, [p], { today: '2026-11-29', tags: [], template, maxFileBytes: 1100 });
    expect(plan.creates.map((c) => c.file)).toEqual(['contacts/fits.md']);
  });
});
