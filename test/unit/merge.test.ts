import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeContactFiles, mergeSettingsFiles } from '../../src/sync/merge.js';
import { fuzzRuns } from '../helpers/fuzz.js';

const BASE = `---
name: Ada Lovelace
tags: [mentor, rust-community]
company: Analytical Engines
role: Staff Engineer
location: London
---
Met at RustConf 2024. Wants to move into compiler research.

She prefers email to calls.

## Log
- 2026-11-20 coffee: talked about compiler internships #career
- 2026-10-03 call: reviewed her RFC draft

## Follow-ups
- [ ] send the benchmark paper 📅 2026-12-05
- [x] intro to Bob at Acme 📅 2026-11-01 ✅ 2026-10-30
`;

/** Replaces one exact piece of text, failing loudly when it is not there. */
function edit(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

function clean(base: string, ours: string, theirs: string): string {
  const r = mergeContactFiles(base, ours, theirs);
  expect(r.conflicts).toEqual([]);
  expect(r.text).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
  return r.text;
}

describe('mergeContactFiles: log and follow-ups', () => {
  it('keeps both log entries written on the same day on two machines', () => {
    const ours = edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: planned the talk\n');
    const theirs = edit(BASE, '## Log\n', '## Log\n- 2026-11-29 coffee: met at the meetup\n');
    const merged = clean(BASE, ours, theirs);
    expect(merged).toBe(edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: planned the talk\n- 2026-11-29 coffee: met at the meetup\n'));
  });

  it('keeps every copy of a line one side added twice, as ours and as theirs (two calls, same words)', () => {
    const twice = edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: standup\n- 2026-11-29 call: standup\n');
    const twiceTasks = edit(twice, '✅ 2026-10-30\n', '✅ 2026-10-30\n- [ ] send paper\n- [ ] send paper\n');
    const other = edit(BASE, 'location: London', 'location: Paris');
    const expected = edit(twiceTasks, 'location: London', 'location: Paris');
    expect(clean(BASE, twiceTasks, other)).toBe(expected);
    expect(clean(BASE, other, twiceTasks)).toBe(expected);
    // Both sides added the same one line: it is the same change, made once.
    const once = edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: standup\n');
    expect(clean(BASE, once, once)).toBe(once);
    // One copy of two removed on one side, a line added on the other: one copy stays.
    const added = edit(twice, '- 2026-10-03 call', '- 2026-10-04 email: hi\n- 2026-10-03 call');
    expect(clean(twice, once, added)).toBe(edit(once, '- 2026-10-03 call', '- 2026-10-04 email: hi\n- 2026-10-03 call'));
  });

  it('inserts their entry at its date in a newest-first log', () => {
    const ours = edit(BASE, '## Log\n', '## Log\n- 2026-11-28 call: ours\n');
    const theirs = edit(BASE, '- 2026-10-03 call', '- 2026-11-01 email: theirs\n- 2026-10-03 call');
    const merged = clean(BASE, ours, theirs);
    expect(merged).toContain('## Log\n- 2026-11-28 call: ours\n- 2026-11-20 coffee: talked about compiler internships #career\n- 2026-11-01 email: theirs\n- 2026-10-03 call');
  });

  it('keeps follow-ups added on both machines, ours first', () => {
    const ours = edit(BASE, '✅ 2026-10-30\n', '✅ 2026-10-30\n- [ ] lend her the book\n');
    const theirs = edit(BASE, '✅ 2026-10-30\n', '✅ 2026-10-30\n- [ ] ask about the RFC 📅 2026-12-10\n');
    const merged = clean(BASE, ours, theirs);
    expect(merged.endsWith('✅ 2026-10-30\n- [ ] lend her the book\n- [ ] ask about the RFC 📅 2026-12-10\n')).toBe(true);
  });

  it('lets a ticked follow-up win over the same one still open, in place', () => {
    const theirs = edit(BASE, '- [ ] send the benchmark paper 📅 2026-12-05', '- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-28');
    const ours = edit(BASE, '✅ 2026-10-30\n', '✅ 2026-10-30\n- [ ] new one\n');
    const merged = clean(BASE, ours, theirs);
    expect(merged).toContain('## Follow-ups\n- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-28\n- [x] intro to Bob');
    expect(merged).not.toContain('- [ ] send the benchmark paper');
    expect(merged).toContain('- [ ] new one\n');
  });

  it('keeps our tick when they only added something else', () => {
    const ours = edit(BASE, '- [ ] send the benchmark paper 📅 2026-12-05', '- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-29');
    const theirs = edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: theirs\n');
    const merged = clean(BASE, ours, theirs);
    expect(merged).toContain('- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-29\n');
    expect(merged).toContain('- 2026-11-29 call: theirs\n');
  });

  it('keeps one line when both machines ticked the same follow-up', () => {
    const ours = edit(BASE, '- [ ] send the benchmark paper 📅 2026-12-05', '- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-28');
    const theirs = edit(BASE, '- [ ] send the benchmark paper 📅 2026-12-05', '- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-29');
    expect(clean(BASE, ours, theirs)).toBe(ours);
  });

  it('reports a section removed on one side while the other added to it', () => {
    const ours = edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: new\n');
    const theirs = edit(BASE, '## Log\n- 2026-11-20 coffee: talked about compiler internships #career\n- 2026-10-03 call: reviewed her RFC draft\n\n', '');
    const r = mergeContactFiles(BASE, ours, theirs);
    expect(r.conflicts).toEqual([{ section: 'log', message: 'the Log section was removed on one machine and changed on the other' }]);
  });

  it('removes an entry deleted on one side and untouched on the other', () => {
    const ours = edit(BASE, '- 2026-10-03 call: reviewed her RFC draft\n', '');
    const theirs = edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: theirs\n');
    const merged = clean(BASE, ours, theirs);
    expect(merged).not.toContain('reviewed her RFC draft');
    expect(merged).toContain('- 2026-11-29 call: theirs\n');
  });

  it('keeps a first log entry and a first follow-up each machine added to a file without those sections', () => {
    const base = '---\nname: Grace Hopper\n---\nNotes.\n';
    const ours = `${base}\n## Log\n\n- 2026-11-29 call: hello\n`;
    const theirs = `${base}\n## Follow-ups\n\n- [ ] send slides\n`;
    expect(clean(base, ours, theirs)).toBe(`${base}\n## Log\n\n- 2026-11-29 call: hello\n\n## Follow-ups\n\n- [ ] send slides\n`);
  });

  it('keeps a Log section created at the end on one side and a follow-up added just above it on the other', () => {
    const base = '---\nname: Grace Hopper\n---\n\n## Follow-ups\n\n- [ ] send slides\n';
    const ours = `${base}\n## Log\n\n- 2026-11-29 call: hello\n`;
    const theirs = `${base}- [ ] book a call\n`;
    expect(clean(base, ours, theirs)).toBe(`${base}- [ ] book a call\n\n## Log\n\n- 2026-11-29 call: hello\n`);
  });

  it('never conflicts over log entries and follow-ups added on both sides, and loses none', () => {
    const entry = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.constantFrom('call', 'coffee', 'email'), fc.stringMatching(/^[a-z ]{1,12}$/));
    const side = fc.record({ log: fc.array(entry, { maxLength: 4 }), todo: fc.array(fc.stringMatching(/^[a-z]{1,10}$/), { maxLength: 3 }) });
    fc.assert(
      fc.property(side, side, (a, b) => {
        const line = ([d, k, t]: [number, string, string]): string => `- 2026-12-${String(d).padStart(2, '0')} ${k}: ${t.trim() || 'x'}`;
        const add = (s: { log: [number, string, string][]; todo: string[] }): string => {
          let text = BASE;
          for (const e of s.log) text = text.replace('## Log\n', `## Log\n${line(e)}\n`);
          for (const t of s.todo) text = text.replace('✅ 2026-10-30\n', `✅ 2026-10-30\n- [ ] ${t}\n`);
          return text;
        };
        const r = mergeContactFiles(BASE, add(a), add(b));
        expect(r.conflicts).toEqual([]);
        for (const e of [...a.log, ...b.log]) expect(r.text).toContain(`${line(e)}\n`);
        for (const t of [...a.todo, ...b.todo]) expect(r.text).toContain(`- [ ] ${t}\n`);
        expect(r.text).toContain('- 2026-10-03 call: reviewed her RFC draft\n');
      }),
      { numRuns: fuzzRuns(200) },
    );
  });

  it('keeps both first log entries when both machines created the Log section', () => {
    const base = '---\nname: Grace Hopper\n---\n';
    const ours = `${base}\n## Log\n\n- 2026-11-29 call: from A\n`;
    const theirs = `${base}\n## Log\n\n- 2026-11-29 email: from B\n`;
    expect(clean(base, ours, theirs)).toBe(`${base}\n## Log\n\n- 2026-11-29 call: from A\n- 2026-11-29 email: from B\n`);
  });
});

describe('mergeContactFiles: frontmatter', () => {
  it('keeps company set on one machine and role on the other, on adjacent lines', () => {
    const ours = edit(BASE, 'company: Analytical Engines', 'company: Babbage & Co');
    const theirs = edit(BASE, 'role: Staff Engineer', 'role: Principal Engineer');
    expect(clean(BASE, ours, theirs)).toBe(edit(ours, 'role: Staff Engineer', 'role: Principal Engineer'));
  });

  it('merges tags added on both machines as a union, ours first', () => {
    const ours = edit(BASE, 'tags: [mentor, rust-community]', 'tags: [mentor, rust-community, speaker]');
    const theirs = edit(BASE, 'tags: [mentor, rust-community]', 'tags: [mentor, rust-community, "c++"]');
    expect(clean(BASE, ours, theirs)).toContain('tags: [mentor, rust-community, speaker, c++]\n');
  });

  it('honours a tag removed on one side while the other adds one', () => {
    const ours = edit(BASE, 'tags: [mentor, rust-community]', 'tags: [mentor]');
    const theirs = edit(BASE, 'tags: [mentor, rust-community]', 'tags: [mentor, rust-community, speaker]');
    expect(clean(BASE, ours, theirs)).toContain('tags: [mentor, speaker]\n');
  });

  it('merges block lists and keeps their layout', () => {
    const base = '---\nname: Ada\nexpertise:\n  - rust\n  - compilers\n---\n';
    const ours = edit(base, '  - compilers\n', '  - compilers\n  - wasm\n');
    const theirs = edit(base, '  - rust\n', '');
    expect(clean(base, ours, theirs)).toBe('---\nname: Ada\nexpertise:\n  - compilers\n  - wasm\n---\n');
  });

  it('reports a key set two ways, naming the key and both values', () => {
    const ours = edit(BASE, 'role: Staff Engineer', 'role: CTO');
    const theirs = edit(BASE, 'role: Staff Engineer', 'role: Principal Engineer');
    const r = mergeContactFiles(BASE, ours, theirs);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ key: 'role', ours: 'CTO', theirs: 'Principal Engineer' });
    expect(r.conflicts[0]!.message).toBe('role changed on both machines (yours: CTO, theirs: Principal Engineer)');
    expect(r.text).toContain('<<<<<<< ours\nrole: CTO\n=======\nrole: Principal Engineer\n>>>>>>> theirs\n');
  });

  it('settles a decided key by the side asked for', () => {
    const ours = edit(BASE, 'role: Staff Engineer', 'role: CTO');
    const theirs = edit(edit(BASE, 'role: Staff Engineer', 'role: Principal Engineer'), 'location: London', 'location: Paris');
    const mine = mergeContactFiles(BASE, ours, theirs, { resolveKeys: { role: 'ours' } });
    expect(mine.conflicts).toEqual([]);
    expect(mine.text).toBe(edit(ours, 'location: London', 'location: Paris'));
    const theirsWins = mergeContactFiles(BASE, ours, theirs, { prefer: 'theirs' });
    expect(theirsWins.text).toBe(theirs);
  });

  it('copies a key added on their side verbatim, comments and quoting included', () => {
    const ours = edit(BASE, 'role: Staff Engineer', 'role: CTO');
    const theirs = edit(BASE, 'location: London\n', "location: London\nbirthday: '12-10' # from LinkedIn\n");
    expect(clean(BASE, ours, theirs)).toBe(edit(ours, 'location: London\n', "location: London\nbirthday: '12-10' # from LinkedIn\n"));
  });

  it('removes a key deleted on one side and untouched on the other', () => {
    const ours = edit(BASE, 'location: London\n', '');
    const theirs = edit(BASE, 'role: Staff Engineer', 'role: CTO');
    expect(clean(BASE, ours, theirs)).toBe(edit(ours, 'role: Staff Engineer', 'role: CTO'));
  });

  it('merges nested links added on both machines', () => {
    const base = '---\nname: Ada\nlinks:\n  github: https://github.com/ada\n---\n';
    const ours = edit(base, 'github.com/ada\n', 'github.com/ada\n  site: https://ada.dev\n');
    const theirs = edit(base, 'github.com/ada\n', 'github.com/ada\n  mastodon: https://hachyderm.io/@ada\n');
    expect(clean(base, ours, theirs)).toBe('---\nname: Ada\nlinks:\n  github: https://github.com/ada\n  site: https://ada.dev\n  mastodon: https://hachyderm.io/@ada\n---\n');
  });

  it('names a nested key set two ways', () => {
    const base = '---\nname: Ada\nlinks:\n  github: https://github.com/ada\n---\n';
    const ours = edit(base, 'github.com/ada', 'github.com/ada-l');
    const theirs = edit(base, 'github.com/ada', 'github.com/lovelace');
    const r = mergeContactFiles(base, ours, theirs);
    expect(r.conflicts.map((c) => c.key)).toEqual(['links.github']);
    expect(r.text).toBe('---\nname: Ada\n<<<<<<< ours\nlinks:\n  github: https://github.com/ada-l\n=======\nlinks:\n  github: https://github.com/lovelace\n>>>>>>> theirs\n---\n');
  });

  it('reports a side whose frontmatter does not parse, never guessing', () => {
    const ours = edit(BASE, 'role: Staff Engineer', 'role: CTO');
    const theirs = edit(BASE, 'role: Staff Engineer', 'role: [unclosed');
    const r = mergeContactFiles(BASE, ours, theirs);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]!.section).toBe('file');
    expect(r.conflicts[0]!.message).toMatch(/^their version cannot be merged: its frontmatter is not valid YAML/);
    expect(r.text.startsWith('<<<<<<< ours\n---\nname: Ada Lovelace\n')).toBe(true);
  });
});

