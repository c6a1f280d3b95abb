/**
 * Test vocabulary: build a network in a temp folder, run the built `pln`
 * binary against it, and compare files byte for byte.
 */
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin', 'pln.cjs');
export const TODAY = '2026-11-29';

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface RunOptions {
  dir?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
  timeout?: number;
}

/** Environment for every run: pinned date, no colour, no user network, no editor. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PLN_TODAY: TODAY, NO_COLOR: '1', HOME: os.tmpdir() };
  for (const k of ['PLN_DIR', 'FORCE_COLOR', 'VISUAL', 'EDITOR', 'PAGER', 'PLN_NO_CACHE', 'XDG_CACHE_HOME']) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Runs `pln ARGS` (with `--dir` when given) and returns what it printed and its exit code. */
export function pln(args: string[], opts: RunOptions = {}): RunResult {
  const full = opts.dir ? ['--dir', opts.dir, ...args] : args;
  const r = spawnSync(process.execPath, [BIN, ...full], {
    cwd: opts.cwd ?? opts.dir ?? ROOT,
    env: baseEnv(opts.env),
    input: opts.input ?? '',
    encoding: 'utf8',
    timeout: opts.timeout ?? 20_000,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** Like `pln`, but asynchronous, for running many at once. */
export function plnAsync(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const full = opts.dir ? ['--dir', opts.dir, ...args] : args;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...full], { cwd: opts.cwd ?? opts.dir ?? ROOT, env: baseEnv(opts.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Parses stdout as JSON, failing the test with the output when it is not. */
export function jsonOf<T = unknown>(r: RunResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${r.code}):\n${r.stdout}\nstderr:\n${r.stderr}`);
  }
}

const temps: string[] = [];

/** A temp folder, removed when the test process exits. */
export function tempDir(prefix = 'pln-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

process.on('exit', () => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * A network folder holding `files` (path → content, relative to the network;
 * contact files usually under `contacts/`). Adds an empty `pln.yml` unless given.
 */
export function network(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  if (!('pln.yml' in files)) fs.writeFileSync(path.join(dir, 'pln.yml'), '');
  fs.mkdirSync(path.join(dir, 'contacts'), { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

/** A minimal contact file. */
export function contact(front: string, body = ''): string {
  return `---\n${front.trim()}\n---\n${body}`;
}

export function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

/** sha1 of every file under `dir` (dot-folders like .pln and .git excluded), by relative path. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.pln' || e.name === '.git') continue;
      const abs = path.join(d, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isSymbolicLink()) out[path.relative(dir, abs)] = `link:${fs.readlinkSync(abs)}`;
      else out[path.relative(dir, abs)] = createHash('sha1').update(fs.readFileSync(abs)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Asserts `after` is `before` with exactly one line inserted; returns that line. */
export function oneLineAdded(before: string, after: string): string {
  const b = before.split('\n');
  const a = after.split('\n');
  if (a.length !== b.length + 1) throw new Error(`expected one line added, got ${a.length - b.length}:\n${after}`);
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  if (a.slice(i + 1).join('\n') !== b.slice(i).join('\n')) throw new Error(`more than one line changed:\n--- before\n${before}\n--- after\n${after}`);
  return a[i]!;
}
