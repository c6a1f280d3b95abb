/**
 * A notes heading underlined with exactly seven `=` (Markdown's setext
 * heading) is text, not a git conflict; a real conflict block still is one.
 */
import { describe, expect, it } from 'vitest';
import { contact, network, pln } from '../helpers/pln.js';

const ADA = contact('name: Ada Lovelace\ncadence: 30d', 'Met at RustConf 2024.\n\nProjects\n=======\n\nThe analytical engine.\n\n## Log\n- 2026-11-20 coffee: talked about compilers\n');
const CONFLICTED = contact('name: Grace Hopper', 'Notes.\n<<<<<<< HEAD\nNavy.\n=======\nCOBOL.\n>>>>>>> origin/main\n');

describe('a setext heading in the notes', () => {
  it('pln show reads the person normally, notes and log', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const r = pln(['show', 'ada', '--dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Ada Lovelace (ada-lovelace)\n');
    expect(r.stdout).toContain('Notes\n  Met at RustConf 2024.\n\n  Projects\n  =======\n\n  The analytical engine.\n');
    expect(r.stdout).toContain('Log\n  2026-11-20 coffee: talked about compilers\n');
  });

  it('pln doctor reports no conflict', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const r = pln(['doctor', '--dir', dir, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/conflict/);
  });

  it('pln log writes to the person as usual', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const r = pln(['log', 'ada', '--kind', 'call', 'hi', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(pln(['show', 'ada', '--dir', dir]).stdout).toContain('Log\n  2026-11-29 call: hi\n');
  });
});

describe('a real conflict block', () => {
  it('is still refused by pln doctor, naming the file and the line of <<<<<<<', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'contacts/grace-hopper.md': CONFLICTED });
    const r = pln(['doctor', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('contacts/grace-hopper.md:5: error: git conflict marker: resolve the conflict, then remove the <<<<<<< ======= >>>>>>> lines\n');
    expect(r.stdout).not.toContain('ada-lovelace.md');
  });
});
