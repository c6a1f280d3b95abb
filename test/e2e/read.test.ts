import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JO_ABLE, JO_BAKER } from '../helpers/fixtures.js';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, jsonOf, network, ROOT } from '../helpers/pln.js';

// "Today" is pinned to 2026-11-29 by the helpers (PLN_TODAY).
const files = {
  'pln.yml': 'default_cadence: 60d\n',
  'contacts/month-end.md': contact('name: Mo Nthend\ncadence: monthly', '\n## Log\n- 2026-10-31 call: end of month\n'),
  'contacts/monthly.md': contact('name: Mia Monthly\ncadence: monthly', '\n## Log\n- 2026-09-30 coffee: chat\n'),
  'contacts/jan-end.md': contact('name: Jan Uary\ncadence: 1m', '\n## Log\n- 2026-01-31: new year\n'),
  'contacts/quarterly.md': contact('name: Quinn Quarter\ncadence: quarterly', '\n## Log\n- 2026-08-29 email: hello\n'),
  'contacts/imported.md': contact('name: Ivy Import\ncadence: 30d\nlast_contact: 2026-07-01'),
  'contacts/added-only.md': contact('name: Adam Added\nadded: 2026-09-01'),
  'contacts/no-dates.md': contact('name: Nora Nodates'),
  'contacts/never.md': contact('name: Nev Er\ncadence: none\nadded: 2020-01-01'),
  'contacts/yearly.md': contact('name: Yuri Yearly\ncadence: yearly', '\n## Log\n- 2025-11-29 meeting: annual\n'),
  'contacts/recent.md': contact('name: Rita Recent\ncadence: 30d', '\n## Log\n- 2026-11-20 coffee: fresh\n'),
  'contacts/work/sub-folder.md': contact('name: Sam Subfolder\ncadence: 2w\ntags: [work]', '\n## Log\n- 2026-01-01 call: hi\n'),
  'contacts/.trash/hidden.md': contact('name: Hidden Person'),
};

describe('pln due', () => {
  it('lists exactly the due people, most overdue first, with calendar-month arithmetic', async () => {
    const dir = network(files);
    const r = await plnIn(['due', '--json'], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const rows = jsonOf<{ slug: string; days_overdue: number; due_date: string; last_contact: string | null; cadence_days: number | null; file: string }[]>(r);
    expect(rows.map((x) => [x.slug, x.days_overdue, x.due_date])).toEqual([
      ['sub-folder', 318, '2026-01-15'],
      ['jan-end', 274, '2026-02-28'],
      ['imported', 121, '2026-07-31'],
      ['monthly', 30, '2026-10-30'],
      ['added-only', 29, '2026-10-31'],
      ['no-dates', 0, '2026-11-29'],
      ['quarterly', 0, '2026-11-29'],
      ['yearly', 0, '2026-11-29'],
    ]);
    const byslug = Object.fromEntries(rows.map((x) => [x.slug, x]));
    expect(byslug['sub-folder']!.file).toBe('contacts/work/sub-folder.md');
    expect(byslug['imported']!.last_contact).toBe('2026-07-01');
    expect(byslug['no-dates']!.last_contact).toBeNull();
    expect(byslug['added-only']!.cadence_days).toBe(60);
    expect(byslug['quarterly']!.cadence_days).toBe(90);
    expect(byslug['yearly']!.cadence_days).toBe(365);
    expect(byslug['sub-folder']!.cadence_days).toBe(14);
  });

  it('--within adds people due soon with negative days_overdue; --tag filters', async () => {
    const dir = network(files);
    const rows = jsonOf<{ slug: string; days_overdue: number; due_date: string }[]>(await plnIn(['due', '--within', '7d', '--json'], { dir }));
    const soon = rows.find((x) => x.slug === 'month-end');
    expect(soon).toEqual(expect.objectContaining({ due_date: '2026-11-30', days_overdue: -1 }));
    expect(rows.some((x) => x.slug === 'recent')).toBe(false);
    expect(rows.at(-1)!.slug).toBe('month-end');
    const tagged = jsonOf<{ slug: string }[]>(await plnIn(['due', '--tag', 'work', '--json'], { dir }));
    expect(tagged.map((x) => x.slug)).toEqual(['sub-folder']);
  });

  it('prints a readable table, and a friendly line when nobody is due', async () => {
    const dir = network(files);
    const r = await plnIn(['due'], { dir });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+LAST CONTACT\s+EVERY\s+STATUS$/);
    expect(lines[1]).toMatch(/^Sam Subfolder\s+2026-01-01 \(\d+ months ago\)\s+14d\s+\d+ months overdue$/);
    expect(lines).toHaveLength(9);
    const empty = network({ 'contacts/a.md': contact('name: A\ncadence: none') });
    expect(await plnIn(['due'], { dir: empty })).toEqual({ stdout: 'No one is due for a check-in. All caught up.\n', stderr: '', code: 0 });
  });
});

