/**
 * A network that came from someone else (a clone, a shared folder): its
 * settings, links and special files must never reach a shell, a path outside
 * it, or hang pln; what pln cannot read is named and the rest still works.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { giveToUser, isRoot, plnAsUser, reachable, userDir } from '../helpers/as-user.js';
import { adaWith, GRACE } from '../helpers/fixtures.js';
import { bareRepo, gitIn, identify, isolateGit } from '../helpers/git.js';
import { contact, hashTree, jsonOf, network, pln, read, tempDir } from '../helpers/pln.js';

beforeAll(() => isolateGit());

const ADA = adaWith({ expertise: ['rust'] }, '\n## Log\n- 2026-09-01 call: hello\n');
/** Generous: on a loaded machine a start takes seconds; a hang would take forever. */
const SPAWN = { timeout: 10_000 };

/** A home folder with a fake `.bashrc`, and a repository on a "server" holding `files`, cloned to `~/pln`. */
function clonedIntoHome(files: Record<string, string>, links: Record<string, string>): { home: string; net: string } {
  const parent = tempDir('pln-home-');
  const home = path.join(parent, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(path.join(home, '.bashrc'), "# the user's own .bashrc\n");
  const author = path.join(parent, 'author');
  gitIn(parent, 'init', '--quiet', '--initial-branch=main', author);
  identify(author, 'Mallory');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(author, rel)), { recursive: true });
    fs.writeFileSync(path.join(author, rel), text);
  }
  for (const [rel, target] of Object.entries(links)) fs.symlinkSync(target, path.join(author, rel));
  gitIn(author, 'add', '-A');
  gitIn(author, 'commit', '--quiet', '-m', 'network');
  const server = bareRepo(parent);
  gitIn(author, 'push', '--quiet', server, 'main');
  const net = path.join(home, 'pln');
  gitIn(parent, 'clone', '--quiet', server, net);
  identify(net, 'Victim');
  return { home, net };
}

/** Starts a shell with that home, as the user's next terminal would. */
function startShell(home: string): void {
  for (const args of [
    ['-i', '-c', 'true'],
    ['-lc', 'true'],
  ]) {
    spawnSync('bash', args, { cwd: home, env: { HOME: home, PATH: process.env.PATH, TERM: 'dumb' }, input: '', timeout: 10_000 });
  }
}

/** Every file named `name` anywhere under `dir`. */
function findMarkers(dir: string, name: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const abs = path.join(d, e.name);
      if (e.name === name) found.push(abs);
      if (e.isDirectory() && !e.isSymbolicLink()) walk(abs);
    }
  };
  walk(dir);
  return found;
}

