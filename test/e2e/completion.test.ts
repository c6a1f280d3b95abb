import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADA, BROKEN } from '../helpers/fixtures.js';
import { baseEnv, BIN, contact, network, pln, tempDir } from '../helpers/pln.js';

// A `pln` on PATH that runs the built binary, as an installed one would.
const shimDir = tempDir('pln-shim-');
fs.writeFileSync(path.join(shimDir, 'pln'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });

const dir = network({
  'contacts/ada-lovelace.md': contact('name: Ada Lovelace\naliases: [Countess]\ntags: [mentor, rust-community]\nexpertise: [compilers, rust, distributed systems]'),
  'contacts/adam-smith.md': contact('name: Adam Smith\ntags: [economics]\nexpertise: [markets]'),
  'contacts/work/grace-hopper.md': contact('name: Grace Hopper\ntags: [Mentor, navy]\nexpertise: [cobol, compilers]'),
  // A broken file must not make completion print warnings into the prompt.
  'contacts/broken.md': BROKEN,
});
const other = network({ 'contacts/zed-shaw.md': contact('name: Zed Shaw\ntags: [writing]') });

const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';
// With the bash-completion package when it is installed, and always without it:
// the script must not depend on it.
const MODES = fs.existsSync(BASH_COMPLETION) ? (['plain bash', 'bash-completion'] as const) : (['plain bash'] as const);

const SCRIPT = `
[ "$PLN_TEST_MODE" = bash-completion ] && source ${BASH_COMPLETION}
source <(pln completion bash) || exit 9
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"
COMP_POINT=\${#COMP_LINE}
_pln_complete
printf '%s\\n' "\${COMPREPLY[@]}"
`;

