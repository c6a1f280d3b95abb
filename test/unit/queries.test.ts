import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type Contact } from '../../src/domain/contact.js';
import { parseContact } from '../../src/file/parse.js';
import { buildNetwork, resolveWho } from '../../src/index/network.js';
import { dueList, followUpList } from '../../src/index/queries.js';
import { whoKnows } from '../../src/index/who.js';

function person(slug: string, front: string, body = ''): Contact {
  const { contact, problems } = parseContact(`---\n${front}\n---\n${body}`, { file: `contacts/${slug}.md`, slug });
  if (!contact) throw new Error(problems.map((p) => p.message).join('; '));
  return contact;
}

const people = [
  person('ada-lovelace', 'name: Ada Lovelace\naliases: [Countess]\nexpertise: [rust, compilers]'),
  person('adam-smith', 'name: Adam Smith\nexpertise: [economics]'),
  person('jose-garcia', 'name: José García'),
  person('zoe', `name: ${'Zoë Martin'.normalize('NFD')}`),
];

describe('resolveWho', () => {
  const one = (who: string) => {
    const r = resolveWho(people, who);
    return r.kind === 'one' ? r.contact.slug : r.kind === 'many' ? r.candidates.map((c) => c.slug) : null;
  };
  it('exact slug, name, alias; case and accents do not matter', () => {
    expect(one('ada-lovelace')).toBe('ada-lovelace');
    expect(one('ADA LOVELACE')).toBe('ada-lovelace');
    expect(one('countess')).toBe('ada-lovelace');
    expect(one('jose garcia')).toBe('jose-garcia');
    expect(one('José')).toBe('jose-garcia');
  });
  it('an NFC name typed on Linux matches an NFD name written on macOS', () => {
    expect(one('Zoë Martin'.normalize('NFC'))).toBe('zoe');
  });
  it('a prefix shared by two people is ambiguous; a unique one is not', () => {
    expect(one('ada')).toEqual(['ada-lovelace', 'adam-smith']);
    expect(one('adam')).toBe('adam-smith');
    expect(one('love')).toBe('ada-lovelace');
  });
  it('a clearly best fuzzy match wins; nothing close is nobody', () => {
    expect(one('lovelcae')).toBe('ada-lovelace');
    expect(one('garcya')).toBe('jose-garcia');
    expect(one('xyz')).toBeNull();
  });
});

describe('whoKnows', () => {
  it('scores in [0, 1], expertise first, whole words for short queries', () => {
    const net = [
      person('a', 'name: A\nexpertise: [ML]'),
      person('b', 'name: B\nexpertise: [HTML]'),
      person('c', 'name: C\nexpertise: [machine learning]'),
      person('d', 'name: D\nrole: ML researcher'),
    ];
    const rows = whoKnows(net, 'ml');
    expect(rows.map((r) => r.slug)).toEqual(['a', 'c', 'd']);
    for (const r of rows) {
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
    expect(rows[0]!.matches).toEqual([{ field: 'expertise', value: 'ML' }]);
  });
  it('multi-word topics prefer the whole phrase', () => {
    const net = [person('a', 'name: A\nexpertise: [distributed systems]'), person('b', 'name: B\nexpertise: [systems programming, distributed teams]')];
    expect(whoKnows(net, 'distributed systems').map((r) => r.slug)).toEqual(['a', 'b']);
  });
});

describe('due and follow-ups', () => {
  const net = buildNetwork(
    '/n',
    { ...DEFAULT_CONFIG, cadenceByTag: { mentor: { kind: 'days', days: 30, text: '30d' } } },
    [
      person('own', 'name: Own\ncadence: 7d\ntags: [mentor]', '## Log\n- 2026-11-01 call: x\n'),
      person('tagged', 'name: Tagged\ntags: [mentor, friend]', '## Log\n- 2026-10-01 call: x\n'),
      person('default', 'name: Default', '## Log\n- 2026-08-01 call: x\n'),
    ],
    [],
  );
  it('a contact cadence wins over its tags, tags over the default', () => {
    const rows = dueList(net, '2026-11-29');
    expect(rows.map((r) => [r.slug, r.cadence_days, r.days_overdue])).toEqual([
      ['default', 90, 30],
      ['tagged', 30, 29],
      ['own', 7, 21],
    ]);
  });
  it('follow-ups: overdue first, then by date, undated last', () => {
    const n = buildNetwork('/n', DEFAULT_CONFIG, [person('a', 'name: A', '## Follow-ups\n- [ ] undated\n- [ ] soon 📅 2026-12-01\n- [ ] late 📅 2026-11-01\n- [ ] today 📅 2026-11-29\n')], []);
    expect(followUpList(n, '2026-11-29').map((f) => [f.text, f.overdue])).toEqual([
      ['late', true],
      ['today', false],
      ['soon', false],
      ['undated', false],
    ]);
  });
});
