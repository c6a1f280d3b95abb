import { describe, expect, it } from 'vitest';
import { parseCadence } from '../../src/domain/cadence.js';
import { DEFAULT_CONFIG, effectiveCadence, type Config, type Contact } from '../../src/domain/contact.js';
import { parseContact } from '../../src/file/parse.js';
import { balanceOf, goalCoverage, handleOf, introPaths, isWarm, networkBalance, networkStats, nextBirthday, suggest, todayAgenda, topicList, topicMatches, warmth } from '../../src/index/insights.js';
import { buildNetwork, type Network } from '../../src/index/network.js';
import { dueList, showRecord } from '../../src/index/queries.js';
import { whoKnows, withWarmth } from '../../src/index/who.js';

const TODAY = '2026-11-29';

function person(slug: string, front: string, body = ''): Contact {
  const { contact, problems } = parseContact(`---\n${front}\n---\n${body}`, { file: `contacts/${slug}.md`, slug });
  if (!contact) throw new Error(problems.map((p) => p.message).join('; '));
  return contact;
}

/** A `## Log` section from `date kind: text` lines. */
const log = (...entries: string[]) => `\n## Log\n${entries.map((e) => `- ${e}\n`).join('')}`;
const followups = (...items: string[]) => `\n## Follow-ups\n${items.map((i) => `- ${i}\n`).join('')}`;

function config(extra: { cadenceByTag?: Record<string, string>; goals?: string[]; defaultCadence?: string } = {}): Config {
  const byTag: Config['cadenceByTag'] = {};
  for (const [tag, cad] of Object.entries(extra.cadenceByTag ?? {})) byTag[tag] = parseCadence(cad)!;
  return {
    ...DEFAULT_CONFIG,
    defaultCadence: parseCadence(extra.defaultCadence ?? '90d')!,
    cadenceByTag: byTag,
    goals: extra.goals ?? [],
  };
}

function net(cfg: Config, ...contacts: Contact[]): Network {
  return buildNetwork('/n', cfg, contacts, []);
}

describe('cadence precedence', () => {
  const cfg = config({ cadenceByTag: { mentor: '30d', investor: '90d', friend: '2w', archive: 'none' }, defaultCadence: '60d' });
  const of = (front: string) => effectiveCadence(person('x', `name: X\n${front}`), cfg);

  it("a contact's own cadence wins over its tags", () => {
    expect(of('cadence: 7d\ntags: [mentor, friend]')).toMatchObject({ source: 'contact', cadence: { days: 7 } });
    expect(of('cadence: none\ntags: [mentor]')).toMatchObject({ source: 'contact', cadence: { kind: 'none' } });
  });
  it('else the shortest of its tags, whatever their order, case-insensitively', () => {
    expect(of('tags: [investor, mentor, friend]')).toEqual({ source: 'tag', tag: 'friend', cadence: parseCadence('2w') });
    expect(of('tags: [Mentor, investor]')).toMatchObject({ source: 'tag', tag: 'Mentor', cadence: { days: 30 } });
  });
  it('a tag with cadence none loses to any tag with a real one', () => {
    expect(of('tags: [archive, investor]')).toMatchObject({ source: 'tag', tag: 'investor' });
    expect(of('tags: [archive]')).toMatchObject({ source: 'tag', cadence: { kind: 'none' } });
  });
  it('else the default; an unreadable own cadence falls through to the tags', () => {
    expect(of('tags: [colleague]')).toMatchObject({ source: 'default', cadence: { days: 60 } });
    expect(of('cadence: fortnightlyish\ntags: [mentor]')).toMatchObject({ source: 'tag', tag: 'mentor' });
  });
  it('due dates and pln show follow the same precedence', () => {
    const n = net(
      cfg,
      person('own', 'name: Own\ncadence: 7d\ntags: [mentor]', log('2026-11-01 call: x')),
      person('tagged', 'name: Tagged\ntags: [investor, mentor]', log('2026-10-01 call: x')),
      person('plain', 'name: Plain', log('2026-09-01 call: x')),
    );
    expect(dueList(n, TODAY).map((r) => [r.slug, r.cadence_days, r.days_overdue])).toEqual([
      ['plain', 60, 29],
      ['tagged', 30, 29],
      ['own', 7, 21],
    ]);
    expect(showRecord(n.bySlug.get('tagged')!, n, TODAY)).toMatchObject({ cadence: '30d', cadence_source: 'tag mentor' });
    expect(showRecord(n.bySlug.get('own')!, n, TODAY)).toMatchObject({ cadence: '7d', cadence_source: 'contact' });
    expect(showRecord(n.bySlug.get('plain')!, n, TODAY)).toMatchObject({ cadence: '60d', cadence_source: 'default' });
  });
});

