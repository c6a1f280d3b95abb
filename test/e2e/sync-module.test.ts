/**
 * `syncNetwork` against real git: a bare repository stands in for the
 * server, and two clones for the user's two machines (A and B).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PlnError } from '../../src/domain/errors.js';
import { autocommit, syncNetwork, type SyncOptions, type SyncReport } from '../../src/sync/sync.js';
import { GRACE as GRACE_TEXT } from '../helpers/fixtures.js';
import { bareRepo, cloneMachine, editFile, gitCode, gitIn, initMachine, isClean, isolateGit, mergeDriverCli, readText, tempDir, writeFiles } from '../helpers/git.js';

const ADA = 'contacts/ada-lovelace.md';
const ADA_TEXT = `---
name: Ada Lovelace
tags: [mentor]
company: Analytical Engines
role: Staff Engineer
location: London
---
Met at RustConf 2024.

## Log
- 2026-11-20 coffee: talked about compiler internships

## Follow-ups
- [ ] send the benchmark paper 📅 2026-12-05
`;

let cliPath: string;

beforeAll(() => {
  isolateGit();
  cliPath = mergeDriverCli();
});

function sync(dir: string, extra: Partial<SyncOptions> = {}): Promise<SyncReport> {
  return syncNetwork({ dir, contactsDir: 'contacts', cliPath, ...extra });
}

/** Expects `p` to fail with a PlnError and returns it. */
async function failure(p: Promise<unknown>): Promise<PlnError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PlnError);
  return err as PlnError;
}

/** A server, machine A with Ada's file synced to it, and machine B cloned afterwards. */
async function twoMachines(): Promise<{ a: string; b: string; server: string; tmp: string }> {
  const tmp = tempDir();
  const server = bareRepo(tmp);
  const a = cloneMachine(server, tmp, 'A');
  writeFiles(a, { 'pln.yml': 'default_cadence: 90d\n', '.gitignore': '.pln/\n', [ADA]: ADA_TEXT });
  await sync(a);
  const b = cloneMachine(server, tmp, 'B');
  return { a, b, server, tmp };
}

function expectNoMarkers(text: string): void {
  expect(text).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
}

