import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, jsonOf, network, ROOT, tempDir } from '../helpers/pln.js';

// "Today" is pinned to 2026-11-29 by the helpers (PLN_TODAY).
const files = {
  'pln.yml': 'default_cadence: 90d\ncadence_by_tag:\n  mentor: 30d\n  investor: 60d\ngoals: [rust, leadership]\n',
  'contacts/ada-lovelace.md': contact(
    'name: Ada Lovelace\ntags: [mentor]\nexpertise: [rust, compilers]\ncompany: Analytical Engines\nknows: [charles-babbage]\nbirthday: 12-03',
    '\n## Log\n- 2026-10-20 coffee: compiler internships\n- 2026-08-02 got: feedback on my talk\n\n## Follow-ups\n- [ ] send the benchmark paper 📅 2026-11-24\n',
  ),
  'contacts/charles-babbage.md': contact('name: Charles Babbage\nexpertise: [hardware]\ncompany: Analytical Engines\ncadence: quarterly', '\n## Log\n- 2026-05-12 meeting: engine demo\n'),
  'contacts/grace-hopper.md': contact(
    'name: Grace Hopper\ntags: [mentor, investor]\nexpertise: [leadership]\ncompany: Harbor Systems\npast_companies: [Acme Corp]\nknows: [kwame]',
    '\n## Log\n- 2026-11-25 call: hiring a first manager\n- 2026-11-01 gave: my notes on strategy docs\n',
  ),
  'contacts/kwame.md': contact('name: Kwame Mensah\nexpertise: [engineering management]\ncompany: Acme Corp\ncadence: 1y\nintroduced_by: grace-hopper', '\n## Log\n- 2026-01-10 call: reviews\n'),
  'contacts/omar.md': contact(
    'name: Omar Haddad\nexpertise: [rust]\ncadence: weekly\nintroduced_by: "[[mia]]"\nbirthday: 1990-11-30',
    '\n## Log\n- 2026-11-25 call: testing basics\n- 2026-11-16 gave: a code review\n',
  ),
  'contacts/mia.md': contact('name: Mia Middle\nknows: [dana-doe]\ncadence: 30d', '\n## Log\n- 2026-11-15 call: catch-up\n'),
  'contacts/paul.md': contact('name: Paul Far\ncompany: Far Co\nintroduced_by: dana-doe\ncadence: none'),
  'contacts/tom.md': contact('name: Tom Rust\nexpertise: [rust]\ncadence: none', '\n## Log\n- 2025-01-15 email: congrats\n'),
};

interface Suggestion {
  slug: string;
  reasons: string[];
  score: number;
  command: string;
}
interface PathNode {
  slug: string;
  name: string;
  in_network: boolean;
  warm: boolean;
}
interface Intro {
  kinds: string[];
  person: PathNode | null;
  paths: { text: string; via: string[]; hops: number; path: PathNode[]; target_kind: string; reason: string }[];
}

const width = (s: string) => [...s].length;