describe('mergeContactFiles: notes and file shape', () => {
  it('merges edits to different paragraphs of the notes', () => {
    const ours = edit(BASE, 'Met at RustConf 2024.', 'Met at RustConf 2024 in Montreal.');
    const theirs = edit(BASE, 'She prefers email to calls.', 'She prefers Signal to calls.');
    expect(clean(BASE, ours, theirs)).toBe(edit(ours, 'She prefers email to calls.', 'She prefers Signal to calls.'));
  });

  it('reports the same notes line changed two ways', () => {
    const ours = edit(BASE, 'She prefers email to calls.', 'She prefers calls.');
    const theirs = edit(BASE, 'She prefers email to calls.', 'She prefers letters.');
    const r = mergeContactFiles(BASE, ours, theirs);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ section: 'body', ours: 'She prefers calls.', theirs: 'She prefers letters.' });
    expect(r.text).toContain('<<<<<<< ours\nShe prefers calls.\n=======\nShe prefers letters.\n>>>>>>> theirs\n');
    expect(mergeContactFiles(BASE, ours, theirs, { resolveBody: 'theirs' }).text).toBe(theirs);
  });

  it("keeps ours' CRLF line endings, also for lines that came from the other side", () => {
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n');
    const ours = crlf(edit(BASE, '## Log\n', '## Log\n- 2026-11-29 call: ours\n'));
    const theirs = edit(BASE, 'role: Staff Engineer', 'role: CTO').replace('## Log\n', '## Log\n- 2026-11-29 email: theirs\n');
    const r = mergeContactFiles(crlf(BASE), ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.text).toBe(crlf(edit(edit(BASE, 'role: Staff Engineer', 'role: CTO'), '## Log\n', '## Log\n- 2026-11-29 call: ours\n- 2026-11-29 email: theirs\n')));
  });

  it('returns the changed side untouched when only one side changed', () => {
    const theirs = edit(BASE, 'role: Staff Engineer', 'role: CTO');
    expect(mergeContactFiles(BASE, BASE, theirs)).toEqual({ text: theirs, conflicts: [] });
    expect(mergeContactFiles(BASE, theirs, BASE)).toEqual({ text: theirs, conflicts: [] });
  });

  it('merges a person added on both machines (empty common version)', () => {
    const ours = '---\nname: Alan Turing\ntags: [mentor]\n---\n\n## Log\n\n- 2026-11-29 call: a\n';
    const theirs = '---\nname: Alan Turing\ntags: [speaker]\n---\n\n## Log\n\n- 2026-11-28 call: b\n';
    expect(clean('', ours, theirs)).toBe('---\nname: Alan Turing\ntags: [mentor, speaker]\n---\n\n## Log\n\n- 2026-11-29 call: a\n- 2026-11-28 call: b\n');
  });

  it('keeps a BOM and a file without a final newline as ours wrote them', () => {
    const base = '\ufeff---\nname: Ada\n---\nNotes.';
    const ours = '\ufeff---\nname: Ada\nrole: CTO\n---\nNotes.';
    const theirs = '\ufeff---\nname: Ada\n---\nNotes, more.';
    expect(clean(base, ours, theirs)).toBe('\ufeff---\nname: Ada\nrole: CTO\n---\nNotes, more.');
  });
});