describe('syncNetwork between two machines', () => {
  it('brings a change made on A to B', async () => {
    const { a, b } = await twoMachines();
    expect(readText(b, ADA)).toBe(ADA_TEXT);
    editFile(a, ADA, 'location: London', 'location: Paris');
    const fromA = await sync(a);
    expect(fromA.committed?.message).toBe('pln: update ada-lovelace');
    expect(fromA.pushed).toBe(1);
    const toB = await sync(b);
    expect(toB.pulled).toBe(1);
    expect(toB.filesChanged).toContain(ADA);
    expect(readText(b, ADA)).toContain('location: Paris\n');
    expect(isClean(a) && isClean(b)).toBe(true);
  });

  it('keeps both log entries when both machines log the same person on the same day', async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, '## Log\n', '## Log\n- 2026-11-29 call: planned the talk (A)\n');
    editFile(b, ADA, '## Log\n', '## Log\n- 2026-11-29 coffee: met at the meetup (B)\n');
    await sync(a);
    const onB = await sync(b);
    expect(onB.merged).toBe(true);
    await sync(a);
    for (const dir of [a, b]) {
      const text = readText(dir, ADA);
      expectNoMarkers(text);
      expect(text).toContain('## Log\n- 2026-11-29 coffee: met at the meetup (B)\n- 2026-11-29 call: planned the talk (A)\n- 2026-11-20 coffee');
    }
    expect(readText(a, ADA)).toBe(readText(b, ADA));
  });

  it('keeps follow-ups added on both machines', async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, '📅 2026-12-05\n', '📅 2026-12-05\n- [ ] lend her the book (A)\n');
    editFile(b, ADA, '📅 2026-12-05\n', '📅 2026-12-05\n- [ ] ask about the RFC (B)\n');
    await sync(a);
    await sync(b);
    await sync(a);
    for (const dir of [a, b]) {
      expect(readText(dir, ADA).endsWith('📅 2026-12-05\n- [ ] ask about the RFC (B)\n- [ ] lend her the book (A)\n')).toBe(true);
    }
  });

  it('keeps company set on A and role set on B, on adjacent lines', async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, 'company: Analytical Engines', 'company: Babbage & Co');
    editFile(b, ADA, 'role: Staff Engineer', 'role: Principal Engineer');
    await sync(a);
    await sync(b);
    await sync(a);
    for (const dir of [a, b]) {
      const text = readText(dir, ADA);
      expect(text).toContain('company: Babbage & Co\nrole: Principal Engineer\n');
      expectNoMarkers(text);
    }
  });

  it('explains a key set two ways, leaves B clean with its value committed, and syncs once B decides', async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, 'role: Staff Engineer', 'role: CTO');
    editFile(b, ADA, 'role: Staff Engineer', 'role: Principal Engineer');
    editFile(b, ADA, '## Log\n', '## Log\n- 2026-11-29 call: B logged this\n');
    await sync(a);
    const err = await failure(sync(b));
    expect(err.kind).toBe('conflict');
    expect(err.exitCode).toBe(1);
    expect(err.message).not.toContain('\n');
    expect(err.message).toContain(`${ADA}: role changed on both machines (yours: Principal Engineer, theirs: CTO)`);
    expect(err.message).toContain('pln set ada-lovelace role');
    // Nothing in progress, nothing uncommitted, and B's work is in B's last commit.
    expect(isClean(b)).toBe(true);
    expect(gitCode(b, 'rev-parse', '--verify', '--quiet', 'MERGE_HEAD')).not.toBe(0);
    const committed = gitIn(b, 'show', `HEAD:${ADA}`);
    expect(committed).toContain('role: Principal Engineer');
    expect(committed).toContain('B logged this');
    expect(readText(b, ADA)).toContain('role: Principal Engineer');

    // B settles on a value of its own: the next sync merges, keeping it and A's other work.
    editFile(b, ADA, 'role: Principal Engineer', 'role: Chief Architect');
    const settled = await sync(b);
    expect(settled.settled).toEqual([{ file: ADA, key: 'role', section: 'frontmatter', side: 'ours' }]);
    expect(settled.pushed).toBeGreaterThan(0);
    await sync(a);
    for (const dir of [a, b]) {
      const text = readText(dir, ADA);
      expect(text).toContain('role: Chief Architect\n');
      expect(text).toContain('B logged this');
      expectNoMarkers(text);
      expect(isClean(dir)).toBe(true);
    }
  });

  it('explains clashing notes and another file, then keeps what B edits them to', async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, 'Met at RustConf 2024.', 'Met at RustConf 2024 (A).');
    editFile(b, ADA, 'Met at RustConf 2024.', 'Met at RustConf 2024 (B).');
    editFile(a, 'pln.yml', '90d', '30d');
    editFile(b, 'pln.yml', '90d', '60d');
    await sync(a);
    const err = await failure(sync(b));
    expect(err.message).toBe(
      'could not merge origin/main: contacts/ada-lovelace.md (notes), pln.yml (default_cadence) changed on both machines; make each file read the way you want on this machine, then run `pln sync` again',
    );
    // pln.yml is merged key by key: the clash names the key and both values.
    expect(err.details).toContain('pln.yml: default_cadence changed on both machines (yours: 60d, theirs: 30d)');
    expect(isClean(b)).toBe(true);
    editFile(b, ADA, 'Met at RustConf 2024 (B).', 'Met at RustConf 2024 (A and B).');
    editFile(b, 'pln.yml', '60d', '45d');
    const r = await sync(b);
    expect(r.settled.map((s) => s.file).sort()).toEqual([ADA, 'pln.yml']);
    await sync(a);
    for (const dir of [a, b]) {
      expect(readText(dir, ADA)).toContain('Met at RustConf 2024 (A and B).\n');
      expect(readText(dir, 'pln.yml')).toBe('default_cadence: 45d\n');
    }
  });

  it("settles when B takes A's value", async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, 'role: Staff Engineer', 'role: CTO');
    editFile(b, ADA, 'role: Staff Engineer', 'role: Principal Engineer');
    await sync(a);
    await failure(sync(b));
    editFile(b, ADA, 'role: Principal Engineer', 'role: CTO');
    await sync(b);
    expect(readText(b, ADA)).toContain('role: CTO\n');
  });

  it('settles every conflict by one side when asked', async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, 'role: Staff Engineer', 'role: CTO');
    editFile(b, ADA, 'role: Staff Engineer', 'role: Principal Engineer');
    editFile(b, ADA, 'location: London', 'location: Paris');
    await sync(a);
    await sync(b, { prefer: 'theirs' });
    const text = readText(b, ADA);
    expect(text).toContain('role: CTO\n');
    expect(text).toContain('location: Paris\n');
  });

  it('fails within seconds on a remote that does not exist, keeping the local change committed', async () => {
    const tmp = tempDir();
    const a = initMachine(tmp, 'A');
    writeFiles(a, { [ADA]: ADA_TEXT });
    gitIn(a, 'remote', 'add', 'origin', path.join(tmp, 'no-such-repo.git'));
    const started = Date.now();
    const err = await failure(sync(a));
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err.kind).toBe('git');
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/^could not reach remote "origin" \(.*\); your changes are committed locally/);
    expect(gitIn(a, 'log', '-1', '--format=%s')).toBe('pln: update ada-lovelace and .gitattributes');
    expect(isClean(a)).toBe(true);
  });

  it('gives up on a remote that does not answer after PLN_GIT_TIMEOUT seconds', async () => {
    const tmp = tempDir();
    const a = initMachine(tmp, 'A');
    writeFiles(a, { [ADA]: ADA_TEXT });
    gitIn(a, 'remote', 'add', 'origin', 'ssh://git@example.invalid/network.git');
    process.env.GIT_SSH_COMMAND = 'sleep 60 #';
    process.env.PLN_GIT_TIMEOUT = '1';
    try {
      const started = Date.now();
      const err = await failure(sync(a));
      // Far sooner than the remote's 60 s: the timeout stopped it (a busy machine may be slow, not that slow).
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(err.message).toContain('no answer within 1 s');
    } finally {
      delete process.env.GIT_SSH_COMMAND;
      delete process.env.PLN_GIT_TIMEOUT;
    }
    expect(gitIn(a, 'log', '-1', '--format=%s')).toMatch(/^pln: update ada-lovelace/);
  });

  it('merges even with pull.rebase=true, pull.ff=only and merge.ff=only configured', async () => {
    const { a, b } = await twoMachines();
    for (const [k, v] of [
      ['pull.rebase', 'true'],
      ['pull.ff', 'only'],
      ['merge.ff', 'only'],
    ])
      gitIn(b, 'config', k!, v!);
    editFile(a, ADA, '## Log\n', '## Log\n- 2026-11-29 call: A\n');
    editFile(b, ADA, '## Log\n', '## Log\n- 2026-11-28 call: B\n');
    await sync(a);
    const r = await sync(b);
    expect(r.merged).toBe(true);
    expect(gitIn(b, 'rev-list', '--count', '--merges', 'HEAD')).toBe('1');
    expect(readText(b, ADA)).toContain('- 2026-11-29 call: A\n- 2026-11-28 call: B\n');
    expect(isClean(b)).toBe(true);
  });

  it('pushes with -u when the branch has no upstream, and syncs with a remote named backup', async () => {
    const tmp = tempDir();
    const server = bareRepo(tmp);
    const a = initMachine(tmp, 'A');
    writeFiles(a, { [ADA]: ADA_TEXT });
    gitIn(a, 'remote', 'add', 'backup', server);
    const first = await sync(a);
    expect(first).toMatchObject({ remote: 'backup', branch: 'main', upstreamSet: true, pushed: 1 });
    expect(gitIn(a, 'config', 'branch.main.remote')).toBe('backup');
    expect(gitIn(a, 'config', 'branch.main.merge')).toBe('refs/heads/main');
    expect(gitIn(server, 'log', '-1', '--format=%s', 'main')).toBe('pln: update ada-lovelace and .gitattributes');

    // A second machine set up by hand, with its own first commit: histories join.
    const b = initMachine(tmp, 'B');
    writeFiles(b, { 'contacts/grace-hopper.md': GRACE_TEXT });
    gitIn(b, 'remote', 'add', 'backup', server);
    await sync(b);
    await sync(a);
    for (const dir of [a, b]) {
      expect(fs.existsSync(path.join(dir, 'contacts/grace-hopper.md'))).toBe(true);
      expect(readText(dir, ADA)).toBe(ADA_TEXT);
    }
  });

  it('sets up the merge driver once: one .gitattributes line, driver in .git/config', async () => {
    const { a } = await twoMachines();
    await sync(a);
    expect(readText(a, '.gitattributes')).toBe('contacts/**/*.md merge=pln\n');
    // A command that finds the driver script through git, wherever the repository is.
    expect(gitIn(a, 'config', 'merge.pln.driver')).toBe('sh "$(git rev-parse --git-path pln-merge-driver)" %O %A %B %P');
    const script = fs.readFileSync(gitIn(a, 'rev-parse', '--git-path', 'pln-merge-driver').replace(/^(?!\/)/, `${a}/`), 'utf8');
    expect(script).toContain(`node='${process.execPath}'\ncli='${cliPath}'\n`);
  });

  it('makes a plain git merge use the contact merge too, once sync has set it up', async () => {
    const { a, b } = await twoMachines();
    await sync(b);
    editFile(a, ADA, '## Log\n', '## Log\n- 2026-11-29 call: A\n');
    editFile(b, ADA, '## Log\n', '## Log\n- 2026-11-29 call: B\n');
    await sync(a);
    gitIn(b, 'commit', '--quiet', '-am', 'log B');
    gitIn(b, 'fetch', '--quiet', 'origin');
    gitIn(b, 'merge', '--quiet', '--no-edit', 'origin/main');
    expect(readText(b, ADA)).toContain('## Log\n- 2026-11-29 call: B\n- 2026-11-29 call: A\n');
  });

  it('syncs a network kept in a subfolder, committing only that folder and never .pln/', async () => {
    const tmp = tempDir();
    const server = bareRepo(tmp);
    const a = cloneMachine(server, tmp, 'A');
    const net = path.join(a, 'notes', 'pln');
    writeFiles(a, { 'todo.txt': 'outside the network\n' });
    writeFiles(net, { [ADA]: ADA_TEXT, '.pln/cache.json': '{}' });
    const r = await sync(net);
    expect(r.committed?.files.sort()).toEqual(['.gitattributes', ADA]);
    expect(gitIn(a, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual(['notes/pln/.gitattributes', `notes/pln/${ADA}`]);
    expect(gitIn(a, 'status', '--porcelain', '--untracked-files=all').split('\n').sort()).toEqual(['?? notes/pln/.pln/cache.json', '?? todo.txt']);
    const b = cloneMachine(server, tmp, 'B');
    editFile(path.join(b, 'notes', 'pln'), ADA, '## Log\n', '## Log\n- 2026-11-29 call: B\n');
    editFile(net, ADA, '## Log\n', '## Log\n- 2026-11-29 call: A\n');
    await sync(path.join(b, 'notes', 'pln'));
    await sync(net);
    expect(readText(net, ADA)).toContain('## Log\n- 2026-11-29 call: A\n- 2026-11-29 call: B\n');
  });

  it('fills a new, empty repository on another machine', async () => {
    const { server, tmp } = await twoMachines();
    const c = initMachine(tmp, 'C');
    gitIn(c, 'remote', 'add', 'origin', server);
    const r = await sync(c);
    expect(readText(c, ADA)).toBe(ADA_TEXT);
    expect(r.pulled).toBeGreaterThan(0);
    expect(gitIn(c, 'config', 'branch.main.remote')).toBe('origin');
    expect(isClean(c)).toBe(true);
  });

  it('does nothing when there is nothing to sync', async () => {
    const { b } = await twoMachines();
    const head = gitIn(b, 'rev-parse', 'HEAD');
    const r = await sync(b);
    expect(r).toMatchObject({ committed: null, pulled: 0, pushed: 0, merged: false });
    expect(gitIn(b, 'rev-parse', 'HEAD')).toBe(head);
  });
});