describe('pln who', () => {
  const dir = network({
    'contacts/kube.md': contact('name: Kay Ops\nexpertise: [kubernetes, terraform]\nrole: SRE'),
    'contacts/named.md': contact('name: Kubernetes Fan Club\nrole: Baker'),
    'contacts/notes.md': contact('name: Nate Notes', 'Once ran a kubernetes meetup.\n'),
    'contacts/html.md': contact('name: Hal Web\nexpertise: [HTML, CSS]'),
    'contacts/ml.md': contact('name: Mel Learner\nexpertise: [machine learning]'),
  });

  it('ranks an expertise match above notes and a name-only match', async () => {
    const rows = jsonOf<{ slug: string; score: number; matches: { field: string; value: string }[] }[]>(await plnIn(['who', 'kubernetes', '--json'], { dir }));
    expect(rows.map((r) => r.slug)).toEqual(['kube', 'notes', 'named']);
    expect(rows[0]!.matches).toContainEqual({ field: 'expertise', value: 'kubernetes' });
    for (const r of rows) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(rows[0]!.score).toBeGreaterThan(rows[2]!.score);
  });

  it('tolerates a typo and ignores case', async () => {
    expect(jsonOf<{ slug: string }[]>(await plnIn(['who', 'kubernets', '--json'], { dir }))[0]!.slug).toBe('kube');
    expect(jsonOf<{ slug: string }[]>(await plnIn(['who', 'KUBERNETES', '--json'], { dir }))[0]!.slug).toBe('kube');
  });

  it('a short query matches whole words only: ML is not HTML', async () => {
    const rows = jsonOf<{ slug: string }[]>(await plnIn(['who', 'ML', '--json'], { dir }));
    expect(rows.map((r) => r.slug)).toEqual(['ml']);
  });

  it('returns [] and exit 0 for nothing', async () => {
    const r = await plnIn(['who', 'underwater basket weaving', '--json'], { dir });
    expect(r).toEqual({ stdout: '[]\n', stderr: '', code: 0 });
    expect((await plnIn(['who', 'zzzz'], { dir })).code).toBe(0);
  });
});

describe('pln followups', () => {
  it('orders overdue first, then by date, undated last, with right line numbers', async () => {
    const dir = network({
      'contacts/a.md': contact('name: Ann', '\n## Follow-ups\n- [ ] undated thing\n- [ ] later 📅 2026-12-20\n- [x] finished 📅 2026-11-01 ✅ 2026-10-30\n- [ ] 2026-11-02 leading-date form\n'),
      'contacts/b.md': contact('name: Bob', '\n## Followups\n- [ ] due today 📅 2026-11-29\n- [ ] very late 📅 2026-10-01\n'),
    });
    const rows = jsonOf<{ slug: string; text: string; due: string | null; done: boolean; overdue: boolean; line: number }[]>(await plnIn(['followups', '--json'], { dir }));
    expect(rows.map((r) => [r.slug, r.text, r.due, r.overdue, r.line])).toEqual([
      ['b', 'very late', '2026-10-01', true, 7],
      ['a', 'leading-date form', '2026-11-02', true, 9],
      ['b', 'due today', '2026-11-29', false, 6],
      ['a', 'later', '2026-12-20', false, 7],
      ['a', 'undated thing', null, false, 6],
    ]);
    const all = jsonOf<{ text: string; done: boolean }[]>(await plnIn(['followups', '--all', '--json'], { dir }));
    expect(all.at(-1)).toEqual(expect.objectContaining({ text: 'finished', done: true }));
    expect(all).toHaveLength(6);
  });
});