describe('pln today (and bare pln)', () => {
  const dir = network(files);

  it('lists follow-ups due, the best check-ins and birthdays, each with a command', async () => {
    const r = await plnIn(['today'], { dir, env: { COLUMNS: '80' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = r.stdout;
    expect(out.split('\n')[0]).toBe('Sunday 29 November 2026 · 1 follow-up, 1 check-in, 2 birthdays');
    expect(out).toMatch(/Follow-ups due\n {2}Ada Lovelace: send the benchmark paper · 5 days overdue\n {4}→ pln done ada 1\n/);
    expect(out).toMatch(/Reconnect with\n {2}Charles Babbage · overdue 4 months\n {4}→ pln log charles "caught up"\n/);
    expect(out).toMatch(/Birthdays this week\n {2}Omar Haddad · tomorrow, Mon 30 Nov \(turns 36\)\n {4}→ pln log omar "wished a happy birthday"\n {2}Ada Lovelace · Thu 3 Dec\n/);
    expect(out).not.toMatch(/neglect/i);
    for (const line of out.split('\n')) expect(width(line), line).toBeLessThanOrEqual(80);
  });

  it('bare pln, and pln --dir DIR alone, print the same agenda', async () => {
    const today = await plnIn(['today'], { dir });
    expect(await plnIn([], { dir })).toEqual(today);
    expect(await plnIn(['--dir', dir], { cwd: ROOT })).toEqual(today);
    expect(await plnIn([`--dir=${dir}`, '--no-color'], { cwd: ROOT })).toEqual(today);
    expect(await plnIn([], { env: { PLN_DIR: dir }, cwd: ROOT })).toEqual(today);
  });

  it('a first run with no network anywhere: bare pln shows the help and how to start', async () => {
    const nowhere = tempDir();
    const r = await plnIn([], { cwd: nowhere, env: { HOME: nowhere } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: pln /);
    expect(r.stdout).toMatch(/No network yet: create one with pln init/);
    // Asked for a folder that is not a network: that is an error, as for any command.
    expect((await plnIn(['--dir', nowhere], { cwd: nowhere, env: { HOME: nowhere } })).code).toBe(1);
  });

  it('--help, --version, unknown commands and a --dir with no value still behave', async () => {
    expect((await plnIn(['--help'])).stdout).toMatch(/^Usage: pln /);
    expect((await plnIn(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect((await plnIn(['--dir', dir, '--help'])).stdout).toMatch(/^Usage: pln /);
    const bad = await plnIn(['--dir', dir, 'todya']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean today\?/i);
    expect((await plnIn(['--dir'])).code).toBe(2);
  });

  it('--json gives the agenda as data', async () => {
    const a = jsonOf<{ date: string; followups: { slug: string; days_overdue: number; command: string }[]; checkins: Suggestion[]; birthdays: { slug: string; date: string; turns: number | null }[] }>(
      await plnIn(['today', '--json'], { dir }),
    );
    expect(a.date).toBe('2026-11-29');
    expect(a.followups.map((f) => [f.slug, f.days_overdue, f.command])).toEqual([['ada-lovelace', 5, 'pln done ada 1']]);
    expect(a.checkins.map((c) => c.slug)).not.toContain('ada-lovelace');
    expect(a.birthdays).toMatchObject([
      { slug: 'omar', date: '2026-11-30', turns: 36 },
      { slug: 'ada-lovelace', date: '2026-12-03', turns: null },
    ]);
  });

  it('an empty network says how to start', async () => {
    const empty = network({});
    expect(await plnIn([], { dir: empty })).toEqual({ stdout: 'No contacts yet: add one with pln add "Name".\n', stderr: '', code: 0 });
  });
});

describe('pln suggest', () => {
  const dir = network(files);

  it('ranks by overdue against cadence, follow-ups owed, goals and give/get, with the reasons', async () => {
    const rows = jsonOf<Suggestion[]>(await plnIn(['suggest', '--json'], { dir }));
    expect(rows.map((r) => [r.slug, r.reasons])).toEqual([
      ['ada-lovelace', ['overdue 10 days', 'you owe a follow-up', 'knows rust (your goal)', 'your turn to give (got 1, gave 0)']],
      ['charles-babbage', ['overdue 4 months']],
      ['omar', ['check-in due in 3 days', 'knows rust (your goal)']],
    ]);
    expect(rows[0]!.command).toBe('pln done ada 1');
  });

  it('N limits the list; the human form shows the reasons and a command', async () => {
    expect(jsonOf<Suggestion[]>(await plnIn(['suggest', '1', '--json'], { dir })).map((r) => r.slug)).toEqual(['ada-lovelace']);
    const r = await plnIn(['suggest', '2'], { dir });
    expect(r.stdout).toBe(
      [
        '1. Ada Lovelace  last contact 6 weeks ago',
        '   overdue 10 days · you owe a follow-up · knows rust (your goal)',
        '   your turn to give (got 1, gave 0)',
        '   → pln done ada 1',
        '',
        '2. Charles Babbage  last contact 7 months ago',
        '   overdue 4 months',
        '   → pln log charles "caught up"',
        '',
      ].join('\n'),
    );
  });

  it('a bad N is a usage error; nobody to suggest is not an error', async () => {
    const r = await plnIn(['suggest', '0'], { dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/N must be a whole number/);
    const calm = network({ 'contacts/a.md': contact('name: A\ncadence: 30d', '\n## Log\n- 2026-11-28 call: x\n') });
    expect(await plnIn(['suggest'], { dir: calm })).toMatchObject({ code: 0, stdout: expect.stringMatching(/All caught up/) });
  });
});

describe('pln intro', () => {
  const dir = network(files);
  const intro = async (...target: string[]) => jsonOf<Intro>(await plnIn(['intro', ...target, '--json'], { dir }));

  it('a person, through whoever knows them', async () => {
    const r = await intro('charles');
    expect(r.kinds).toEqual(['person']);
    expect(r.paths.map((p) => [p.text, p.via])).toEqual([['you → Ada Lovelace → Charles Babbage (Analytical Engines)', ['direct', 'knows']]]);
    const human = await plnIn(['intro', 'charles'], { dir });
    expect(human.stdout).toContain('  you → Ada Lovelace → Charles Babbage (Analytical Engines)\n    ask Ada Lovelace: in touch, last contact 6 weeks ago\n');
  });

  it('someone only named in knows, by first name or the start of the slug when no one else has it', async () => {
    const d = network({
      'contacts/bob.md': contact('name: Bob B\nknows: [charles-babbage, charlotte-x, dana-scully]', '\n## Log\n- 2026-11-01 call: hi\n'),
    });
    const text = async (target: string) => jsonOf<Intro>(await plnIn(['intro', target, '--json'], { dir: d })).paths.map((p) => p.text);
    expect(await text('dana')).toEqual(['you → Bob B → Dana Scully']);
    expect(await text('charles')).toEqual(['you → Bob B → Charles Babbage']);
    // "char" is no one's first name: no guess.
    expect(await text('char')).toEqual([]);
    // A first name two of them have: both are named.
    fs.writeFileSync(path.join(d, 'contacts', 'eve.md'), contact('name: Eve E\nknows: ["Dana Other"]', '\n## Log\n- 2026-11-01 call: hi\n'));
    expect(await text('dana')).toEqual([]);
    expect((await plnIn(['intro', 'dana'], { dir: d })).stdout).toBe('"dana" could be Dana Other, Dana Scully (named in someone\'s knows, not in the network); give more of the name.\n');
    expect(await text('dana scully')).toEqual(['you → Bob B → Dana Scully']);
  });

  it('a company: people there now, then people who were there (past_companies), warmest first', async () => {
    const r = await intro('acme', 'corp');
    expect(r.kinds).toEqual(['company']);
    expect(r.paths.map((p) => [p.text, p.hops])).toEqual([
      ['you → Kwame Mensah (Acme Corp)', 1],
      ['you → Grace Hopper (formerly Acme Corp)', 1],
    ]);
  });

  it('introduced_by links both ways, and "[[slug]]" links count', async () => {
    expect((await intro('kwame')).paths.map((p) => p.text)).toEqual(['you → Grace Hopper → Kwame Mensah (Acme Corp)']);
    expect((await intro('mia')).paths.map((p) => [p.text, p.via])).toEqual([['you → Omar Haddad → Mia Middle', ['direct', 'introduced']]]);
  });

  it('two hops through someone outside the network', async () => {
    const r = await intro('paul');
    expect(r.paths.map((p) => [p.text, p.hops])).toEqual([['you → Mia Middle → Dana Doe → Paul Far (Far Co)', 3]]);
    expect(r.paths[0]!.path.map((n) => n.in_network)).toEqual([true, false, true]);
  });

  it('a topic: warm experts before cold ones', async () => {
    const r = await intro('rust');
    expect(r.kinds).toEqual(['topic']);
    expect(r.paths.map((p) => p.path[0]!.slug)).toEqual(['omar', 'ada-lovelace', 'tom']);
    expect(r.paths.map((p) => p.path[0]!.warm)).toEqual([true, true, false]);
  });

  it('nothing found is not an error', async () => {
    const r = await plnIn(['intro', 'underwater', 'basket', 'weaving'], { dir });
    expect(r).toEqual({ stdout: 'No one in your network is, works at, or knows "underwater basket weaving".\n', stderr: '', code: 0 });
  });
});

describe('pln who, with warmth', () => {
  const dir = network(files);

  it('among good matches, people you are in touch with come first; rows show the last contact', async () => {
    const rows = jsonOf<{ slug: string; name: string; score: number; matches: unknown[]; last_contact: string | null; warm: boolean }[]>(await plnIn(['who', 'rust', '--json'], { dir }));
    expect(rows.map((r) => [r.slug, r.warm, r.last_contact])).toEqual([
      ['ada-lovelace', true, '2026-10-20'],
      ['omar', true, '2026-11-25'],
      ['tom', false, '2025-01-15'],
    ]);
    for (const r of rows) expect(Object.keys(r)).toEqual(['slug', 'name', 'score', 'matches', 'last_contact', 'warm', 'new']);
    const human = (await plnIn(['who', 'rust'], { dir })).stdout.split('\n');
    expect(human[0]).toMatch(/^NAME\s+LAST CONTACT\s+SCORE\s+MATCHED$/);
    expect(human[3]).toMatch(/^Tom Rust\s+22 months ago\s+1\.00\s+expertise: rust/);
  });

  it('--cold shows only people you have lost touch with', async () => {
    expect(jsonOf<{ slug: string }[]>(await plnIn(['who', 'rust', '--cold', '--json'], { dir })).map((r) => r.slug)).toEqual(['tom']);
    expect((await plnIn(['who', 'leadership', '--cold'], { dir })).stdout).toBe('No one you have lost touch with matches "leadership".\n');
  });

  it('--limit N keeps the first N, with --json too (everyone when not given); a bad N is a usage error', async () => {
    const slugs = async (...args: string[]) => jsonOf<{ slug: string }[]>(await plnIn(args, { dir })).map((r) => r.slug);
    expect(await slugs('who', 'rust', '--json', '--limit', '2')).toEqual(['ada-lovelace', 'omar']);
    expect(await slugs('who', 'rust', '--json')).toHaveLength(3);
    expect((await slugs('search', 'rust', '--json', '--limit', '1')).length).toBe(1);
    expect((await plnIn(['who', 'rust', '--limit', '1'], { dir })).stdout.trimEnd().split('\n')).toHaveLength(2);
    for (const cmd of ['who', 'search']) {
      for (const n of ['abc', '0', '0x2', '1e1', '-1']) {
        const bad = await plnIn([cmd, 'rust', `--limit=${n}`], { dir });
        expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, `pln: --limit must be a whole number of 1 or more (got "${n}")`]);
      }
    }
  });
});

describe('pln topics and pln stats', () => {
  const dir = network(files);

  it('topics: every topic with how many know it and how many are warm; --gaps', async () => {
    const rows = jsonOf<{ topic: string; count: number; warm: number; goal: boolean }[]>(await plnIn(['topics', '--json'], { dir }));
    expect(rows.map((r) => [r.topic, r.count, r.warm, r.goal])).toEqual([
      ['rust', 3, 2, true],
      ['compilers', 1, 1, false],
      ['engineering management', 1, 1, false],
      ['leadership', 1, 1, true],
      ['hardware', 1, 0, false],
    ]);
    expect(jsonOf<{ topic: string }[]>(await plnIn(['topics', '--gaps', '--json'], { dir })).map((r) => r.topic)).toEqual(['hardware']);
    expect((await plnIn(['topics', '--sort', 'size'], { dir })).code).toBe(2);
  });

  it('stats: check-ins, people, activity, topics, reach, give and get', async () => {
    const st = jsonOf<Record<string, unknown>>(await plnIn(['stats', '--json'], { dir }));
    expect(st).toMatchObject({ people: 8, warm: 5, cold: 3, on_track: 4, due_today: 0, overdue: 2, no_cadence: 2, balance: { gave: 2, got: 1 }, goals_without_warm: [] });
    expect((st.interactions_by_month as { month: string; count: number }[]).at(-1)).toEqual({ month: '2026-11', count: 5 });
    expect(st.owed).toEqual([{ slug: 'ada-lovelace', name: 'Ada Lovelace', gave: 0, got: 1 }]);
    const out = (await plnIn(['stats'], { dir, env: { COLUMNS: '80' } })).stdout;
    expect(out).toMatch(/^ {2}8 people · 5 in touch \(63%\) · 3 to reconnect with$/m);
    expect(out).toMatch(/^ {2}Nov {8}5 █+$/m);
    expect(out).toMatch(/^ {2}rust +goal {2}3 · 2 {2}██░$/m);
    expect(out).toContain('You gave 2 · got 1: about even.');
    expect(out).toMatch(/^ {2}Your turn to give: Ada Lovelace$/m);
    for (const line of out.split('\n')) expect(width(line), line).toBeLessThanOrEqual(80);
  });
});

describe('give and get in pln show', () => {
  const dir = network(files);
  it('show --json has the balance; the card shows it once there is any', async () => {
    expect(jsonOf<{ balance: unknown }>(await plnIn(['show', 'ada', '--json'], { dir })).balance).toEqual({ gave: 0, got: 1 });
    expect((await plnIn(['show', 'ada'], { dir })).stdout).toMatch(/^give\/get: {2}you gave 0 · got 1 \(your turn to give\)$/m);
    expect((await plnIn(['show', 'charles'], { dir })).stdout).not.toMatch(/give\/get/);
  });
  it('show says where the cadence came from', async () => {
    expect(jsonOf<{ cadence: string; cadence_source: string }>(await plnIn(['show', 'grace', '--json'], { dir }))).toMatchObject({ cadence: '30d', cadence_source: 'tag mentor' });
    expect(jsonOf<{ cadence_source: string }>(await plnIn(['show', 'mia', '--json'], { dir })).cadence_source).toBe('contact');
  });
});

describe('topics as goals, intro and --expertise match one way: words in a row, acronyms, synonyms', () => {
  const people = {
    'pln.yml': 'goals: [k8s, pg]\n',
    'contacts/kim.md': contact('name: Kim Kube\nexpertise: [kubernetes]\ncadence: 30d', '\n## Log\n- 2026-01-05 call: clusters\n'),
    'contacts/pat.md': contact('name: Pat Gres\nexpertise: [postgresql]\ncadence: 30d', '\n## Log\n- 2026-01-05 call: indexes\n'),
    'contacts/hana.md': contact('name: Hana Tml\nexpertise: [HTML, django]'),
    'contacts/mei.md': contact('name: Mei Ling\nexpertise: [machine learning, go]'),
  };
  const slugs = (rows: { slug: string }[]) => rows.map((r) => r.slug);

  it('--expertise: ml is machine learning, never HTML; go is not django; k8s is kubernetes', async () => {
    const dir = network(people);
    const list = async (...topics: string[]) => slugs(jsonOf(await plnIn(['list', '--json', ...topics.flatMap((t) => ['--expertise', t])], { dir })));
    expect(await list('ml')).toEqual(['mei']);
    expect(await list('go')).toEqual(['mei']);
    expect(await list('k8s')).toEqual(['kim']);
    expect(await list('html')).toEqual(['hana']);
    expect(await list('ml', 'go')).toEqual(['mei']);
    expect(await list('ml', 'k8s')).toEqual([]);
  });

  it('goals written as synonyms: stats counts who knows them, suggest names them, intro finds them', async () => {
    const dir = network(people);
    const stats = jsonOf<{ goals: { goal: string; count: number }[] }>(await plnIn(['stats', '--json'], { dir }));
    expect(stats.goals.map((g) => [g.goal, g.count])).toEqual([
      ['k8s', 1],
      ['pg', 1],
    ]);
    const suggest = jsonOf<{ slug: string; goals: string[] }[]>(await plnIn(['suggest', '--json'], { dir }));
    expect(suggest.find((r) => r.slug === 'kim')?.goals).toEqual(['k8s']);
    expect(suggest.find((r) => r.slug === 'pat')?.goals).toEqual(['pg']);
    const intro = await plnIn(['intro', 'k8s'], { dir });
    expect(intro.code).toBe(0);
    expect(intro.stdout).toContain('you → Kim Kube (knows kubernetes)');
  });
});

describe('the sample network', () => {
  const sample = path.join(ROOT, 'templates', 'sample');
  it.each([['today'], ['stats'], ['suggest'], ['topics'], ['intro', 'acme']])('pln %s runs cleanly and fits 80 columns', async (...args) => {
    const r = await plnIn(args, { dir: sample, env: { COLUMNS: '80', PLN_NO_CACHE: '1' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.length).toBeGreaterThan(40);
    for (const line of r.stdout.split('\n')) expect(width(line), line).toBeLessThanOrEqual(80);
  });
});
