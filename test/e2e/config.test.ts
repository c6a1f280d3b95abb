import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, jsonOf, network, read, tempDir } from '../helpers/pln.js';

const YML = `# my settings\r
default_cadence: 60d   # most people\r
cadence_by_tag:\r
  mentor: 30d\r
custom_key: [kept, "as is"]\r
`;

const withConfig = () =>
  network({
    'pln.yml': YML,
    'contacts/ada.md': contact('name: Ada\ntags: [mentor, peer]'),
  });

describe('pln config get', () => {
  it('prints a value as written, a list comma-separated, a map one key a line', async () => {
    const dir = withConfig();
    expect(await plnIn(['config', 'get', 'default_cadence'], { dir })).toEqual({ code: 0, stdout: '60d\n', stderr: '' });
    expect((await plnIn(['config', 'get', 'cadence_by_tag.mentor'], { dir })).stdout).toBe('30d\n');
    expect((await plnIn(['config', 'get', 'cadence_by_tag'], { dir })).stdout).toBe('mentor: 30d\n');
    expect((await plnIn(['config', 'get', 'custom_key'], { dir })).stdout).toBe('kept, as is\n');
    expect(jsonOf(await plnIn(['config', 'get', 'custom_key', '--json'], { dir }))).toEqual(['kept', 'as is']);
  });

  it('exits 1 with one line when the key is not set', async () => {
    const r = await plnIn(['config', 'get', 'owner'], { dir: withConfig() });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('pln: owner is not set in pln.yml (default: none)\n');
  });

  it('needs a network', async () => {
    const r = await plnIn(['config', 'get', 'owner'], { env: { PLN_DIR: path.join(tempDir(), 'nowhere') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no network at .*pln init/);
  });
});

describe('pln config set', () => {
  it('changes only that key, keeping comments, CRLF and the other keys byte for byte', async () => {
    const dir = withConfig();
    const r = await plnIn(['config', 'set', 'default_cadence', '45d'], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Set default_cadence = 45d in pln.yml.\n');
    expect(read(dir, 'pln.yml')).toBe(YML.replace('60d', '45d'));
  });

  it('adds new keys at the end and map keys inside their map; the network uses them', async () => {
    const dir = withConfig();
    expect((await plnIn(['config', 'set', 'cadence_by_tag.peer', '2w'], { dir })).code).toBe(0);
    expect((await plnIn(['config', 'set', 'owner', 'Grace', 'Hopper'], { dir })).code).toBe(0);
    expect((await plnIn(['config', 'set', 'goals', 'rust, public speaking'], { dir })).code).toBe(0);
    expect((await plnIn(['config', 'set', 'autocommit', 'no'], { dir })).code).toBe(0);
    expect(read(dir, 'pln.yml')).toBe(YML.replace('  mentor: 30d\r\n', '  mentor: 30d\r\n  peer: 2w\r\n') + 'owner: Grace Hopper\r\ngoals: [rust, public speaking]\r\nautocommit: false\r\n');
    const list = jsonOf<Record<string, unknown>>(await plnIn(['config', 'list', '--json'], { dir }));
    expect(list).toEqual({
      contacts_dir: 'contacts',
      default_cadence: '60d',
      autocommit: false,
      owner: 'Grace Hopper',
      cadence_by_tag: { mentor: '30d', peer: '2w' },
      goals: ['rust', 'public speaking'],
      owner_emails: [],
      capture: { sources: [], subjects: true },
      topic_aliases: {},
    });
    // Ada is a mentor and a peer: the shortest of her tags' cadences wins.
    const ada = jsonOf<{ cadence_days: number }>(await plnIn(['show', 'ada', '--json'], { dir }));
    expect(ada.cadence_days).toBe(14);
  });

  it('creates pln.yml in a network that has none', async () => {
    const dir = network({ 'contacts/ada.md': contact('name: Ada') });
    fs.rmSync(path.join(dir, 'pln.yml'));
    expect((await plnIn(['config', 'set', 'default_cadence', 'monthly'], { dir })).code).toBe(0);
    expect(read(dir, 'pln.yml')).toBe('default_cadence: monthly\n');
  });

  it('--dry-run shows the change and writes nothing', async () => {
    const dir = withConfig();
    const r = await plnIn(['config', 'set', 'cadence_by_tag.mentor', 'monthly', '--dry-run'], { dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-  mentor: 30d\n+  mentor: monthly\n');
    expect(read(dir, 'pln.yml')).toBe(YML);
  });

  it.each([
    [['default_cadence', 'fortnight'], /default_cadence: "fortnight" is not a duration \(try 2w/],
    [['autocommit', 'maybe'], /autocommit must be true or false/],
    [['contacts_dir', '../elsewhere'], /contacts_dir must be a folder inside the network/],
    [['cadence_by_tag', '30d'], /set one tag at a time: pln config set cadence_by_tag.TAG CADENCE/],
    [['ownr', 'Ada'], /"ownr" is not a setting \(did you mean owner\?\)/],
    [['owner'], /missing VALUE/],
  ])('refuses %j with a usage error and leaves pln.yml alone', async (args, message) => {
    const dir = withConfig();
    const r = await plnIn(['config', 'set', ...args], { dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(read(dir, 'pln.yml')).toBe(YML);
  });
});

describe('pln config unset and list', () => {
  it('unset removes one key (and a map left empty)', async () => {
    const dir = withConfig();
    expect((await plnIn(['config', 'unset', 'cadence_by_tag.mentor'], { dir })).code).toBe(0);
    expect(read(dir, 'pln.yml')).toBe(YML.replace('cadence_by_tag:\r\n  mentor: 30d\r\n', ''));
    expect((await plnIn(['config', 'unset', 'default_cadence'], { dir })).code).toBe(0);
    expect(read(dir, 'pln.yml')).toBe('# my settings\r\ncustom_key: [kept, "as is"]\r\n');
  });

  it('list shows every setting with its value and where it comes from', async () => {
    const r = await plnIn(['config', 'list'], { dir: withConfig() });
    expect(r.code).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split(/\s{2,}/));
    expect(rows).toEqual([
      ['SETTING', 'VALUE', 'FROM'],
      ['contacts_dir', 'contacts', 'default'],
      ['default_cadence', '60d', 'pln.yml'],
      ['autocommit', 'false', 'default'],
      ['owner', '(none)', 'default'],
      ['cadence_by_tag.mentor', '30d', 'pln.yml'],
      ['goals', '(none)', 'default'],
      ['owner_emails', '(none)', 'default'],
      ['capture.sources', '(none)', 'default'],
      ['capture.subjects', 'true', 'default'],
      ['topic_aliases', '(none)', 'default'],
    ]);
    expect((await plnIn(['config'], { dir: withConfig() })).stdout).toBe(r.stdout);
  });

  it('list shows topic_aliases, a row a topic, and --json the map', async () => {
    const dir = network({ 'pln.yml': 'topic_aliases:\n  typesetting: [tex, latex]\n  k8s: [kubernetes]\n' });
    const r = await plnIn(['config', 'list'], { dir });
    expect(
      r.stdout
        .split('\n')
        .filter((l) => l.startsWith('topic_aliases'))
        .map((l) => l.split(/\s{2,}/)),
    ).toEqual([
      ['topic_aliases.typesetting', 'tex, latex', 'pln.yml'],
      ['topic_aliases.k8s', 'kubernetes', 'pln.yml'],
    ]);
    expect(jsonOf<{ topic_aliases: unknown }>(await plnIn(['config', 'list', '--json'], { dir })).topic_aliases).toEqual({ typesetting: ['tex', 'latex'], k8s: ['kubernetes'] });
  });

  it('list warns about a bad value and shows the default in use', async () => {
    const dir = network({ 'pln.yml': 'default_cadence: sometimes\n' });
    const r = await plnIn(['config', 'list', '--json'], { dir });
    expect(r.code).toBe(0);
    expect(jsonOf<{ default_cadence: string }>(r).default_cadence).toBe('90d');
    expect(r.stderr).toMatch(/pln.yml:1: default_cadence "sometimes" is not a duration/);
  });

  it('an unknown action is a usage error', async () => {
    const r = await plnIn(['config', 'show'], { dir: withConfig() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ACTION must be one of get, set, unset, list/);
  });
});

describe('a pln.yml nested deeper than 32 levels', () => {
  it('is named with its line: a warning where settings are read, an error where they are edited, never an internal error', async () => {
    const text = `default_cadence: 30d\nx: ${'['.repeat(40)}${']'.repeat(40)}\n`;
    const dir = network({ 'pln.yml': text, 'contacts/ada.md': contact('name: Ada Lovelace') });
    const due = await plnIn(['due'], { dir });
    expect(due.code).toBe(0);
    expect(due.stderr).toBe('warning: pln.yml:2: a value nests 40 levels deep (the limit is 32)\n');
    for (const args of [
      ['config', 'get', 'default_cadence'],
      ['config', 'set', 'default_cadence', '20d'],
    ]) {
      const r = await plnIn(args, { dir });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toBe('pln: pln.yml:2: a value nests 40 levels deep (the limit is 32); fix it with an editor\n');
    }
    expect(read(dir, 'pln.yml')).toBe(text);
  });
});

describe('a pln.yml with anchors and aliases', () => {
  it('reads an alias (*x) as the value its anchor (&x) names, in settings and in config', async () => {
    const text = 'base: &every 30d\ndefault_cadence: *every\ncadence_by_tag:\n  mentor: *every\n';
    const dir = network({ 'pln.yml': text, 'contacts/ada.md': contact('name: Ada Lovelace\ntags: [mentor]') });
    const due = await plnIn(['due', '--json'], { dir });
    expect(due.stderr).toBe('');
    expect(jsonOf<{ cadence_days: number }[]>(due)[0]!.cadence_days).toBe(30);
    expect((await plnIn(['config', 'get', 'default_cadence'], { dir })).stdout).toBe('30d\n');
    expect((await plnIn(['config', 'get', 'cadence_by_tag.mentor'], { dir })).stdout).toBe('30d\n');
    const list = jsonOf<{ default_cadence: string; cadence_by_tag: Record<string, string> }>(await plnIn(['config', 'list', '--json'], { dir }));
    expect([list.default_cadence, list.cadence_by_tag]).toEqual(['30d', { mentor: '30d' }]);
    expect(read(dir, 'pln.yml')).toBe(text);
  });
});