describe('mergeContactFiles on arbitrary input', () => {
  const LINES = [
    '---',
    'name: Ada',
    'role: x',
    'role: y',
    'tags: [a, b]',
    'tags:',
    '  - a',
    '  - c',
    'links:',
    '  github: x',
    '## Log',
    '## Follow-ups',
    '# Title',
    '- 2026-11-29 call: a',
    '- [ ] t',
    '- [x] t ✅ 2026-11-29',
    '',
    'note',
    '```',
    'key: [unclosed',
    '{a: 1}',
    '<<<<<<< x',
    '  x: 1',
  ];
  const text = fc.array(fc.constantFrom(...LINES), { maxLength: 14 }).map((ls) => `${ls.join('\n')}\n`);

  it('never throws, and a clean result never carries conflict markers of its own', () => {
    fc.assert(
      fc.property(text, text, text, (base, ours, theirs) => {
        const r = mergeContactFiles(base, ours, theirs);
        if (r.conflicts.length === 0) expect(r.text).not.toMatch(/^<{7} ours$/m);
        else expect(r.conflicts.every((c) => c.message.length > 0)).toBe(true);
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });
});

describe('a line changed two ways', () => {
  it('a follow-up ticked on one machine and reworded on the other: both versions are kept, no line dropped', () => {
    const ours = edit(BASE, '- [ ] send the benchmark paper 📅 2026-12-05', '- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-29');
    const theirs = edit(BASE, '- [ ] send the benchmark paper 📅 2026-12-05', '- [ ] send the benchmark paper and slides 📅 2026-12-05');
    const r = mergeContactFiles(BASE, ours, theirs);
    expect(r.conflicts).toEqual([]);
    expect(r.text).toContain('- [x] send the benchmark paper 📅 2026-12-05 ✅ 2026-11-29\n');
    expect(r.text).toContain('- [ ] send the benchmark paper and slides 📅 2026-12-05\n');
    expect(r.text).not.toContain('- [ ] send the benchmark paper 📅 2026-12-05\n');
  });
});

describe('mergeSettingsFiles (pln.yml)', () => {
  const BASE_YML = '# settings\ncontacts_dir: contacts\ndefault_cadence: 90d\n# owner: Your Name\n';

  it('keeps a key changed on one machine and keys added on both, comments as they were', () => {
    const ours = `${BASE_YML}owner: Ada\n`;
    const theirs = `${BASE_YML.replace('90d', '14d')}goals: [rust]\n`;
    const r = mergeSettingsFiles(BASE_YML, ours, theirs)!;
    expect(r.conflicts).toEqual([]);
    expect(r.text).toBe('# settings\ncontacts_dir: contacts\ndefault_cadence: 14d\n# owner: Your Name\nowner: Ada\ngoals: [rust]\n');
  });

  it('names a key set two ways; a decision settles it; CRLF stays CRLF', () => {
    const crlf = (t: string) => t.replace(/\n/g, '\r\n');
    const r = mergeSettingsFiles(crlf(BASE_YML), crlf(BASE_YML.replace('90d', '30d')), crlf(BASE_YML.replace('90d', '14d')))!;
    expect(r.conflicts.map((c) => c.key)).toEqual(['default_cadence']);
    const settled = mergeSettingsFiles(crlf(BASE_YML), crlf(BASE_YML.replace('90d', '30d')), crlf(BASE_YML.replace('90d', '14d')), { resolveKeys: { default_cadence: 'ours' } })!;
    expect(settled).toEqual({ text: crlf(BASE_YML.replace('90d', '30d')), conflicts: [] });
  });

  it('steps aside when the key merge would lose a comment either side wrote or kept', () => {
    const base = 'contacts_dir: contacts\ndefault_cadence: 90d\nautocommit: false\n';
    const commented = base.replace('autocommit', '# off: I review diffs\nautocommit');
    // A comment line added on one side, a key changed on the other: the key merge would drop the comment.
    expect(mergeSettingsFiles(base, base.replace('90d', '30d'), commented)).toBeNull();
    expect(mergeSettingsFiles(base, base.replace('90d', '30d'), `${base}owner: Ada\n`)).toEqual({ text: `${base.replace('90d', '30d')}owner: Ada\n`, conflicts: [] });
    expect(mergeSettingsFiles(base, base.replace('90d', '90d # mine'), base.replace('90d', '90d # theirs'))).toBeNull();
    // A comment one side removed is no loss: merged either way.
    expect(mergeSettingsFiles(`# old\n${base}`, `# old\n${base.replace('90d', '30d')}`, base)?.text).toMatch(/^default_cadence: 30d$/m);
  });

  it('steps aside (null: a clash about the whole file) for a file it cannot merge as one map', () => {
    expect(mergeSettingsFiles(BASE_YML, `${BASE_YML}---\nx: 1\n`, `${BASE_YML}y: 2\n`)).toBeNull();
    expect(mergeSettingsFiles(BASE_YML, `${BASE_YML}x: 1`, `${BASE_YML}y: 2\n`)).toBeNull();
  });
});