describe('syncNetwork refuses to start when git is not ready', () => {
  it('outside a git repository', async () => {
    const dir = tempDir();
    const err = await failure(sync(dir));
    expect(err.message).toMatch(/is not a git repository/);
  });

  it('on a detached HEAD', async () => {
    const { b } = await twoMachines();
    gitIn(b, 'checkout', '--quiet', '--detach');
    expect((await failure(sync(b))).message).toMatch(/^HEAD is detached/);
  });

  it('in the middle of a merge', async () => {
    const { b } = await twoMachines();
    fs.writeFileSync(path.join(gitIn(b, 'rev-parse', '--absolute-git-dir'), 'MERGE_HEAD'), `${gitIn(b, 'rev-parse', 'HEAD')}\n`);
    expect((await failure(sync(b))).message).toMatch(/^a merge is in progress in .*; finish it with `git merge --continue` or `git merge --abort`/);
  });

  it('while .git/index.lock exists', async () => {
    const { b } = await twoMachines();
    fs.writeFileSync(path.join(gitIn(b, 'rev-parse', '--absolute-git-dir'), 'index.lock'), '');
    expect((await failure(sync(b))).message).toMatch(/index\.lock exists/);
  });

  it('when a contact file has conflict markers, naming the file and line', async () => {
    const { b } = await twoMachines();
    editFile(b, ADA, 'role: Staff Engineer\n', '<<<<<<< ours\nrole: Staff Engineer\n=======\nrole: CTO\n>>>>>>> theirs\n');
    const err = await failure(sync(b));
    expect(err.message).toMatch(/^contacts\/ada-lovelace\.md:5: has git conflict markers/);
    expect(gitIn(b, 'status', '--porcelain')).toBe(`M ${ADA}`);
  });

  it('but not for a setext heading (a line of text underlined with =======), which syncs and merges as notes', async () => {
    const { a, b } = await twoMachines();
    editFile(a, ADA, 'Met at RustConf 2024.\n', 'Met at RustConf 2024.\n\nProjects\n=======\n\nThe analytical engine.\n');
    await sync(a);
    editFile(b, ADA, '## Log\n', '## Log\n- 2026-11-29 call: on B\n');
    const onB = await sync(b);
    expect(onB.merged).toBe(true);
    const text = readText(b, ADA);
    expect(text).toContain('Projects\n=======\n');
    expect(text).toContain('## Log\n- 2026-11-29 call: on B\n');
    expect(isClean(b)).toBe(true);
  });

  it('when the branch has no remote', async () => {
    const tmp = tempDir();
    const a = initMachine(tmp, 'A');
    writeFiles(a, { [ADA]: ADA_TEXT });
    expect((await failure(sync(a))).message).toMatch(/no remote to sync with; add one: `git remote add origin URL`/);
  });
});

