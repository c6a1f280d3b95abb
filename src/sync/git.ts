/**
 * git, run as a child process with argument arrays (never through a shell),
 * `--` before paths, and an environment that can never stop to ask for a
 * password: a prompt nobody sees would hang `pln sync` forever. Network
 * operations also get a time limit.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readOptional, writeAtomic } from '../store/folder.js';
import { removeTree, replaceWhole } from '../store/files.js';

/** What one git run printed and how it ended. */
export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The run was stopped because it took longer than its time limit. */
  timedOut?: boolean;
}

/** Options of one git run. */
export interface GitRunOptions {
  /** Environment to start from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Stop the run after this many milliseconds. */
  timeoutMs?: number;
  /** Extra environment variables for this run only. */
  extraEnv?: Record<string, string>;
  /** Given to git on its standard input (synchronous runs only). */
  input?: string;
}

/** Default limit for fetch and push, in seconds; `PLN_GIT_TIMEOUT` overrides it. */
export const DEFAULT_NETWORK_TIMEOUT_S = 30;
/** Local operations (commit hooks, a merge of many files) get a generous limit too. */
const LOCAL_TIMEOUT_MS = 120_000;

/** The time limit for fetch and push, from `PLN_GIT_TIMEOUT` (seconds) or the default. */
export function networkTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PLN_GIT_TIMEOUT;
  const s = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return (Number.isFinite(s) && s > 0 ? s : DEFAULT_NETWORK_TIMEOUT_S) * 1000;
}

/**
 * The environment git runs in: no terminal prompt, no password helper
 * program, and ssh in batch mode (it fails instead of asking) unless the
 * user chose their own ssh command.
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', GIT_MERGE_AUTOEDIT: 'no' };
  if (!env.GIT_SSH_COMMAND && !env.GIT_SSH) env.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes';
  return { ...env, ...extra };
}

/** Runs git synchronously in `dir`; never throws for a non-zero exit. */
export function git(dir: string, args: string[], opts: GitRunOptions = {}): GitResult {
  const r = spawnSync('git', ['-C', dir, ...args], {
    env: gitEnv(opts.env, opts.extraEnv),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? LOCAL_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    ...(opts.input === undefined ? {} : { input: opts.input }),
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    return { code: 127, stdout: '', stderr: 'git is not installed (or not on PATH)' };
  }
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(timedOut ? { timedOut } : {}) };
}

/**
 * Runs git asynchronously with a time limit. git runs in its own process
 * group so that, on time-out, its ssh or https helper children stop too.
 */