describe('warmth', () => {
  const cfg = config();
  const w = (front: string, body = '') => warmth(person('x', `name: X\n${front}`, body), cfg, TODAY);

  it('warm while the last contact is within two cadences', () => {
    expect(w('cadence: 30d', log('2026-10-01 call: x'))).toEqual({ warm: true, new: false, last_contact: '2026-10-01', days_since: 59, window_days: 60 });
    expect(w('cadence: 30d', log('2026-09-30 call: x'))).toMatchObject({ warm: true, days_since: 60 });
    expect(w('cadence: 30d', log('2026-09-29 call: x'))).toMatchObject({ warm: false, days_since: 61 });
  });
  it('the window is at least 30 days and at most a year', () => {
    expect(w('cadence: weekly', log('2026-11-01 call: x'))).toMatchObject({ warm: true, window_days: 30 });
    expect(w('cadence: weekly', log('2026-10-29 call: x'))).toMatchObject({ warm: false, window_days: 30 });
    expect(w('cadence: yearly', log('2025-12-01 call: x'))).toMatchObject({ warm: true, window_days: 365 });
    expect(w('cadence: yearly', log('2025-11-28 call: x'))).toMatchObject({ warm: false, window_days: 365 });
  });
  it('with cadence none, 180 days', () => {
    expect(w('cadence: none', log('2026-06-02 call: x'))).toMatchObject({ warm: true, window_days: 180 });
    expect(w('cadence: none', log('2026-06-01 call: x'))).toMatchObject({ warm: false });
  });
  it('never contacted is cold, unless added less than a cadence ago (new); last_contact counts like a log entry', () => {
    expect(w('cadence: 30d\nadded: 2026-11-28')).toEqual({ warm: false, new: true, last_contact: null, days_since: null, window_days: 60 });
    expect(w('cadence: 30d\nadded: 2026-10-31')).toMatchObject({ warm: false, new: true });
    expect(w('cadence: 30d\nadded: 2026-10-30')).toMatchObject({ warm: false, new: false });
    expect(w('cadence: 30d')).toMatchObject({ warm: false, new: false });
    expect(w('cadence: 30d\nlast_contact: 2026-11-01')).toMatchObject({ warm: true, last_contact: '2026-11-01' });
  });
  it('uses the effective cadence (a tag cadence shortens the window)', () => {
    const tagged = config({ cadenceByTag: { mentor: '15d' } });
    const c = person('x', 'name: X\ntags: [mentor]', log('2026-10-20 call: x'));
    expect(isWarm(c, tagged, TODAY)).toBe(false);
    expect(isWarm(c, cfg, TODAY)).toBe(true);
  });
});