describe('autocommit', () => {
  it('commits only the given paths', async () => {
    const tmp = tempDir();
    const a = initMachine(tmp, 'A');
    writeFiles(a, { [ADA]: ADA_TEXT, 'contacts/grace-hopper.md': GRACE_TEXT });
    expect(autocommit(a, [ADA], 'pln: log ada-lovelace')).toBeNull();
    expect(gitIn(a, 'log', '-1', '--format=%s')).toBe('pln: log ada-lovelace');
    expect(gitIn(a, 'show', '--name-only', '--format=', 'HEAD')).toBe(ADA);
    expect(gitIn(a, 'status', '--porcelain')).toBe('?? contacts/grace-hopper.md');
  });

  it('is silent outside a repository and warns instead of throwing when git cannot commit', async () => {
    const plain = tempDir();
    expect(autocommit(plain, ['x.md'], 'pln: x')).toBeNull();
    const tmp = tempDir();
    const a = initMachine(tmp, 'A');
    writeFiles(a, { [ADA]: ADA_TEXT });
    fs.writeFileSync(path.join(a, '.git', 'index.lock'), '');
    expect(autocommit(a, [ADA], 'pln: x')).toMatch(/another git process/);
    fs.rmSync(path.join(a, '.git', 'index.lock'));
    expect(autocommit(a, ['contacts/nobody.md'], 'pln: x')).toMatch(/nobody\.md/);
  });
});
