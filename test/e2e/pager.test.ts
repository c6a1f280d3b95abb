import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { baseEnv, BIN, contact, network, pln } from '../helpers/pln.js';

// 30 people: a list taller than a 10-row terminal.
const files: Record<string, string> = {};
for (let i = 1; i <= 30; i++) files[`contacts/p${String(i).padStart(2, '0')}.md`] = contact(`name: Person ${i}\ntags: [t${i}]`);
const dir = network(files);

// A pager that says it ran and counts the lines it got.
const PAGER = `sh -c 'echo PAGED; wc -l'`;
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs pln on a real terminal (a pseudo-terminal from util-linux `script`) of 10 rows by 80 columns. */
function onTerminal(args: string[], env: Record<string, string> = {}): { out: string; code: number } {
  const command = `stty rows 10 cols 80; exec ${sq(process.execPath)} ${sq(BIN)} ${args.map(sq).join(' ')}`;
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { env: baseEnv({ PAGER, PLN_DIR: dir, ...env }), encoding: 'utf8', timeout: 20_000 });
  if (r.error) throw r.error;
  return { out: r.stdout.replace(/\r\n/g, '\n'), code: r.status ?? -1 };
}

// `script` is part of util-linux, on every Linux; the pager is only ever used on a terminal.
const hasScript = spawnSync('script', ['--version']).status === 0;

describe('the pager', () => {
  if (hasScript) {
    it('pages long output on a terminal through $PAGER', () => {
      const r = onTerminal(['list']);
      expect(r.code).toBe(0);
      // The header and 30 rows went to the pager, not to the screen.
      expect(r.out).toBe('PAGED\n31\n');
    });

    it('PLN_PAGER wins over PAGER', () => {
      expect(onTerminal(['list'], { PLN_PAGER: `sh -c 'echo MINE; cat >/dev/null'` }).out).toBe('MINE\n');
    });

    it('prints directly with --no-pager, for --json, for short output, and with PAGER=cat', () => {
      for (const args of [
        ['list', '--no-pager'],
        ['--no-pager', 'list'],
      ]) {
        const r = onTerminal(args);
        expect(r.out).not.toContain('PAGED');
        expect(r.out).toContain('Person 30');
      }
      const json = onTerminal(['list', '--json']);
      expect(json.out).not.toContain('PAGED');
      expect(JSON.parse(json.out)).toHaveLength(30);
      const short = onTerminal(['list', '--tag', 't7']);
      expect(short.out).not.toContain('PAGED');
      expect(short.out).toContain('Person 7');
      expect(onTerminal(['list'], { PAGER: 'cat' }).out).toContain('Person 30');
    });

    it('prints directly when the pager cannot be found', () => {
      const r = onTerminal(['list'], { PAGER: 'no-such-pager-here' });
      expect(r.code).toBe(0);
      expect(r.out).toContain('Person 30');
    });
  }

  it('is never used when stdout is not a terminal', () => {
    const r = pln(['list'], { dir, env: { PAGER } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('PAGED');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(31);
  });
});