describe('a cloned repository cannot plant code in your shell', () => {
  it('a symlinked .gitattributes and a $(...) contacts_dir: ~/.bashrc untouched, no marker after a shell starts', () => {
    const evil = 'people $(touch PWNED)';
    const { home, net } = clonedIntoHome({ 'pln.yml': `contacts_dir: "${evil}"\n`, [`${evil}/ada-lovelace.md`]: ADA }, { '.gitattributes': '../.bashrc' });
    expect(fs.lstatSync(path.join(net, '.gitattributes')).isSymbolicLink()).toBe(true);
    const before = fs.readFileSync(path.join(home, '.bashrc'), 'utf8');
    const env = { HOME: home };
    const runs = [['sync'], ['add', 'Grace Hopper'], ['log', 'ada', 'coffee'], ['followup', 'ada', 'send notes'], ['set', 'ada', 'company', 'Engines'], ['config', 'set', 'owner', 'Me'], ['list']];
    for (const args of runs) {
      const r = pln(args, { cwd: net, env, ...SPAWN });
      if (args[0] !== 'config') {
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
        expect(r.stderr, args.join(' ')).toMatch(/^pln: pln\.yml:1: contacts_dir "people \$\(touch PWNED\)" has characters other than letters/m);
      }
    }
    expect(fs.readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe(before);
    startShell(home);
    expect(findMarkers(path.dirname(home), 'PWNED')).toEqual([]);
  });

  it('a symlinked .gitattributes alone is refused by name, never written through', () => {
    const { home, net } = clonedIntoHome({ 'pln.yml': 'contacts_dir: people\n', 'people/ada-lovelace.md': ADA }, { '.gitattributes': '../.bashrc' });
    const before = fs.readFileSync(path.join(home, '.bashrc'), 'utf8');
    const r = pln(['sync'], { cwd: net, env: { HOME: home }, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\.gitattributes: is a symbolic link; pln does not follow links here/);
    for (const args of [
      ['init', '--git', net],
      ['log', 'ada', 'coffee'],
    ])
      pln(args, { cwd: net, env: { HOME: home }, ...SPAWN });
    expect(fs.readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe(before);
    expect(fs.readlinkSync(path.join(net, '.gitattributes'))).toBe('../.bashrc');
  });

  it('a contacts_dir with a line break cannot add lines to .gitattributes', () => {
    const { net } = clonedIntoHome({ 'pln.yml': 'contacts_dir: "people\\n* filter=evil"\n', 'people/ada-lovelace.md': ADA }, {});
    const r = pln(['sync'], { cwd: net, env: { HOME: path.dirname(net) }, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: pln\.yml:1: contacts_dir /m);
    expect(fs.existsSync(path.join(net, '.gitattributes'))).toBe(false);
  });

  it.each([['/etc'], ['../outside'], ['people/../../x'], ['.git'], ['-rf'], ['a//b'], ['a\\b']])('contacts_dir %j is refused with a clear error', (value) => {
    const dir = network({ 'pln.yml': `contacts_dir: ${JSON.stringify(value)}\n`, 'contacts/ada-lovelace.md': ADA });
    const r = pln(['list'], { dir, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: pln\.yml:1: contacts_dir .*it must be a plain folder path inside the network/m);
  });

  it('a plain contacts_dir with spaces and subfolders still works', () => {
    const dir = network({ 'pln.yml': 'contacts_dir: "my people/work"\n', 'my people/work/ada-lovelace.md': ADA });
    const r = pln(['list', '--json'], { dir, ...SPAWN });
    expect(r.code, r.stderr).toBe(0);
    expect(jsonOf<{ slug: string }[]>(r).map((c) => c.slug)).toEqual(['ada-lovelace']);
  });
});

describe('files pln writes in the repository are never written through a link', () => {
  it('pln init with a .gitignore linked to ~/.bashrc refuses by name and leaves it alone', () => {
    const home = tempDir('pln-home-');
    fs.writeFileSync(path.join(home, '.bashrc'), '# mine\n');
    const dir = path.join(home, 'pln');
    fs.mkdirSync(dir);
    fs.symlinkSync('../.bashrc', path.join(dir, '.gitignore'));
    const r = pln(['init', dir], { env: { HOME: home }, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: \.gitignore: is a symbolic link; pln does not follow links here/m);
    expect(fs.readFileSync(path.join(home, '.bashrc'), 'utf8')).toBe('# mine\n');
    // Refused before anything was made: no pln.yml, no contacts/ left behind.
    expect(fs.readdirSync(dir)).toEqual(['.gitignore']);
  });
});

describe('imports are bounded', () => {
  it('importing /dev/zero stops at the limit with a clear error', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const before = hashTree(dir);
    const r = pln(['import', '/dev/zero', '--format', 'csv'], { dir, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('pln: /dev/zero: over 50 MiB; split it first\n');
    expect(hashTree(dir)).toEqual(before);
  });
});

describe('.pln is a real folder, ignored by git on its own', () => {
  it('a committed .pln link to a folder outside is refused; nothing is written there', () => {
    const victim = tempDir('pln-victim-');
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    fs.symlinkSync(victim, path.join(dir, '.pln'));
    for (const args of [['list'], ['log', 'ada', 'coffee'], ['who', 'rust']]) {
      const r = pln(args, { dir, ...SPAWN });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^pln: \.pln: is a symbolic link, not a folder; pln keeps its machine-local state there and does not write through it/m);
    }
    expect(fs.readdirSync(victim)).toEqual([]);
    expect(read(dir, 'contacts/ada-lovelace.md')).toBe(ADA);
  });

  it('a .pln file is refused too', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, '.pln': 'not a folder\n' });
    const r = pln(['list'], { dir, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: \.pln: is a file, not a folder; pln keeps its machine-local state there/m);
    expect(read(dir, '.pln')).toBe('not a folder\n');
  });

  it('a .pln/cache link is refused', () => {
    const victim = tempDir('pln-victim-');
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    fs.mkdirSync(path.join(dir, '.pln'));
    fs.symlinkSync(victim, path.join(dir, '.pln', 'cache'));
    const r = pln(['list'], { dir, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: \.pln: cache is a symbolic link, not a folder/m);
    expect(fs.readdirSync(victim)).toEqual([]);
  });

  it('holds its own .gitignore of *, so git status stays clean in a repository pln did not make', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    gitIn(dir, 'init', '--quiet', '--initial-branch=main');
    identify(dir, 'Ada');
    gitIn(dir, 'add', '-A');
    gitIn(dir, 'commit', '--quiet', '-m', 'start');
    expect(pln(['log', 'ada', 'coffee'], { dir }).code).toBe(0);
    expect(pln(['who', 'rust'], { dir }).code).toBe(0);
    expect(fs.existsSync(path.join(dir, '.pln', 'cache'))).toBe(true);
    expect(read(dir, '.pln/.gitignore')).toMatch(/^\*$/m);
    expect(gitIn(dir, 'status', '--porcelain')).toBe('M contacts/ada-lovelace.md');
  });
});

describe('special files are refused by name, never read', () => {
  it.each([
    ['a link to /dev/zero', (f: string) => fs.symlinkSync('/dev/zero', f)],
    ['a FIFO', (f: string) => spawnSync('mkfifo', [f])],
  ])('pln.yml that is %s: exit 1 naming the file, no hang', (_what, make) => {
    const dir = network({ 'pln.yml': '', 'contacts/ada-lovelace.md': ADA });
    fs.rmSync(path.join(dir, 'pln.yml'));
    make(path.join(dir, 'pln.yml'));
    for (const args of [['list'], ['config', 'get', 'owner'], ['doctor']]) {
      const r = pln(args, { dir, ...SPAWN });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^pln: pln\.yml: is (a symbolic link to a file outside the network|a FIFO \(named pipe\), not a regular file); not read$/m);
    }
  });

  it('an oversized pln.yml is refused without reading it', () => {
    const dir = network({ 'pln.yml': `owner: Me\n# ${'x'.repeat(18 * 1024 * 1024)}\n`, 'contacts/ada-lovelace.md': ADA });
    const r = pln(['list'], { dir, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: pln\.yml: is 18\.0 MiB, over the 256 KiB limit; not read$/m);
  });

  it('a pln.yml linked to a file inside the network is read; one outside is not', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA, 'settings/pln.yml': 'owner: Inside\n' });
    fs.rmSync(path.join(dir, 'pln.yml'));
    fs.symlinkSync('settings/pln.yml', path.join(dir, 'pln.yml'));
    expect(pln(['config', 'get', 'owner'], { dir }).stdout).toBe('Inside\n');
    const outside = network({ 'pln.yml': 'owner: Outside\n' });
    fs.rmSync(path.join(dir, 'pln.yml'));
    fs.symlinkSync(path.join(outside, 'pln.yml'), path.join(dir, 'pln.yml'));
    const r = pln(['config', 'get', 'owner'], { dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/pln\.yml: is a symbolic link to a file outside the network; not read/);
  });

  it.each([
    ['/dev/zero', /is a symbolic link to a file outside the network/],
    ['outside', /is a symbolic link to a file outside the network/],
  ])('a template linked to %s is refused; no contact is made', (target, message) => {
    const outside = network({ 'secret.md': contact('name: Secret\ncompany: Outside Secret Inc') });
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.symlinkSync(target === 'outside' ? path.join(outside, 'secret.md') : target, path.join(dir, 'templates', 'contact.md'));
    for (const args of [
      ['add', 'Grace Hopper'],
      ['import', path.join(outside, 'secret.md')],
    ]) {
      const before = hashTree(dir);
      const r = pln(args, { dir, ...SPAWN });
      if (args[0] === 'add') {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(new RegExp(`^pln: templates/contact\\.md: ${message.source}`, 'm'));
      }
      expect(hashTree(dir)).toEqual(before);
    }
  });

  it.each([['/dev/zero'], ['/etc/passwd']])('pln edit on a contact linked to %s refuses before the editor starts', (target) => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    fs.symlinkSync(target, path.join(dir, 'contacts', 'eve.md'));
    const marker = path.join(dir, 'EDITOR_RAN');
    const r = pln(['edit', 'eve'], { dir, env: { EDITOR: `touch ${marker}; true` }, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: contacts\/eve\.md: is a symbolic link; pln edit does not open links/m);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it('an editor that leaves a link behind: the link is not read', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    const file = path.join(dir, 'contacts', 'ada-lovelace.md');
    const r = pln(['edit', 'ada'], { dir, env: { EDITOR: `rm "${file}"; ln -s /dev/zero "${file}"; true #` }, ...SPAWN });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: contacts\/ada-lovelace\.md: is a symbolic link; pln does not follow links here/m);
  });

  it.each([['index'], ['terms']])('a FIFO as .pln/cache/%s does not hang; the answer is the same', (name) => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    fs.mkdirSync(path.join(dir, '.pln', 'cache'), { recursive: true });
    spawnSync('mkfifo', [path.join(dir, '.pln', 'cache', name)]);
    for (const args of [
      ['list', '--json'],
      ['who', 'rust', '--json'],
    ]) {
      const r = pln(args, { dir, ...SPAWN });
      expect(r.code, r.stderr).toBe(0);
      expect(jsonOf<{ slug: string }[]>(r)[0]!.slug).toBe('ada-lovelace');
    }
  });

  it('a FIFO contact is named and skipped; the rest is listed', () => {
    const dir = network({ 'contacts/ada-lovelace.md': ADA });
    spawnSync('mkfifo', [path.join(dir, 'contacts', 'pipe.md')]);
    for (const env of [{}, { PLN_NO_CACHE: '1' }]) {
      const r = pln(['list', '--json'], { dir, env, ...SPAWN });
      expect(r.code).toBe(0);
      expect(jsonOf<{ slug: string }[]>(r).map((c) => c.slug)).toEqual(['ada-lovelace']);
      expect(r.stderr).toBe('warning: contacts/pipe.md: is a FIFO (named pipe), not a regular file; not read (skipped)\n');
    }
  });
});

// As root (CI), pln runs as nobody through setpriv (see helpers/as-user.ts).
describe('as an ordinary user', () => {
  it('an unreadable subfolder and a lost+found are warned about; the rest is listed; doctor works', () => {
    const dir = path.join(userDir(), 'net');
    fs.mkdirSync(path.join(dir, 'contacts', 'private'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'pln.yml'), '');
    fs.writeFileSync(path.join(dir, 'contacts', 'ada-lovelace.md'), ADA);
    fs.writeFileSync(path.join(dir, 'contacts', 'private', 'secret.md'), contact('name: Secret Person'));
    fs.mkdirSync(path.join(dir, 'contacts', 'lost+found'));
    giveToUser(dir);
    fs.chmodSync(path.join(dir, 'contacts', 'private'), 0o000);
    // lost+found belongs to root on a real disk; here to someone else, mode 0700.
    fs.chownSync(path.join(dir, 'contacts', 'lost+found'), isRoot ? 0 : process.getuid!(), 0);
    fs.chmodSync(path.join(dir, 'contacts', 'lost+found'), isRoot ? 0o700 : 0o000);
    expect(reachable(dir)).toBe(true);
    const home = userDir();
    const warnings = [
      'warning: contacts/lost+found: cannot read this folder (EACCES); the contacts in it are left out (skipped)',
      'warning: contacts/private: cannot read this folder (EACCES); the contacts in it are left out (skipped)',
    ];
    for (const env of [{}, {}, { PLN_NO_CACHE: '1' }]) {
      const r = plnAsUser(['list', '--json'], { cwd: home, home, dir, env });
      expect(r.code, r.stderr).toBe(0);
      expect(jsonOf<{ slug: string }[]>(r).map((c) => c.slug)).toEqual(['ada-lovelace']);
      expect(r.stderr.trimEnd().split('\n')).toEqual(warnings);
    }
    const doctor = plnAsUser(['doctor'], { cwd: home, home, dir });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toContain('contacts/private: error: cannot read this folder (EACCES)');
    expect(doctor.stdout).toContain('contacts/lost+found: error: cannot read this folder (EACCES)');
    expect(plnAsUser(['log', 'ada', 'coffee'], { cwd: home, home, dir }).code).toBe(0);
    fs.chmodSync(path.join(dir, 'contacts', 'private'), 0o755);
  });

  it("a pln.yml above you that belongs to another user is skipped with a warning; root's is trusted", () => {
    const shared = userDir('pln-shared-');
    fs.chmodSync(shared, 0o1777);
    const home = userDir();
    fs.writeFileSync(path.join(shared, 'pln.yml'), 'owner: Mallory\n');
    fs.mkdirSync(path.join(shared, 'contacts'));
    const other = 4242;
    fs.chownSync(path.join(shared, 'pln.yml'), other, other);
    fs.chownSync(path.join(shared, 'contacts'), other, other);
    fs.chmodSync(path.join(shared, 'contacts'), 0o777);
    const below = path.join(shared, 'mine');
    fs.mkdirSync(below);
    giveToUser(below);
    const r = plnAsUser(['add', 'Grace Hopper'], { cwd: below, home });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`warning: ${path.join(shared, 'pln.yml')} belongs to another user (uid ${other}); not used as your network (pass --dir ${shared} to use it anyway)\n`);
    expect(r.stderr).toMatch(/^pln: no network found/m);
    expect(fs.readdirSync(path.join(shared, 'contacts'))).toEqual([]);
    if (isRoot) {
      // Root's own pln.yml is trusted (root could change your files anyway).
      fs.chownSync(path.join(shared, 'pln.yml'), 0, 0);
      const ok = plnAsUser(['config', 'get', 'owner'], { cwd: below, home });
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toBe('Mallory\n');
    }
  });
});