describe('pln list and show', () => {
  it('list --json has the contract fields; filters and sorts', async () => {
    const dir = network(files);
    const rows = jsonOf<Record<string, unknown>[]>(await plnIn(['list', '--json'], { dir }));
    expect(rows).toHaveLength(11);
    expect(Object.keys(rows[0]!)).toEqual(['slug', 'name', 'file', 'tags', 'expertise', 'company', 'role', 'cadence_days', 'last_contact', 'due_date']);
    expect(rows.map((r) => r.name)).toEqual([...rows.map((r) => r.name as string)].sort((a, b) => a.localeCompare(b)));
    const byLast = jsonOf<{ slug: string }[]>(await plnIn(['list', '--sort', 'last', '--json'], { dir }));
    expect(byLast[0]!.slug).toBe('recent');
    expect((await plnIn(['list', '--sort', 'bogus'], { dir })).code).toBe(2);
  });

  it('show resolves names, aliases and prefixes, case- and accent-insensitively', async () => {
    const dir = network({
      'contacts/jose-garcia.md': contact('name: José García\naliases: [Pepe]\nfavourite_tea: "earl grey" # mine\n', '\n## Log\n- 2026-11-01 gave: a book\n'),
      'contacts/joan-smith.md': contact('name: Joan Smith'),
    });
    for (const who of ['jose-garcia', 'jose garcia', 'JOSÉ GARCÍA', 'pepe', 'jose', 'garc', 'Jose Garcya']) {
      const r = await plnIn(['show', who, '--json'], { dir });
      expect(r.code, who).toBe(0);
      expect(jsonOf<{ slug: string }>(r).slug).toBe('jose-garcia');
    }
    const rec = jsonOf<{ frontmatter: Record<string, unknown>; log: unknown[]; followups: unknown[] }>(await plnIn(['show', 'pepe', '--json'], { dir }));
    expect(rec.frontmatter).toEqual({ name: 'José García', aliases: ['Pepe'], favourite_tea: 'earl grey' });
    expect(rec.log).toEqual([{ date: '2026-11-01', kind: 'gave', text: 'a book', line: 8 }]);
  });

  it('an ambiguous WHO off a terminal is exit 1 listing the candidates', async () => {
    const dir = network({ 'contacts/jo-a.md': JO_ABLE, 'contacts/jo-b.md': JO_BAKER });
    const r = await plnIn(['show', 'jo'], { dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"jo" matches 2 people');
    expect(r.stderr).toContain('jo-a');
    expect(r.stderr).toContain('jo-b');
    expect(r.stdout).toBe('');
  });

  it('an unknown person is exit 1 with one line and no stack trace', async () => {
    const dir = network(files);
    const r = await plnIn(['show', 'nobody-at-all'], { dir });
    expect(r).toEqual({ stdout: '', stderr: 'pln: no one called "nobody-at-all" in the network (see pln list)\n', code: 1 });
  });
});

describe('errors and usage', () => {
  it('usage errors exit 2 and show the usage', async () => {
    const dir = network(files);
    const r = await plnIn(['due', '--bogus'], { dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expect(r.stderr).toMatch(/Usage: pln due/);
    expect((await plnIn(['show'], { dir })).code).toBe(2);
    expect((await plnIn(['frobnicate'], { dir })).code).toBe(2);
  });

  it('a topic or query of more than 20 words or 100 characters is refused at once', async () => {
    const dir = network(files);
    const long = 'a'.repeat(4096);
    for (const [command, what] of [
      ['search', 'query'],
      ['who', 'topic'],
    ] as const) {
      const chars = await plnIn([command, long], { dir });
      expect(chars.code).toBe(2);
      expect(chars.stderr.split('\n')[0]).toBe(`pln: the ${what} has 4096 characters; use at most 100`);
      const words = await plnIn([command, ...Array.from({ length: 21 }, (_, i) => `w${i}`)], { dir });
      expect(words.stderr.split('\n')[0]).toBe(`pln: the ${what} has 21 words; use at most 20`);
    }
    expect((await plnIn(['search', 'é'.repeat(100)], { dir })).code).toBe(0);
  });

  it('a missing network names pln init', async () => {
    const r = await plnIn(['due'], { dir: path.join(network({}), 'nope'), cwd: ROOT });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pln init/);
  });

  it('finds the network from PLN_DIR and from a pln.yml above the working directory', async () => {
    const dir = network(files);
    expect(jsonOf<unknown[]>(await plnIn(['list', '--json'], { env: { PLN_DIR: dir } }))).toHaveLength(11);
    const r = await plnIn(['list', '--json'], { cwd: path.join(dir, 'contacts', 'work') });
    expect(jsonOf<unknown[]>(r)).toHaveLength(11);
  });
});

describe('broken and hostile files', () => {
  const bad = {
    ...files,
    'contacts/broken.md': '---\nname: [unclosed\n---\n',
    'contacts/js.md': `---js\n{ name: (require('fs').writeFileSync('MARKER', 'x'), 'x') }\n---\n`,
    'contacts/javascript.md': `---javascript\nrequire('fs').writeFileSync('MARKER2', 'x')\n---\n`,
    'contacts/evil.md': contact('name: "Evil \\e]0;title\\a\\e[31mRed\\a"\nexpertise: [rust]'),
  };

  it('read commands still answer, warn once per bad file, and keep --json valid', async () => {
    const dir = network(bad);
    for (const args of [['list'], ['due'], ['who', 'rust'], ['show', 'monthly'], ['search', 'chat'], ['followups']]) {
      const r = await plnIn([...args, '--json'], { dir });
      expect(r.code, args.join(' ')).toBe(0);
      expect(() => JSON.parse(r.stdout)).not.toThrow();
      const warnings = r.stderr.trimEnd().split('\n');
      expect(warnings.filter((w) => w.includes('contacts/broken.md:2:'))).toHaveLength(1);
      expect(warnings.filter((w) => w.includes('contacts/js.md:1:'))).toHaveLength(1);
      // evil.md is read, with a warning about its control characters.
      expect(warnings.filter((w) => w.includes('contacts/evil.md:2:'))).toHaveLength(1);
      expect(warnings).toHaveLength(4);
    }
  });

  it('never executes ---js front matter', async () => {
    const dir = network(bad);
    const before = hashTree(dir);
    for (const args of [['list'], ['due'], ['who', 'x'], ['show', 'monthly'], ['search', 'x']]) await plnIn(args, { dir });
    expect(fs.existsSync(path.join(dir, 'MARKER'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'MARKER2'))).toBe(false);
    expect(fs.existsSync(path.join(process.cwd(), 'MARKER'))).toBe(false);
    expect(hashTree(dir)).toEqual(before);
  });

  it('no escape sequence from a file reaches the terminal; no colour off a terminal', async () => {
    const dir = network(bad);
    for (const args of [['list'], ['who', 'rust'], ['show', 'evil'], ['due']]) {
      for (const env of [{}, { NO_COLOR: '1' }, { NO_COLOR: undefined }]) {
        const r = await plnIn(args, { dir, env });
        expect(r.stdout, args.join(' ')).not.toMatch(/[\u001b\u0007]/);
      }
    }
    expect((await plnIn(['show', 'evil'], { dir })).stdout).toContain('Evil Red');
    expect((await plnIn(['list'], { dir, env: { FORCE_COLOR: '1', NO_COLOR: undefined } })).stdout).toMatch(/\u001b\[/);
    expect((await plnIn(['list', '--no-color'], { dir, env: { FORCE_COLOR: '1', NO_COLOR: undefined } })).stdout).not.toMatch(/\u001b/);
  });
});
