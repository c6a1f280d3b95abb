import { describe, expect, it } from 'vitest';
import { getSetting, setSetting, unsetSetting } from '../../src/file/config-edit.js';

const file = `# pln settings
contacts_dir: contacts   # where people live
default_cadence: 90d

autocommit: false
# owner: Your Name
cadence_by_tag:
  mentor: 30d
  Peer: 60d
goals:
  - rust
  - leadership
custom: {keep: "as is"}
`;

describe('getSetting', () => {
  it('reads scalars, lists, maps and one key of a map', () => {
    expect(getSetting(file, ['default_cadence'])).toBe('90d');
    expect(getSetting(file, ['goals'])).toEqual(['rust', 'leadership']);
    expect(getSetting(file, ['cadence_by_tag'])).toEqual({ mentor: '30d', Peer: '60d' });
    expect(getSetting(file, ['cadence_by_tag', 'peer'])).toBe('60d');
    expect(getSetting(file, ['owner'])).toBeNull();
    expect(getSetting('owner:\n', ['owner'])).toBeNull();
    expect(getSetting('', ['owner'])).toBeNull();
  });

  it('explains a file that is not valid YAML', () => {
    expect(() => getSetting('a: [unclosed\n', ['a'])).toThrow(/pln.yml is not valid YAML/);
    expect(() => getSetting('- a\n- b\n', ['a'])).toThrow(/not a map/);
  });
});

describe('setSetting', () => {
  it('changes only the value, keeping the comment on its line', () => {
    expect(setSetting(file, ['contacts_dir'], 'people')).toBe(file.replace('contacts_dir: contacts ', 'contacts_dir: people '));
    expect(setSetting(file, ['default_cadence'], '60d')).toBe(file.replace('90d', '60d'));
  });

  it('leaves the text identical when the value is already set', () => {
    expect(setSetting(file, ['autocommit'], 'false')).toBe(file);
    expect(setSetting(file, ['cadence_by_tag', 'mentor'], '30d')).toBe(file);
  });

  it('appends a new key at the end, quoting what YAML would misread', () => {
    expect(setSetting(file, ['owner'], 'Ada Lovelace')).toBe(`${file}owner: Ada Lovelace\n`);
    expect(setSetting(file, ['owner'], 'yes')).toBe(`${file}owner: "yes"\n`);
    expect(setSetting('a: 1', ['owner'], 'Ada')).toBe('a: 1\nowner: Ada\n');
    expect(setSetting('', ['owner'], 'Ada')).toBe('owner: Ada\n');
  });

  it('rewrites a block list as a block list, in place', () => {
    expect(setSetting(file, ['goals'], ['go', 'public speaking'])).toBe(file.replace('  - rust\n  - leadership\n', '  - go\n  - public speaking\n'));
    expect(setSetting('goals: [a]\n', ['goals'], ['b', 'c, d'])).toBe('goals: [b, "c, d"]\n');
  });

  it('sets one key of a map: replacing it, or adding it after the last key', () => {
    expect(setSetting(file, ['cadence_by_tag', 'PEER'], '2w')).toBe(file.replace('Peer: 60d', 'Peer: 2w'));
    expect(setSetting(file, ['cadence_by_tag', 'friend'], 'quarterly')).toBe(file.replace('  Peer: 60d\n', '  Peer: 60d\n  friend: quarterly\n'));
    expect(setSetting('x: 1\n', ['cadence_by_tag', 'mentor'], '30d')).toBe('x: 1\ncadence_by_tag:\n  mentor: 30d\n');
    expect(setSetting('cadence_by_tag: # per tag\nx: 1\n', ['cadence_by_tag', 'mentor'], '30d')).toBe('cadence_by_tag: # per tag\n  mentor: 30d\nx: 1\n');
    expect(setSetting('cadence_by_tag: {mentor: 30d}\n', ['cadence_by_tag', 'peer'], '60d')).toBe('cadence_by_tag: {mentor: 30d, peer: 60d}\n');
    expect(setSetting('cadence_by_tag: {}\n', ['cadence_by_tag', 'peer'], '60d')).toBe('cadence_by_tag: {peer: 60d}\n');
  });

  it('keeps CRLF line endings and a byte-order mark', () => {
    const crlf = '\uFEFFcontacts_dir: contacts\r\ncadence_by_tag:\r\n  mentor: 30d\r\n';
    expect(setSetting(crlf, ['contacts_dir'], 'people')).toBe(crlf.replace('contacts_dir: contacts', 'contacts_dir: people'));
    expect(setSetting(crlf, ['cadence_by_tag', 'peer'], '60d')).toBe(`${crlf}  peer: 60d\r\n`);
    expect(setSetting(crlf, ['owner'], 'Ada')).toBe(`${crlf}owner: Ada\r\n`);
  });

  it('replaces a value on the lines below with one on the key line', () => {
    expect(setSetting('owner: |\n  Ada\n  Lovelace\nx: 1\n', ['owner'], 'Ada')).toBe('owner: Ada\nx: 1\n');
    expect(setSetting('goals: # learn\n  - a\nx: 1\n', ['goals'], [])).toBe('goals: [] # learn\nx: 1\n');
  });

  it('refuses to overwrite a map with a scalar', () => {
    expect(() => setSetting(file, ['cadence_by_tag'], '30d')).toThrow(/nested keys/);
    expect(() => setSetting('cadence_by_tag: 30d\n', ['cadence_by_tag', 'mentor'], '30d')).toThrow(/not a map/);
  });
});

describe('unsetSetting', () => {
  it('removes the key and its value lines only', () => {
    expect(unsetSetting(file, ['goals'])).toBe(file.replace('goals:\n  - rust\n  - leadership\n', ''));
    expect(unsetSetting(file, ['contacts_dir'])).toBe(file.replace('contacts_dir: contacts   # where people live\n', ''));
    expect(unsetSetting(file, ['owner'])).toBe(file);
  });

  it('removes one key of a map, and the map when it was the last', () => {
    expect(unsetSetting(file, ['cadence_by_tag', 'peer'])).toBe(file.replace('  Peer: 60d\n', ''));
    expect(unsetSetting('cadence_by_tag:\n  mentor: 30d\nx: 1\n', ['cadence_by_tag', 'mentor'])).toBe('x: 1\n');
    expect(unsetSetting('m: {a: 1, b: 2, c: 3}\n', ['m', 'b'])).toBe('m: {a: 1, c: 3}\n');
    expect(unsetSetting('m: {a: 1, b: 2}\n', ['m', 'a'])).toBe('m: {b: 2}\n');
  });
});

describe('round trip', () => {
  it('any value set reads back the same, and the rest of the file is untouched', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.constantFrom<'owner' | 'contacts_dir'>('owner', 'contacts_dir'), (value, key) => {
        const after = setSetting(file, [key], value);
        expect(getSetting(after, [key])).toBe(value);
        expect(getSetting(after, ['goals'])).toEqual(['rust', 'leadership']);
        // Removing the key again leaves the file as it was, but for that key's line.
        expect(unsetSetting(after, [key]).replace(/^contacts_dir:.*\n/m, '')).toBe(file.replace(/^contacts_dir:.*\n/m, ''));
      }),
    );
  });
});