describe('suggest', () => {
  const cfg = config({ goals: ['rust', 'leadership'] });
  // Each pair differs in one rule only, so the order shows that rule.
  const n = net(
    cfg,
    person('month-late', 'name: Month Late\ncadence: 30d', log('2026-09-30 call: x')),
    person('year-late', 'name: Year Late\ncadence: 365d', log('2025-09-30 call: x')),
    person('owes', 'name: Owes Followup\ncadence: 30d', log('2026-10-20 call: x') + followups('[ ] send the paper 📅 2026-11-20')),
    person('no-owe', 'name: No Owe\ncadence: 30d', log('2026-10-20 call: x')),
    person('rustacean', 'name: Rusty Goal\ncadence: 30d\nexpertise: [Rust, wasm]', log('2026-10-25 call: x')),
    person('plain', 'name: Plain Peer\ncadence: 30d\nexpertise: [cobol]', log('2026-10-25 call: x')),
    person('taker', 'name: Taker Tess\ncadence: 30d', log('2026-10-27 call: x', '2026-09-01 got: a reference letter')),
    person('giver', 'name: Giver Gil\ncadence: 30d', log('2026-10-27 call: x', '2026-09-01 gave: a reference letter')),
    person('soon', 'name: Soon Sam\ncadence: 30d', log('2026-11-03 call: x')),
    person('fresh-rust', 'name: Fresh Rust\ncadence: 30d\nexpertise: [rust]', log('2026-11-20 call: x')),
    person('never-due', 'name: Never Due\ncadence: none\nexpertise: [leadership]', log('2020-01-01 call: x')),
  );
  const rows = suggest(n, TODAY);
  const order = rows.map((r) => r.slug);
  const before = (a: string, b: string) => expect(order.indexOf(a), `${a} before ${b} in ${order.join(', ')}`).toBeLessThan(order.indexOf(b));

  it('overdue relative to the cadence: a month late on 30d beats two months late on a year', () => {
    before('month-late', 'year-late');
    expect(rows.find((r) => r.slug === 'year-late')!.days_overdue).toBeGreaterThan(rows.find((r) => r.slug === 'month-late')!.days_overdue!);
  });
  it('an open follow-up due, a goal, and their turn to be given to each raise the rank', () => {
    before('owes', 'no-owe');
    before('rustacean', 'plain');
    before('taker', 'giver');
  });
  it('someone not due, with no follow-up, is not suggested for a goal alone; cadence none is never due', () => {
    expect(order).not.toContain('fresh-rust');
    expect(order).not.toContain('never-due');
  });
  it('each row says why, in plain words', () => {
    const why = Object.fromEntries(rows.map((r) => [r.slug, r.reasons]));
    expect(why['month-late']).toEqual(['overdue 4 weeks']);
    expect(why['owes']).toEqual(['overdue 10 days', 'you owe a follow-up']);
    expect(why['rustacean']).toEqual(['overdue 5 days', 'knows rust (your goal)']);
    expect(why['taker']).toEqual(['overdue 3 days', 'your turn to give (got 1, gave 0)']);
    expect(why['giver']).toEqual(['overdue 3 days']);
    expect(why['soon']).toEqual(['check-in due in 4 days']);
  });
  it('the exact order, with a command to act on each', () => {
    expect(order).toEqual(['owes', 'month-late', 'rustacean', 'taker', 'no-owe', 'plain', 'year-late', 'giver', 'soon']);
    expect(rows.map((r) => r.score)).toEqual([2.83, 2, 1.92, 1.6, 1.33, 1.17, 1.16, 1.1, 0.25]);
    expect(rows[0]!.command).toBe('pln done owes 1');
    expect(rows[1]!.command).toBe('pln log month "caught up"');
    expect(suggest(n, TODAY, 2).map((r) => r.slug)).toEqual(['owes', 'month-late']);
  });
  it('several goals are named together', () => {
    const both = net(cfg, person('b', 'name: Both\ncadence: 30d\nexpertise: [rust, engineering leadership]', log('2026-10-01 call: x')));
    expect(suggest(both, TODAY)[0]!.reasons).toEqual(['overdue 4 weeks', 'knows rust, leadership (your goals)']);
  });
});

