/**
 * Test vocabulary for git: a shared bare repository standing in for the
 * server, and machines that clone it, each with its own network folder.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Keeps the tests away from the user's git settings (pull.rebase, signing,
 * hooks paths, ...): an empty global config and no system config.
 */
export function isolateGit(): void {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-git-home-'));
  const global = path.join(home, 'gitconfig');
  fs.writeFileSync(global, '[init]\n\tdefaultBranch = main\n');
  process.env.GIT_CONFIG_GLOBAL = global;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_SSH_COMMAND', 'GIT_SSH', 'PLN_GIT_TIMEOUT']) delete process.env[k];
}

/** Runs git in `dir` and returns its trimmed output; throws with stderr when it fails. */
export function gitIn(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Like `gitIn`, but returns the exit code instead of throwing. */
export function gitCode(dir: string, ...args: string[]): number {
  return spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' }).status ?? -1;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'pln-sync-'): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** An empty bare repository, the "server" both machines push to. */
export function bareRepo(parent: string, name = 'network.git'): string {
  const dir = path.join(parent, name);
  gitIn(parent, 'init', '--quiet', '--bare', '--initial-branch=main', dir);
  return dir;
}

/** Sets the identity commits are made with, in this repository only. */
export function identify(dir: string, name: string): void {
  gitIn(dir, 'config', 'user.name', name);
  gitIn(dir, 'config', 'user.email', `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`);
}

/** A machine's network folder cloned from `remote` (an empty remote gives an empty folder). */
export function cloneMachine(remote: string, parent: string, name: string): string {
  const dir = path.join(parent, name);
  gitIn(parent, 'clone', '--quiet', remote, dir);
  identify(dir, name);
  return dir;
}

/** A new repository (no remote yet) for a machine. */
export function initMachine(parent: string, name: string): string {
  const dir = path.join(parent, name);
  gitIn(parent, 'init', '--quiet', '--initial-branch=main', dir);
  identify(dir, name);
  return dir;
}

/** Writes files (path → text) into a folder, creating subfolders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** Reads a file of a folder. */
export function readText(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

/** Changes a file by replacing one exact piece of text; fails when it is not there. */
export function editFile(dir: string, rel: string, from: string, to: string): void {
  const text = readText(dir, rel);
  if (!text.includes(from)) throw new Error(`${rel} does not contain ${JSON.stringify(from)}`);
  fs.writeFileSync(path.join(dir, rel), text.replace(from, to));
}

/** Whether a repository has nothing uncommitted and no operation in progress. */
export function isClean(dir: string): boolean {
  const gitDir = gitIn(dir, 'rev-parse', '--absolute-git-dir');
  const busy = ['MERGE_HEAD', 'rebase-merge', 'rebase-apply', 'CHERRY_PICK_HEAD'].some((f) => fs.existsSync(path.join(gitDir, f)));
  return !busy && gitIn(dir, 'status', '--porcelain') === '';
}

/**
 * The CLI entry the merge driver should run: the built `pln` when it has a
 * `merge-driver` command, else a script that runs the driver from source.
 */
export function mergeDriverCli(): string {
  const bin = path.join(ROOT, 'bin', 'pln.cjs');
  if (fs.existsSync(path.join(ROOT, 'dist', 'pln.cjs'))) {
    const r = spawnSync(process.execPath, [bin, 'merge-driver', '--help'], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0 && /merge-driver/.test(r.stdout + r.stderr)) return bin;
  }
  return path.join(ROOT, 'test', 'helpers', 'merge-driver.mjs');
}
