/**
 * The real built program, started as a user starts it: exit codes, the fast
 * `--version`, a write, a Ctrl-C at a prompt, and representative commands
 * answering byte for byte as the in-process runs of the other tests do.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleFiles } from '../helpers/fixtures.js';
import { plnIn } from '../helpers/inproc.js';
import { baseEnv, BIN, jsonOf, network, oneLineAdded, pln, read, ROOT, tempDir } from '../helpers/pln.js';

const files = sampleFiles();

describe('the built program', () => {
  it('answers --version without loading the CLI, with the package version', () => {
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(pln(['--version'])).toEqual({ stdout: `${version}\n`, stderr: '', code: 0 });
    expect(pln(['-V']).stdout).toBe(`${version}\n`);
  });

  it('exits 0 when done, 1 when it failed, 2 on a usage error', () => {
    const dir = network(files);
    expect(pln(['list'], { dir }).code).toBe(0);
    expect(pln(['doctor'], { dir }).code).toBe(1);
    expect(pln(['show', 'nobody-at-all'], { dir }).code).toBe(1);
    expect(pln(['show', 'jo'], { dir }).code).toBe(1);
    expect(pln(['frobnicate'], { dir }).code).toBe(2);
    expect(pln(['due', '--bogus'], { dir }).code).toBe(2);
    expect(pln(['--help']).code).toBe(0);
  });

  it.runIf(fs.existsSync('/dev/full'))('output it cannot write (a full disk, /dev/full) is one line naming standard output, exit 1', () => {
    const dir = network(files);
    const full = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [['list'], ['due', '--json'], ['log', 'ada', 'x']]) {
        const r = spawnSync(process.execPath, [BIN, '--dir', dir, ...args], { env: baseEnv(), stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 20_000 });
        // The sample network's broken file is warned about first.
        expect([r.stderr.replace(/^warning: .*\n/gm, ''), r.status], args.join(' ')).toEqual(['pln: standard output: no space left on the device\n', 1]);
      }
    } finally {
      fs.closeSync(full);
    }
    // The change itself was made (undo takes it back).
    expect(read(dir, 'contacts/ada-lovelace.md')).toContain(': x\n');
  });

  it('a read command starts without node:child_process or node:crypto (loaded only by what runs a program or hashes)', () => {
    const dir = network(files);
    // A preload that prints, as the process exits, which of them Node loaded.
    const probe = path.join(tempDir(), 'probe.cjs');
    fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write('loaded: ' + process.moduleLoadList.filter((m) => /^NativeModule (child_process|crypto)$/.test(m)).join(',') + '\\n'));\n");
    for (const args of [['due', '--json'], ['who', 'rust'], ['list']]) {
      const r = spawnSync(process.execPath, ['--require', probe, BIN, '--dir', dir, ...args], { env: baseEnv(), encoding: 'utf8', timeout: 20_000 });
      expect([r.status, r.stderr.split('\n').filter((l) => l.startsWith('loaded: '))], args.join(' ')).toEqual([0, ['loaded: ']]);
    }
    // The probe does see them when they are loaded.
    const edit = spawnSync(process.execPath, ['--require', probe, BIN, '--dir', dir, 'edit', 'ada'], { env: baseEnv({ EDITOR: 'true' }), encoding: 'utf8', timeout: 20_000 });
    expect(edit.stderr).toMatch(/^loaded: .*child_process/m);
  });

  it('a first start with no network anywhere shows how to begin', () => {
    const nowhere = tempDir();
    const r = pln([], { cwd: nowhere, env: { HOME: nowhere } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No network yet: create one with pln init/);
  });

  it('prints what the in-process runs print, byte for byte, with and without the cache', async () => {
    const dir = network(files);
    const commands = [
      [],
      ['list'],
      ['due', '--json'],
      ['who', 'compilers', '--json'],
      ['show', 'ada'],
      ['show', 'jo'],
      ['search', 'cobol', '--json'],
      ['stats'],
      ['doctor'],
      ['help', 'format'],
      ['frobnicate'],
      ['log', 'ada', 'x', '--date', 'someday'],
    ];
    // Without the cache, then with it: cold (written by the run), then warm.
    for (const env of [{ PLN_NO_CACHE: '1' }, {}, {}]) {
      for (const args of commands) {
        const spawned = pln(args, { dir, env });
        expect(await plnIn(args, { dir, env }), `${args.join(' ')} ${JSON.stringify(env)}`).toEqual(spawned);
      }
    }
  }, 120_000);

  it('writes one line, and the next start reads it through the cache', () => {
    const { 'contacts/broken.md': _broken, ...healthy } = files;
    const dir = network(healthy);
    expect(jsonOf<unknown[]>(pln(['list', '--json'], { dir }))).toHaveLength(4);
    const before = read(dir, 'contacts/grace-hopper.md');
    expect(pln(['log', 'grace', 'talked about #cobol', '--kind', 'call'], { dir })).toEqual({ stdout: 'Logged for Grace Hopper on Sun 29 Nov 2026 (call).\n', stderr: '', code: 0 });
    expect(oneLineAdded(before, read(dir, 'contacts/grace-hopper.md'))).toBe('- 2026-11-29 call: talked about #cobol');
    const rows = jsonOf<{ slug: string; last_contact: string }[]>(pln(['list', '--json'], { dir }));
    expect(rows.find((r) => r.slug === 'grace-hopper')?.last_contact).toBe('2026-11-29');
    expect(fs.existsSync(path.join(dir, '.pln'))).toBe(true);
  });
});

describe('Ctrl-C at a prompt of the real program', () => {
  it('exits 130 saying it was cancelled, and writes nothing', () => {
    const dir = network({});
    const spec = {
      argv: [process.execPath, BIN, 'add', '--dir', dir],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm', PLN_TODAY: '2026-11-29', HOME: dir, NO_COLOR: '1' },
      cwd: dir,
      steps: [['Name', '\u0003']],
    };
    const specFile = path.join(tempDir(), 'session.json');
    fs.writeFileSync(specFile, JSON.stringify(spec));
    const r = spawnSync('python3', [path.join(ROOT, 'test/helpers/pty_session.py'), specFile], { encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toMatch(/pln: cancelled/);
    expect(r.stdout).toMatch(/EXIT 130\s*$/);
    expect(fs.readdirSync(path.join(dir, 'contacts'))).toEqual([]);
  });
});