describe('today', () => {
  const n = net(
    config({ goals: ['rust'] }),
    person('ada', 'name: Ada Lovelace\ncadence: 30d\nbirthday: 12-03', log('2026-10-01 call: x') + followups('[ ] send the paper 📅 2026-11-24', '[ ] later 📅 2026-12-10')),
    person('bob', 'name: Bob Baker\ncadence: 30d\nbirthday: 1990-11-29', log('2026-11-20 call: x') + followups('[x] done one 📅 2026-11-01 ✅ 2026-11-01', '[ ] call back 📅 2026-11-29')),
    person('cy', 'name: Cy Young\ncadence: 30d\nexpertise: [rust]\nbirthday: 2000-12-05', log('2026-09-01 call: x')),
    person('di', 'name: Di Prince\ncadence: 30d\nbirthday: 12-06', log('2026-10-15 call: x')),
    person('ed', 'name: Ed Wood\ncadence: 30d', log('2026-10-20 call: x')),
    person('flo', 'name: Flo Rida\ncadence: 30d', log('2026-10-25 call: x')),
  );
  const agenda = todayAgenda(n, TODAY);

  it('follow-ups due today or overdue, oldest first, each with its done command', () => {
    expect(agenda.followups.map((f) => [f.slug, f.text, f.days_overdue, f.overdue, f.command])).toEqual([
      ['ada', 'send the paper', 5, true, 'pln done ada 1'],
      ['bob', 'call back', 0, false, 'pln done bob 1'],
    ]);
  });
  it('the few best check-ins, leaving out people already listed for a follow-up', () => {
    expect(agenda.checkins.map((c) => c.slug)).toEqual(['cy', 'di', 'ed']);
    expect(agenda.checkins[0]!.reasons).toEqual(['overdue 8 weeks', 'knows rust (your goal)']);
    expect(agenda.checkins[0]!.command).toBe('pln log cy "caught up"');
  });
  it('birthdays in the coming seven days, with the age when the year is known', () => {
    // Di's birthday is seven days away: next week.
    expect(agenda.birthdays.map((b) => [b.slug, b.date, b.days_until, b.turns, b.command])).toEqual([
      ['bob', '2026-11-29', 0, 36, 'pln log bob "wished a happy birthday"'],
      ['ada', '2026-12-03', 4, null, 'pln log ada "wished a happy birthday"'],
      ['cy', '2026-12-05', 6, 26, 'pln log cy "wished a happy birthday"'],
    ]);
  });
  it('next birthday: over the new year, and 29 February in other years', () => {
    expect(nextBirthday('01-02', '2026-12-30')).toBe('2027-01-02');
    expect(nextBirthday('1984-12-30', '2026-12-30')).toBe('2026-12-30');
    expect(nextBirthday('02-29', '2026-01-10')).toBe('2026-02-28');
    expect(nextBirthday('02-29', '2028-01-10')).toBe('2028-02-29');
    expect(nextBirthday('13-01', TODAY)).toBeNull();
  });
});

