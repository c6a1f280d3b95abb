/**
 * Runs the built `pln` as an ordinary user, for tests where permissions
 * matter: root reads everything, so as root the command runs as `nobody`
 * (uid 65534) through `setpriv`; as anyone else it runs as is.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { baseEnv, BIN, type RunResult } from './pln.js';

export const NOBODY = 65534;
export const isRoot = process.getuid?.() === 0;
/** The uid pln runs as in these tests. */
export const runUid = isRoot ? NOBODY : process.getuid!();

/** A folder the test user can enter and write (mkdtemp makes 0700 folders owned by the test runner). */
export function userDir(prefix = 'pln-user-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  if (isRoot) fs.chownSync(dir, NOBODY, NOBODY);
  return dir;
}

/** Makes every file under `dir` belong to the test user (as root), modes left as they are. */
export function giveToUser(dir: string): void {
  if (!isRoot) return;
  fs.chownSync(dir, NOBODY, NOBODY);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) giveToUser(abs);
    else fs.lchownSync(abs, NOBODY, NOBODY);
  }
}

/** Every folder from `/` down to `dir` must be enterable by the test user. */
export function reachable(dir: string): boolean {
  for (let d = dir; ; d = path.dirname(d)) {
    const st = fs.statSync(d);
    if ((st.mode & 0o001) === 0 && st.uid !== runUid) return false;
    if (path.dirname(d) === d) return true;
  }
}

export interface UserRun {
  cwd: string;
  home: string;
  dir?: string;
  env?: Record<string, string | undefined>;
}

/** `pln ARGS` as the test user. */
export function plnAsUser(args: string[], opts: UserRun): RunResult {
  const full = [BIN, ...(opts.dir ? ['--dir', opts.dir] : []), ...args];
  const [cmd, argv] = isRoot ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...full]] : [process.execPath, full];
  const r = spawnSync(cmd, argv, {
    cwd: opts.cwd,
    env: baseEnv({ HOME: opts.home, TMPDIR: opts.home, ...opts.env }),
    input: '',
    encoding: 'utf8',
    timeout: 20_000,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}