describe('file names never drive the terminal', () => {
  const ESC = '\u001b';
  const names = [`${ESC}]0;owned${'\u0007'}title.md`, `clear${ESC}[2J${ESC}[H.md`, `c1\u009b31m.md`];

  it('warnings, list, show and the ambiguous-person list carry no control characters from names', () => {
    const files: Record<string, string> = { 'contacts/ada-lovelace.md': ADA, [`contacts/${names[0]}`]: 'no frontmatter\n' };
    files[`contacts/${names[1]}`] = contact('name: Ada Clear');
    files[`contacts/${names[2]}`] = contact('name: Ada Three');
    const dir = network(files);
    const outputs = [pln(['list'], { dir }), pln(['show', 'Ada Clear'], { dir }), pln(['show', 'ada'], { dir }), pln(['doctor'], { dir }), pln(['due'], { dir })];
    for (const r of outputs) {
      // NO_COLOR is set: no escape of pln's own either.
      expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    }
    expect(outputs[0]!.stderr).toBe('warning: contacts/title.md:1: no frontmatter: start the file with a "---" line, "name: ...", and a closing "---" (skipped)\n');
    expect(outputs[2]!.stderr).toMatch(/"ada" matches 3 people/);
  });
});

describe('edges of names, dates and depth', () => {
  it('a contact whose name is near the 255-byte limit can be written (short lock and temp names)', () => {
    const slug = `a${'b'.repeat(236)}`;
    const dir = network({ [`contacts/${slug}.md`]: contact('name: Long Name') });
    const r = pln(['log', slug, 'coffee'], { dir });
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, `contacts/${slug}.md`)).toContain('- 2026-11-29: coffee\n');
  });

  it('year 0000 is not a date; "in 9999y" says it is out of range, not in the past', () => {
    const dir = network({ 'contacts/ada-lovelace.md': contact('name: Ada Lovelace\nlast_contact: 0000-01-01') });
    const doctor = pln(['doctor'], { dir });
    expect(doctor.stdout).toMatch(/contacts\/ada-lovelace\.md:3: warning: last_contact: "0000-01-01" is not a date/);
    const log = pln(['log', 'ada', '--date', '0000-06-01', 'x'], { dir });
    expect(log.code).toBe(2);
    expect(log.stderr).toMatch(/--date "0000-06-01" is not a date/);
    const due = pln(['followup', 'ada', 'x', '--due', 'in 9999y'], { dir });
    expect(due.code).toBe(1);
    expect(due.stderr).toBe('pln: "in 9999y" lands outside the dates pln can write (0001-01-01 to 9999-12-31)\n');
    expect(due.stderr).not.toMatch(/past/);
  });

  it('contacts more than 16 folders deep are reported, not silently left out', () => {
    const deep = Array.from({ length: 18 }, (_, i) => `d${i}`).join('/');
    const dir = network({ 'contacts/ada-lovelace.md': ADA, [`contacts/${deep}/grace.md`]: GRACE });
    const r = pln(['list', '--json'], { dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: contacts/${deep.split('/').slice(0, 17).join('/')}: more than 16 folders deep; the contacts in it are not read (move them up) (skipped)\n`);
  });

  it('a file with lone-CR line ends is named as such', () => {
    const dir = network({ 'contacts/old-mac.md': '---\rname: Old Mac\r---\r' });
    const r = pln(['doctor'], { dir });
    expect(r.stdout).toContain('contacts/old-mac.md:1: error: lines end in a lone CR (classic Mac line endings); save the file with LF (or CRLF) line endings');
    expect(r.stdout).not.toMatch(/language/);
  });
});