describe('intro paths', () => {
  const cfg = config();
  const n = net(
    cfg,
    person('ada', 'name: Ada Lovelace\ncompany: Analytical Engines\nknows: [charles-babbage, bob-smith]\ncadence: 30d', log('2026-11-20 call: x')),
    person('charles-babbage', 'name: Charles Babbage\ncompany: Analytical Engines\ncadence: 30d', log('2026-01-01 call: x')),
    person('grace', 'name: Grace Hopper\ncompany: Harbor\npast_companies: [Acme Corp]\ncadence: 30d', log('2026-11-25 call: x')),
    person('kwame', 'name: Kwame Mensah\ncompany: ACME Inc.\nintroduced_by: grace\ncadence: 30d', log('2026-11-01 call: x')),
    person('tom', 'name: Tom Cold\ncompany: Acme Corp\ncadence: 30d', log('2025-01-01 call: x')),
    person('sofia', 'name: Sofia Rossi\nexpertise: [kubernetes]\nknows: [Charles Babbage]\ncadence: 30d', log('2025-06-01 call: x')),
    person('lena', 'name: Lena Fischer\nexpertise: [Kubernetes operators]\ncadence: 30d', log('2026-11-10 call: x')),
    person('paul', 'name: Paul Far\nintroduced_by: dana-doe\ncompany: Far Co', ''),
    person('mia', 'name: Mia Middle\nknows: [dana-doe]\ncadence: 30d', log('2026-11-15 call: x')),
  );
  const texts = (target: string) => introPaths(n, target, TODAY).paths.map((p) => p.text);

  it('direct contacts at a company, now and formerly, folded ("ACME Inc." is Acme), warm first', () => {
    const r = introPaths(n, 'acme', TODAY);
    expect(r.kinds).toEqual(['company']);
    expect(r.paths.map((p) => [p.text, p.via, p.hops])).toEqual([
      ['you → Kwame Mensah (ACME Inc.)', ['direct'], 1],
      ['you → Grace Hopper (formerly Acme Corp)', ['direct'], 1],
      ['you → Tom Cold (Acme Corp)', ['direct'], 1],
    ]);
  });
  it('a person through whoever knows them, warmest introducer first, never the direct line', () => {
    const r = introPaths(n, 'charles', TODAY);
    expect(r.kinds).toEqual(['person']);
    expect(r.person).toMatchObject({ slug: 'charles-babbage', in_network: true, warm: false });
    expect(r.paths.map((p) => [p.text, p.via])).toEqual([
      ['you → Ada Lovelace → Charles Babbage (Analytical Engines)', ['direct', 'knows']],
      // `knows: [Charles Babbage]` by name counts too; Sofia is cold, so she comes second.
      ['you → Sofia Rossi → Charles Babbage (Analytical Engines)', ['direct', 'knows']],
    ]);
  });
  it('introduced_by links both ways', () => {
    expect(texts('kwame')).toEqual(['you → Grace Hopper → Kwame Mensah (ACME Inc.)']);
    expect(introPaths(n, 'grace', TODAY).paths.map((p) => p.via)).toEqual([['direct', 'introduced']]);
  });
  it('two steps away: through someone who is not in the network', () => {
    const r = introPaths(n, 'paul', TODAY);
    expect(r.paths.map((p) => [p.text, p.hops, p.via])).toEqual([['you → Mia Middle → Dana Doe → Paul Far (Far Co)', 3, ['direct', 'knows', 'introduced']]]);
    expect(r.paths[0]!.path[1]).toMatchObject({ slug: 'dana-doe', in_network: false });
  });
  it('someone known only by name in a knows list', () => {
    const r = introPaths(n, 'Bob Smith', TODAY);
    expect(r.person).toMatchObject({ slug: 'bob-smith', name: 'Bob Smith', in_network: false });
    expect(r.paths.map((p) => p.text)).toEqual(['you → Ada Lovelace → Bob Smith']);
  });
  it('a topic: people whose expertise covers it, warm first', () => {
    const r = introPaths(n, 'kubernetes', TODAY);
    expect(r.kinds).toEqual(['topic']);
    expect(r.paths.map((p) => p.text)).toEqual(['you → Lena Fischer (knows Kubernetes operators)', 'you → Sofia Rossi (knows kubernetes)']);
  });
  it('nothing matches: no kinds, no paths', () => {
    expect(introPaths(n, 'underwater basket weaving', TODAY)).toMatchObject({ kinds: [], paths: [], person: null });
  });
});