export function gitAsync(dir: string, args: string[], opts: GitRunOptions = {}): Promise<GitResult> {
  return new Promise((resolve) => {
    const detached = process.platform !== 'win32';
    const child = spawn('git', ['-C', dir, ...args], { env: gitEnv(opts.env, opts.extraEnv), stdio: ['ignore', 'pipe', 'pipe'], detached });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const done = (r: GitResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const timer = setTimeout(() => {
      try {
        if (detached && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
      child.stdout.destroy();
      child.stderr.destroy();
      done({ code: 124, stdout, stderr, timedOut: true });
    }, opts.timeoutMs ?? LOCAL_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) => done({ code: 127, stdout, stderr: err.code === 'ENOENT' ? 'git is not installed (or not on PATH)' : err.message }));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

/** The first meaningful line git wrote to stderr (hints and blank lines skipped). */
export function firstLine(r: GitResult): string {
  const lines = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('hint:'));
  const fatal = lines.find((l) => /^(fatal|error):/.test(l));
  return (fatal ?? lines[0] ?? r.stdout.trim().split('\n')[0] ?? `git exited with ${r.code}`).replace(/^(fatal|error):\s*/, '');
}

/** Whether `dir` is inside a git working tree. */
export function isRepo(dir: string): boolean {
  const r = git(dir, ['rev-parse', '--is-inside-work-tree']);
  return r.code === 0 && r.stdout.trim() === 'true';
}

/** The top folder of the working tree that holds `dir`. */
export function repoRoot(dir: string): string {
  return git(dir, ['rev-parse', '--show-toplevel']).stdout.trim();
}

/** The absolute path of the repository's git folder (`.git`, or a worktree's). */
export function gitDir(dir: string): string {
  return git(dir, ['rev-parse', '--absolute-git-dir']).stdout.trim();
}

/** A path inside the git folder, as git resolves it (worktrees share some files). */
export function gitPath(dir: string, name: string): string {
  const p = git(dir, ['rev-parse', '--git-path', name]).stdout.trim();
  return path.resolve(dir, p);
}

/** The checked-out branch, or null on a detached HEAD. */
export function currentBranch(dir: string): string | null {
  const r = git(dir, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return r.code === 0 && r.stdout.trim() !== '' ? r.stdout.trim() : null;
}

/** The commit HEAD points at, or null on a branch with no commits yet. */
export function headCommit(dir: string): string | null {
  return revParse(dir, 'HEAD');
}

/** The commit a revision names, or null when it does not exist. */
export function revParse(dir: string, rev: string): string | null {
  const r = git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** A git operation that can be left half done. */
export type InProgress = 'merge' | 'rebase' | 'cherry-pick' | 'revert' | 'am';

/** The operation a previous git command left unfinished, found by the files git keeps while it runs. */
export function inProgressOperation(dir: string): InProgress | null {
  const at = (name: string): boolean => fs.existsSync(gitPath(dir, name));
  if (at('rebase-merge')) return 'rebase';
  if (at('rebase-apply')) return at('rebase-apply/applying') ? 'am' : 'rebase';
  if (at('MERGE_HEAD')) return 'merge';
  if (at('CHERRY_PICK_HEAD')) return 'cherry-pick';
  if (at('REVERT_HEAD')) return 'revert';
  return null;
}

/** Whether another git process holds the index (or one crashed and left its lock). */
export function hasIndexLock(dir: string): boolean {
  return fs.existsSync(gitPath(dir, 'index.lock'));
}

/** One changed path, as `git status --porcelain` reports it. */
export interface StatusEntry {
  /** Index (staged) state letter. */
  index: string;
  /** Working-tree state letter. */
  worktree: string;
  /** Path relative to the folder `status` ran in. */
  path: string;
  /** For a rename, the old path. */
  from?: string;
}

/** Changed, added, deleted and untracked files under `dir` (ignored files left out). */
export function status(dir: string, pathspec: string[] = ['.']): StatusEntry[] {
  const r = git(dir, ['-c', 'core.quotePath=false', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...pathspec]);
  if (r.code !== 0) throw new Error(firstLine(r));
  const parts = r.stdout.split('\0');
  const out: StatusEntry[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.length < 4) continue;
    const e: StatusEntry = { index: p[0]!, worktree: p[1]!, path: p.slice(3) };
    // A rename is followed by its old name as the next NUL-separated field.
    if (e.index === 'R' || e.index === 'C') e.from = parts[++i];
    out.push(e);
  }
  // Porcelain paths are relative to the repository root; make them relative to `dir`.
  const root = repoRoot(dir);
  const rel = (p: string): string => path.relative(dir, path.join(root, p)).split(path.sep).join('/');
  return out.map((e) => ({ ...e, path: rel(e.path), ...(e.from !== undefined ? { from: rel(e.from) } : {}) }));
}

/** Options of a commit. */
export interface CommitOptions {
  env?: NodeJS.ProcessEnv;
  /** Author and committer date. */
  date?: Date;
  /** Of `paths`, those already staged as they should be committed (not given to `git add`). */
  staged?: string[];
}

/**
 * Stages and commits `paths` (default: everything under `dir`), and nothing
 * else that happens to be staged. Returns the new commit, or null when there
 * was nothing to commit. Throws with git's reason on failure.
 */
export function commitAll(dir: string, message: string, paths: string[] = ['.'], opts: CommitOptions = {}): string | null {
  // A path already gone from the index and the folder (a staged `git rm`, the
  // old name of a staged `git mv`) is no pathspec `git add` accepts, but it
  // is one `git commit` records.
  const alreadyStaged = new Set(opts.staged ?? []);
  const stagedDeletion = (p: string) => !existsInFolder(dir, p) && !tracked(dir, p, opts.env) && inHead(dir, p, opts.env);
  const toAdd = paths.filter((p) => !alreadyStaged.has(p) && (p === '.' || !stagedDeletion(p)));
  if (toAdd.length > 0) {
    const add = git(dir, ['add', '-A', '--', ...toAdd], { env: opts.env });
    if (add.code !== 0) throw new Error(firstLine(add));
  }
  const staged = git(dir, ['diff', '--cached', '--quiet', '--', ...paths], { env: opts.env });
  if (staged.code === 0) return null;
  const dates: Record<string, string> = opts.date ? { GIT_AUTHOR_DATE: opts.date.toISOString(), GIT_COMMITTER_DATE: opts.date.toISOString() } : {};
  // The commit is made from an index of its own: the last commit, plus `paths`
  // exactly as they are staged now. Other staged work stays staged, not
  // committed. (`git commit -- paths` would take each path that is still in
  // the folder from the folder again: a `git rm --cached` of a file that
  // stays, such as `.pln/.gitignore`, would be undone.)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-index-'));
  try {
    const extraEnv = { ...dates, GIT_INDEX_FILE: path.join(tmp, 'index') };
    const step = (args: string[], input?: string): GitResult => {
      const r = git(dir, args, { env: opts.env, extraEnv, ...(input === undefined ? {} : { input }) });
      if (r.code !== 0) throw new Error(firstLine(r));
      return r;
    };
    const head = git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { env: opts.env }).code === 0;
    step(['read-tree', ...(head ? ['HEAD'] : ['--empty'])]);
    step(['rm', '-r', '--cached', '--quiet', '--ignore-unmatch', '--', ...paths]);
    // The entries of the repository's own index (paths from the top of the repository).
    const entries = git(dir, ['ls-files', '--stage', '--full-name', '-z', '--', ...paths], { env: opts.env });
    if (entries.code !== 0) throw new Error(firstLine(entries));
    if (entries.stdout !== '') step(['update-index', '-z', '--index-info'], entries.stdout);
    step(['commit', '--quiet', '--no-edit', '-m', message]);
  } finally {
    removeTree(tmp);
  }
  return headCommit(dir);
}

function existsInFolder(dir: string, rel: string): boolean {
  try {
    fs.lstatSync(path.join(dir, rel));
    return true;
  } catch {
    return false;
  }
}

/** Whether the index holds `rel` (relative to `dir`). */
function tracked(dir: string, rel: string, env?: NodeJS.ProcessEnv): boolean {
  return git(dir, ['ls-files', '-z', '--', `:(literal)${rel}`], { env }).stdout !== '';
}

/** Whether the last commit holds `rel` (relative to `dir`). */
function inHead(dir: string, rel: string, env?: NodeJS.ProcessEnv): boolean {
  return git(dir, ['cat-file', '-e', `HEAD:./${rel}`], { env }).code === 0;
}

/** The repository's remotes, in git's order. */
export function remotes(dir: string): string[] {
  return git(dir, ['remote'])
    .stdout.split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A branch's upstream: the remote and the branch there, as configured by `push -u` or `branch --set-upstream-to`. */
export interface Upstream {
  remote: string;
  /** The branch on the remote, `refs/heads/...`. */
  ref: string;
}

/** The upstream configured for `branch`, or null. */
export function upstream(dir: string, branch: string): Upstream | null {
  const remote = configGet(dir, `branch.${branch}.remote`);
  const ref = configGet(dir, `branch.${branch}.merge`);
  if (!remote || !ref || remote === '.') return null;
  return { remote, ref };
}

/** A git config value of the repository, or null when unset. */
export function configGet(dir: string, key: string): string | null {
  const r = git(dir, ['config', '--get', key]);
  return r.code === 0 ? r.stdout.replace(/\n$/, '') : null;
}

/** Sets a git config value in the repository's own config. */
export function configSet(dir: string, key: string, value: string): void {
  const r = git(dir, ['config', '--local', key, value]);
  if (r.code !== 0) throw new Error(firstLine(r));
}

/** The remote-tracking ref for a branch of a remote (`refs/remotes/origin/main`). */
export function trackingRef(remote: string, ref: string): string {
  return `refs/remotes/${remote}/${ref.replace(/^refs\/heads\//, '')}`;
}

/** Downloads a remote's branches, within the network time limit. */
export function fetch(dir: string, remote: string, env: NodeJS.ProcessEnv = process.env): Promise<GitResult> {
  return gitAsync(dir, ['fetch', '--quiet', '--no-write-fetch-head', '--', remote], { env, timeoutMs: networkTimeoutMs(env) }).then((r) =>
    // git before 2.29 has no --no-write-fetch-head.
    r.code !== 0 && /no-write-fetch-head/.test(r.stderr) ? gitAsync(dir, ['fetch', '--quiet', '--', remote], { env, timeoutMs: networkTimeoutMs(env) }) : r,
  );
}

/** Pushes `branch` to `ref` on `remote` (with `-u` to remember it as the upstream), within the time limit. */
export function push(dir: string, remote: string, branch: string, ref: string, setUpstream: boolean, env: NodeJS.ProcessEnv = process.env): Promise<GitResult> {
  const args = ['push', '--quiet', '--porcelain', ...(setUpstream ? ['--set-upstream'] : []), '--', remote, `refs/heads/${branch}:${ref}`];
  return gitAsync(dir, args, { env, timeoutMs: networkTimeoutMs(env) });
}

/** Number of commits reachable from `to` and not from `from`. */
export function countCommits(dir: string, from: string | null, to: string): number {
  const r = git(dir, ['rev-list', '--count', from ? `${from}..${to}` : to]);
  return r.code === 0 ? Number(r.stdout.trim()) : 0;
}

/** Files that differ between two commits, relative to `dir`. */
export function changedFiles(dir: string, from: string | null, to: string): string[] {
  const args = from ? ['-c', 'core.quotePath=false', 'diff', '--name-only', '-z', '--relative', from, to, '--'] : ['-c', 'core.quotePath=false', 'ls-tree', '-r', '--name-only', '-z', to, '--'];
  return git(dir, args)
    .stdout.split('\0')
    .filter((p) => p !== '');
}

/** An unmerged path: which stages exist (1 = common version, 2 = ours, 3 = theirs) and their blobs. */
export interface Unmerged {
  /** Path relative to the repository root. */
  path: string;
  stages: Partial<Record<1 | 2 | 3, string>>;
  /** The mode of each stage (`100644`, `120000` for a symlink, ...). */
  modes: Partial<Record<1 | 2 | 3, string>>;
  /**
   * Other unmerged paths that hold stages of this one: when the two sides
   * made it different types (a file and a symlink), git records one under
   * `PATH~HEAD` (or `PATH~BRANCH`) and leaves that file next to it.
   */
  renamed?: string[];
}

/** Paths left unmerged by a failed merge, with the blob of each stage. */
export function unmergedPaths(dir: string): Unmerged[] {
  const r = git(dir, ['-c', 'core.quotePath=false', 'ls-files', '--unmerged', '-z', '--full-name', '--', ':/']);
  const byPath = new Map<string, Unmerged>();
  for (const rec of r.stdout.split('\0')) {
    const m = /^(\d+) ([0-9a-f]+) ([123])\t(.*)$/s.exec(rec);
    if (!m) continue;
    const entry: Unmerged = byPath.get(m[4]!) ?? { path: m[4]!, stages: {}, modes: {} };
    entry.stages[Number(m[3]) as 1 | 2 | 3] = m[2]!;
    entry.modes[Number(m[3]) as 1 | 2 | 3] = m[1]!;
    byPath.set(m[4]!, entry);
  }
  // Put the stages git moved to `PATH~SOMETHING` back with PATH.
  for (const entry of [...byPath.values()]) {
    const cut = entry.path.lastIndexOf('~');
    const owner = cut > 0 && !entry.path.slice(cut).includes('/') ? byPath.get(entry.path.slice(0, cut)) : undefined;
    if (!owner || owner === entry) continue;
    for (const k of [1, 2, 3] as const) {
      if (entry.stages[k] !== undefined && owner.stages[k] === undefined) {
        owner.stages[k] = entry.stages[k];
        owner.modes[k] = entry.modes[k];
      }
    }
    (owner.renamed ??= []).push(entry.path);
    byPath.delete(entry.path);
  }
  return [...byPath.values()];
}

/** The text of a blob. */
export function readBlob(dir: string, blob: string): string {
  const r = git(dir, ['cat-file', 'blob', blob]);
  if (r.code !== 0) throw new Error(firstLine(r));
  return r.stdout;
}

/** Wraps a string for POSIX sh in single quotes. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A gitattributes pattern for every Markdown file under `contactsDir` (relative to the attributes file). */
export function contactsPattern(contactsDir: string): string {
  const dir = contactsDir
    .split(path.sep)
    .join('/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
  const glob = dir === '' || dir === '.' ? '*.md' : `${dir.replace(/[*?[\\]/g, '\\$&')}/**/*.md`;
  // Patterns with spaces must be C-quoted.
  return /\s|"/.test(glob) ? `"${glob.replace(/["\\]/g, '\\$&')}"` : glob;
}

/**
 * Makes git merge contact files with `pln merge-driver`: a `.gitattributes`
 * line in `dir` for the contacts folder (added once), and in the
 * repository's own config a driver command that survives node or pln
 * moving: it runs the script `pln-merge-driver` in the git folder, which
 * tries the node and CLI of the last `pln sync` (or `pln init --git`), then
 * `pln` on PATH, then `node` on PATH with that CLI. Returns whether
 * `.gitattributes` changed.
 */
export function configureMergeDriver(dir: string, contactsDir: string, cliPath: string, nodePath: string = process.execPath): boolean {
  const line = `${contactsPattern(contactsDir)} merge=pln`;
  const file = path.join(dir, '.gitattributes');
  // Never through a link (a cloned repository may link it to ~/.bashrc): refused by name.
  const current = readOptional(file, { display: '.gitattributes' }) ?? '';
  let changed = false;
  if (!current.split(/\r?\n/).some((l) => l.trim() === line)) {
    const eol = /\r\n/.test(current) ? '\r\n' : '\n';
    const sep = current === '' || current.endsWith('\n') ? '' : eol;
    writeAtomic(file, `${current}${sep}${line}${eol}`, '.gitattributes');
    changed = true;
  }
  writeDriverScript(gitPath(dir, DRIVER_SCRIPT), nodePath, path.resolve(cliPath));
  // git runs the driver through sh, from the top of the working tree, after putting in the (quoted) file names.
  if (configGet(dir, 'merge.pln.driver') !== DRIVER_COMMAND) configSet(dir, 'merge.pln.driver', DRIVER_COMMAND);
  if (configGet(dir, 'merge.pln.name') === null) configSet(dir, 'merge.pln.name', 'pln contact files (log entries and follow-ups from both sides)');
  return changed;
}

const DRIVER_SCRIPT = 'pln-merge-driver';
/** Found through git itself, so it works wherever the repository is (worktrees included). */
const DRIVER_COMMAND = `sh "$(git rev-parse --git-path ${DRIVER_SCRIPT})" %O %A %B %P`;

/** The script the driver command runs; rewritten (atomically) only when it changes. */
export function driverScript(nodePath: string, cliPath: string): string {
  return [
    '#!/bin/sh',
    '# Written by pln (sync, init --git): merges contact files for git. Safe to delete; pln sync writes it again.',
    `node=${shellQuote(nodePath)}`,
    `cli=${shellQuote(cliPath)}`,
    'if [ -x "$node" ] && [ -f "$cli" ]; then exec "$node" "$cli" merge-driver "$@"; fi',
    'if command -v pln >/dev/null 2>&1; then exec pln merge-driver "$@"; fi',
    'if [ -f "$cli" ] && command -v node >/dev/null 2>&1; then exec node "$cli" merge-driver "$@"; fi',
    'echo "pln merge driver: pln is not on PATH and $cli is gone; run pln sync to merge, or put pln on PATH" >&2',
    'exit 1',
    '',
  ].join('\n');
}

function writeDriverScript(file: string, nodePath: string, cliPath: string): void {
  const text = driverScript(nodePath, cliPath);
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    // Not there yet.
  }
  replaceWhole(file, text, { mode: 0o755 });
}