/** What bash offers for the last word of `words` (a real bash, our script sourced). */
function bashComplete(mode: string, words: string[], env: Record<string, string | undefined> = {}): { candidates: string[]; stderr: string } {
  const r = spawnSync('bash', ['-c', SCRIPT, 'bash', ...words], {
    env: baseEnv({ PATH: `${shimDir}:${process.env.PATH}`, PLN_DIR: dir, PLN_TEST_MODE: mode, ...env }),
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.status !== 0) throw new Error(`bash exited ${r.status}:\n${r.stderr}`);
  return { candidates: r.stdout.split('\n').filter((l) => l !== ''), stderr: r.stderr };
}

const offered = (mode: string, ...words: string[]) => bashComplete(mode, words).candidates;

describe.each(MODES)('pln completion bash, in %s', (mode) => {
  it('completes people by slug, or by a word of their name', () => {
    expect(offered(mode, 'pln', 'show', 'ad')).toEqual(['ada-lovelace', 'adam-smith']);
    expect(offered(mode, 'pln', 'show', '')).toEqual(['ada-lovelace', 'adam-smith', 'grace-hopper']);
    expect(offered(mode, 'pln', 'log', 'lovel')).toEqual(['ada-lovelace']);
    expect(offered(mode, 'pln', 'followup', 'countess')).toEqual(['ada-lovelace']);
    expect(offered(mode, 'pln', 'edit', 'gr')).toEqual(['grace-hopper']);
    expect(offered(mode, 'pln', 'set', 'gr')).toEqual(['grace-hopper']);
  });

  it('completes only the first argument of show and log with people', () => {
    expect(offered(mode, 'pln', 'show', 'ada', '')).toEqual([]);
    expect(offered(mode, 'pln', 'log', 'ada', 'ad')).toEqual([]);
  });

  it('reads the network named by --dir on the line', () => {
    expect(offered(mode, 'pln', '--dir', other, 'show', '')).toEqual(['zed-shaw']);
    expect(offered(mode, 'pln', 'show', '--dir', other, '')).toEqual(['zed-shaw']);
    expect(offered(mode, 'pln', 'due', '--dir', '=', other, '--tag', '')).toEqual(['writing']);
  });

  it('completes tags after --tag, tag and untag, each tag once', () => {
    expect(offered(mode, 'pln', 'due', '--tag', 'm')).toEqual(['mentor']);
    expect(offered(mode, 'pln', 'list', '-t', '')).toEqual(['economics', 'mentor', 'navy', 'rust-community']);
    expect(offered(mode, 'pln', 'list', '--tag', '=', 'r')).toEqual(['rust-community']);
    expect(offered(mode, 'pln', 'tag', 'ada', '')).toEqual(['economics', 'mentor', 'navy', 'rust-community']);
    expect(offered(mode, 'pln', 'untag', 'ada', 'mentor', 'ru')).toEqual(['rust-community']);
  });

  it('completes topics for who and --expertise, quoting spaces', () => {
    expect(offered(mode, 'pln', 'who', '')).toEqual(['cobol', 'compilers', 'distributed\\ systems', 'markets', 'rust']);
    expect(offered(mode, 'pln', 'who', 'rust', 'd')).toEqual(['distributed\\ systems']);
    expect(offered(mode, 'pln', 'list', '--expertise', 'co')).toEqual(['cobol', 'compilers']);
  });

  it('completes the options of each command, global ones included', () => {
    const due = offered(mode, 'pln', 'due', '--');
    expect(due).toEqual(expect.arrayContaining(['--within', '--tag', '--json', '--dir', '--no-pager', '--no-color', '--help']));
    expect(due).not.toContain('--dry-run');
    expect(offered(mode, 'pln', 'show', 'ada', '--j')).toEqual(['--json']);
    expect(offered(mode, 'pln', 'log', 'ada', '--d')).toEqual(['--date', '--dry-run', '--dir', '--debug']);
    expect(offered(mode, 'pln', '--v')).toEqual(['--version']);
  });

  it('completes option values: --sort, --kind, --dir', () => {
    expect(offered(mode, 'pln', 'list', '--sort', '')).toEqual(['name', 'last', 'due']);
    expect(offered(mode, 'pln', 'ls', '--sort', '=', 'l')).toEqual(['last']);
    expect(offered(mode, 'pln', 'log', 'ada', '--kind', 'c')).toEqual(['call', 'coffee']);
    expect(offered(mode, 'pln', '--dir', `${dir.slice(0, -2)}`)).toContain(dir);
    // Folders only, in a folder of this test's own (other tests remove theirs from the shared temp folder meanwhile).
    const own = tempDir();
    for (const d of ['net-a', 'net-b']) fs.mkdirSync(path.join(own, d));
    fs.writeFileSync(path.join(own, 'notes.txt'), 'x');
    const folders = offered(mode, 'pln', '--dir', `${own}/`);
    expect(folders.map((p) => path.basename(p)).sort()).toEqual(['net-a', 'net-b']);
    expect(folders.every((p) => fs.statSync(p).isDirectory())).toBe(true);
  });

  it('completes commands, aliases, shells and help topics, never the hidden helper', () => {
    const all = offered(mode, 'pln', '');
    expect(all).toEqual(expect.arrayContaining(['due', 'who', 'show', 'list', 'ls', 'config', 'completion', 'help']));
    expect(all.some((c) => c.startsWith('_'))).toBe(false);
    expect(offered(mode, 'pln', 'sh')).toEqual(['show']);
    expect(offered(mode, 'pln', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    expect(offered(mode, 'pln', 'help', 'fo')).toEqual(['followups', 'followup', 'format']);
    expect(offered(mode, 'pln', 'config', 's')).toEqual(['set']);
    expect(offered(mode, 'pln', 'config', 'get', 'def')).toEqual(['default_cadence']);
    expect(offered(mode, 'pln', 'config', 'set', 'cadence_by')).toEqual(['cadence_by_tag.']);
  });

  it('registers its function for pln', () => {
    const r = spawnSync('bash', ['-c', `${SCRIPT.split('COMP_WORDS=')[0]}\ncomplete -p pln`], { env: baseEnv({ PATH: `${shimDir}:${process.env.PATH}`, PLN_TEST_MODE: mode }), encoding: 'utf8' });
    expect(r.stdout).toBe('complete -F _pln_complete pln\n');
  });

  it('offers every command that pln --help lists', () => {
    const listed = helpCommands();
    expect(listed.length).toBeGreaterThan(10);
    expect(offered(mode, 'pln', '')).toEqual(expect.arrayContaining(listed));
  });

  it('offers nothing, silently, where there is no network', () => {
    const r = bashComplete(mode, ['pln', 'show', ''], { PLN_DIR: path.join(dir, 'no-such-folder') });
    expect(r.candidates).toEqual([]);
    expect(r.stderr).toBe('');
  });
});

/** Command names in the Commands section of `pln --help`. */
function helpCommands(): string[] {
  const help = pln(['--help']).stdout;
  const section = help.split(/^Commands:$/m)[1]!.split(/^\S/m)[0]!;
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!.split('|')[0]!);
}

describe('pln __complete', () => {
  it('prints one candidate a line, no warnings, exit 0', () => {
    const r = pln(['__complete', 'show', 'a'], { env: { PLN_DIR: dir } });
    expect(r).toEqual({ code: 0, stdout: 'ada-lovelace\nadam-smith\n', stderr: '' });
    expect(pln(['__complete', 'log', 'ad'], { env: { PLN_DIR: dir } }).stdout).toBe('ada-lovelace\nadam-smith\n');
    expect(pln(['__complete', 'due', '--tag', '#r'], { env: { PLN_DIR: dir } }).stdout).toBe('rust-community\n');
    expect(pln(['__complete', 'who', ''], { env: { PLN_DIR: dir } }).stdout).toBe('cobol\ncompilers\ndistributed systems\nmarkets\nrust\n');
    expect(pln(['__complete', 'do'], { env: { PLN_DIR: dir } }).stdout).toBe('doctor\ndone\n');
  });

  it('offers ada-lovelace for pln log ad on a network with Ada', () => {
    const ada = network({ 'contacts/ada-lovelace.md': ADA });
    expect(pln(['__complete', 'log', 'ad'], { env: { PLN_DIR: ada } })).toEqual({ code: 0, stdout: 'ada-lovelace\n', stderr: '' });
  });

  it('reads the words itself: options, --help and --version on the line are words to complete, not run', () => {
    expect(pln(['__complete', 'list', '--sort=l'], { env: { PLN_DIR: dir } }).stdout).toBe('--sort=last\n');
    expect(pln(['__complete', '--dir', other, 'show', '--help', ''], { env: { PLN_DIR: dir } }).stdout).toBe('zed-shaw\n');
    expect(pln(['__complete', '--v'], { env: { PLN_DIR: dir } }).stdout).toBe('--version\n');
    expect(pln(['__complete', 'import', ''], { env: { PLN_DIR: dir } }).stdout).toBe(':files\n');
  });

  it('exits 0 with nothing at all where there is no network or no such command', () => {
    expect(pln(['__complete', 'show', ''], { env: { PLN_DIR: path.join(dir, 'nowhere') } })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(pln(['__complete', 'colours', ''], { env: { PLN_DIR: dir } })).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(pln(['__complete'], { env: { PLN_DIR: dir } }).code).toBe(0);
  });

  it('is not listed in the help', () => {
    expect(pln(['--help']).stdout).not.toContain('__complete');
  });
});

describe('pln completion', () => {
  it('refuses an unknown shell with a usage error', () => {
    const r = pln(['completion', 'tcsh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bash, zsh, fish/);
  });

  it('prints stubs of at most 30 lines of code that ask pln __complete', () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = pln(['completion', shell]);
      expect(r.code).toBe(0);
      const code = r.stdout.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
      expect(code.length, shell).toBeLessThanOrEqual(30);
      expect(r.stdout).toContain('pln __complete');
    }
  });

  // zsh and fish are checked when they are installed (bash always is).
  const zsh = spawnSync('zsh', ['--version']).status === 0;
  const fish = spawnSync('fish', ['--version']).status === 0;
  if (zsh) {
    it('prints a zsh script that zsh can parse', () => {
      const file = path.join(tempDir(), '_pln');
      fs.writeFileSync(file, pln(['completion', 'zsh']).stdout);
      const r = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });

    it('prints a zsh script whose function offers people, tags, options and paths', () => {
      const file = path.join(tempDir(), '_pln');
      fs.writeFileSync(file, pln(['completion', 'zsh']).stdout);
      // compadd and _files stand in for zsh's completion system: they print what they are given.
      const complete = (...line: string[]) => {
        const script = `compdef() { :; }; compadd() { shift 2; print -l -- "$@"; }; _files() { print -- "_files $*"; }
source ${file}; words=("$@"); CURRENT=$#; _pln`;
        const r = spawnSync('zsh', ['-f', '-c', script, 'zsh', ...line], { env: baseEnv({ PATH: `${shimDir}:${process.env.PATH}`, PLN_DIR: dir }), encoding: 'utf8' });
        expect(r.stderr).toBe('');
        return r.stdout.split('\n').filter((l) => l !== '');
      };
      expect(complete('pln', 'show', 'ad')).toEqual(['ada-lovelace', 'adam-smith']);
      expect(complete('pln', 'log', 'lovel')).toEqual(['ada-lovelace']);
      expect(complete('pln', 'due', '--tag', 'm')).toEqual(['mentor']);
      expect(complete('pln', 'show', 'ada', '--j')).toEqual(['--json']);
      expect(complete('pln', 'who', 'd')).toEqual(['distributed systems']);
      expect(complete('pln', 'import', '')).toEqual(['_files ']);
      expect(complete('pln', '--dir', '')).toEqual(['_files -/']);
      expect(complete('pln', 'show', 'ada', '')).toEqual([]);
    });
  }
  if (fish) {
    it('prints a fish script whose completions offer people, tags and options', () => {
      const file = path.join(tempDir(), 'pln.fish');
      fs.writeFileSync(file, pln(['completion', 'fish']).stdout);
      const complete = (line: string) => {
        const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C '${line}'`], {
          env: baseEnv({ PATH: `${shimDir}:${process.env.PATH}`, PLN_DIR: dir }),
          encoding: 'utf8',
        });
        return r.stdout
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => l.split('\t')[0]!);
      };
      expect(complete('pln show ad').sort()).toEqual(['ada-lovelace', 'adam-smith']);
      expect(complete('pln due --tag ')).toEqual(expect.arrayContaining(['mentor', 'navy']));
      expect(complete('pln due --j')).toEqual(['--json']);
      expect(complete('pln list --sort ').sort()).toEqual(['due', 'last', 'name']);
      expect(complete('pln log lovel')).toEqual(['ada-lovelace']);
      expect(complete('pln who d')).toEqual(['distributed systems']);
    });
  }
});