describe('who, warm before cold among good matches', () => {
  const cfg = config();
  const people = [
    person('cold-expert', 'name: Cold Expert\ncadence: 30d\nexpertise: [kubernetes]', log('2025-01-01 call: x')),
    person('warm-prefix', 'name: Warm Prefix\ncadence: 30d\nexpertise: [kubernetes-operators]', log('2026-11-20 call: x')),
    person('warm-expert', 'name: Warm Expert\ncadence: 30d\nexpertise: [kubernetes]', log('2026-11-01 call: x')),
    person('warm-notes', 'name: Warm Notes\ncadence: 30d', 'Once went to a kubernetes meetup.\n' + log('2026-11-20 call: x')),
    person('never', 'name: Never Met\nexpertise: [kubernetes]'),
  ];
  const n = net(cfg, ...people);
  const rows = withWarmth(whoKnows(people, 'kubernetes'), (slug) => warmth(n.bySlug.get(slug)!, cfg, TODAY));

  it('good matches you are in touch with first, then cold good matches, then weak matches', () => {
    expect(rows.map((r) => [r.slug, r.warm])).toEqual([
      ['warm-expert', true],
      ['warm-prefix', true],
      ['cold-expert', false],
      ['never', false],
      ['warm-notes', true],
    ]);
    expect(rows[1]!.score).toBeLessThan(rows[2]!.score);
  });
  it('keeps the who fields and adds the last contact', () => {
    expect(rows[0]).toEqual({ slug: 'warm-expert', name: 'Warm Expert', score: 1, matches: [{ field: 'expertise', value: 'kubernetes' }], last_contact: '2026-11-01', warm: true, new: false });
    expect(rows.find((r) => r.slug === 'never')!.last_contact).toBeNull();
  });
});

describe('topics and goal coverage', () => {
  const cfg = config({ goals: ['Rust', 'systems', 'leadership', 'ML'] });
  const n = net(
    cfg,
    person('a', 'name: A\ncadence: 30d\nexpertise: [Rust, distributed systems]', log('2026-11-20 call: x')),
    person('b', 'name: B\ncadence: 30d\nexpertise: [rust, compilers]', log('2025-01-01 call: x')),
    person('c', 'name: C\ncadence: 30d\nexpertise: [Distributed  Systems, machine learning, rust]', log('2026-11-01 call: x')),
    person('d', 'name: D\nexpertise: [compiler]'),
  );

  it('counts each topic across spellings, with how many of its people are warm; goals nobody knows show as gaps', () => {
    expect(topicList(n, TODAY).map((t) => [t.topic, t.count, t.warm, t.goal])).toEqual([
      ['rust', 3, 2, true],
      ['distributed systems', 2, 2, false],
      ['compilers', 2, 0, false],
      // The goal ML is machine learning, by the thesaurus.
      ['machine learning', 1, 1, true],
      ['leadership', 0, 0, true],
      ['systems', 0, 0, true],
    ]);
    expect(topicList(n, TODAY)[0]!.people).toEqual(['a', 'b', 'c']);
  });
  it('a goal is covered by any expertise containing it, or by its acronym', () => {
    expect(topicMatches('systems', 'distributed systems')).toBe(true);
    expect(topicMatches('ml', 'Machine Learning')).toBe(true);
    expect(topicMatches('compiler', 'compilers')).toBe(true);
    expect(topicMatches('go', 'google cloud')).toBe(false);
    expect(goalCoverage(n, TODAY)).toEqual([
      { goal: 'Rust', count: 3, warm: 2, people: ['a', 'b', 'c'] },
      { goal: 'systems', count: 2, warm: 2, people: ['a', 'c'] },
      { goal: 'leadership', count: 0, warm: 0, people: [] },
      { goal: 'ML', count: 1, warm: 1, people: ['c'] },
    ]);
    expect(networkStats(n, TODAY).goals_without_warm).toEqual(['leadership']);
  });
});

describe('give and get', () => {
  const n = net(
    config(),
    person('ada', 'name: Ada', log('2026-11-01 gave: notes', '2026-10-01 got: a review', '2026-09-01 got: an intro', '2026-08-01 call: x')),
    person('bob', 'name: Bob', log('2026-11-01 gave: a talk', '2026-10-01 gave: a review')),
    person('cy', 'name: Cy', log('2026-11-01 GOT: advice')),
  );
  it('per person, from the log kinds (case-insensitive), and over the network', () => {
    expect(balanceOf(n.bySlug.get('ada')!)).toEqual({ gave: 1, got: 2 });
    expect(balanceOf(n.bySlug.get('cy')!)).toEqual({ gave: 0, got: 1 });
    expect(networkBalance(n.contacts)).toEqual({ gave: 3, got: 3 });
  });
  it('in pln show and pln stats, with whose turn it is to be given to', () => {
    expect(showRecord(n.bySlug.get('bob')!, n, TODAY).balance).toEqual({ gave: 2, got: 0 });
    const st = networkStats(n, TODAY);
    expect(st.balance).toEqual({ gave: 3, got: 3 });
    expect(st.owed.map((o) => [o.slug, o.got, o.gave])).toEqual([
      ['ada', 2, 1],
      ['cy', 1, 0],
    ]);
  });
});

describe('stats', () => {
  const n = net(
    config({ cadenceByTag: { mentor: '30d' } }),
    person(
      'a',
      'name: A\ntags: [mentor, rust]\ncompany: Acme\nlocation: Berlin\nsector: software',
      log('2026-11-20 call: x', '2026-11-02 call: y', '2025-11-30 call: old', '2025-11-29 call: too old'),
    ),
    person('b', 'name: B\ntags: [Mentor]\ncompany: ACME\nlocation: Paris\nindustry: Software', log('2026-10-29 call: x')),
    person('c', 'name: C\ntags: [rust]\ncompany: Initech\nlocation: Berlin\nsector: finance', log('2026-08-31 call: x')),
    person('d', 'name: D\ncadence: none\ncompany: Globex\nlocation: Rome\nsector: retail'),
    person('e', 'name: E\ncadence: 30d', log('2026-11-30 call: written a day ahead')),
  );
  const st = networkStats(n, TODAY);

  it('counts check-in status, warmth and people by tag, company and location', () => {
    expect([st.people, st.on_track, st.due_today, st.overdue, st.no_cadence]).toEqual([5, 2, 1, 1, 1]);
    expect([st.warm, st.cold]).toEqual([4, 1]);
    expect(st.by_tag).toEqual([
      { value: 'mentor', count: 2 },
      { value: 'rust', count: 2 },
    ]);
    expect(st.by_company[0]).toEqual({ value: 'Acme', count: 2 });
    expect(st.by_location[0]).toEqual({ value: 'Berlin', count: 2 });
  });
  it('interactions per month over the last 12 months, the current month last, nothing after today', () => {
    expect(st.interactions_by_month).toHaveLength(12);
    expect(st.interactions_by_month[0]).toEqual({ month: '2025-12', count: 0 });
    expect(st.interactions_by_month.at(-1)).toEqual({ month: '2026-11', count: 2 });
    expect(st.interactions_by_month.find((m) => m.month === '2026-10')!.count).toBe(1);
    expect(st.interactions).toBe(4);
  });
  it('diversity counts the companies, sectors and locations of warm contacts only', () => {
    // d (Globex, retail, Rome) was never contacted: cold, so not counted.
    expect(isWarm(n.bySlug.get('d')!, n.config, TODAY)).toBe(false);
    expect(st.diversity).toEqual({ companies: 2, sectors: 2, locations: 2 });
  });
});

describe('handles in suggested commands', () => {
  const people = [person('ada-lovelace', 'name: Ada Lovelace'), person('adam-smith', 'name: Adam Smith'), person('tom-o', "name: Tom O'Connor"), person('jose', 'name: José García')];
  it('the first name when it names one person, else the slug', () => {
    expect(handleOf(people[0]!, people)).toBe('ada-lovelace');
    expect(handleOf(people[1]!, people)).toBe('adam');
    expect(handleOf(people[2]!, people)).toBe('tom');
    expect(handleOf(people[3]!, people)).toBe('jose');
  });
});
