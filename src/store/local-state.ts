/**
 * `.pln/`, the machine-local state of a network (cache, locks, sync notes):
 * always a real folder, never a link or a file someone committed (pln would
 * write through it, outside the network), and holding its own `.gitignore`
 * of `*`, so git ignores it in any repository, whatever the top `.gitignore`
 * says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlnError } from '../domain/errors.js';
import { kindOf } from './bounded.js';

export const LOCAL_STATE_DIR = '.pln';
const IGNORE_ALL = '# Machine-local state of pln: never committed.\n*\n';

const checked = new Set<string>();

/**
 * Throws unless `.pln` in `networkDir` is absent or a real folder. With
 * `create`, makes it (and its `.gitignore`) when absent; a folder pln cannot
 * create (a read-only network) is not an error here. Returns whether the
 * folder is there.
 */
export function ensureLocalState(networkDir: string, opts: { create?: boolean } = {}): boolean {
  const dir = path.join(networkDir, LOCAL_STATE_DIR);
  if (checked.has(dir)) return true;
  let st: fs.Stats | null = null;
  try {
    st = fs.lstatSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: the network itself is not a folder; the caller says so.
    if (code === 'ENOTDIR') return false;
    if (code !== 'ENOENT') throw refused(`cannot be checked (${(err as NodeJS.ErrnoException).code})`);
  }
  if (st !== null && !st.isDirectory()) {
    throw refused(`is ${kindOf(st)}, not a folder; pln keeps its machine-local state there and does not write through it. Remove it (rm ${dir}) and run pln again`);
  }
  if (st === null) {
    if (!opts.create) return false;
    try {
      fs.mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      // Made by another pln in between: check it again.
      return ensureLocalState(networkDir, opts);
    }
  }
  // Its folders too: a repository that tracks `.pln/` could hold `.pln/cache` as a link.
  for (const sub of ['cache', 'locks']) {
    let inner: fs.Stats;
    try {
      inner = fs.lstatSync(path.join(dir, sub));
    } catch {
      continue;
    }
    // A file there only keeps the cache from being written; a link would lead outside.
    if (inner.isSymbolicLink()) throw refused(`${sub} is a symbolic link, not a folder; pln does not write through it. Remove it (rm ${path.join(dir, sub)}) and run pln again`);
  }
  ensureIgnoreFile(dir);
  checked.add(dir);
  return true;
}

function refused(why: string): PlnError {
  return new PlnError('file', `${LOCAL_STATE_DIR}: ${why}`);
}

/** `.pln/.gitignore` with `*`, when missing; made with O_EXCL, so never through a link. */
function ensureIgnoreFile(dir: string): void {
  const file = path.join(dir, '.gitignore');
  try {
    fs.lstatSync(file);
    return;
  } catch {
    // Missing: write it.
  }
  try {
    fs.writeFileSync(file, IGNORE_ALL, { flag: 'wx' });
  } catch {
    // Another pln wrote it, or the folder is read-only: nothing to do.
  }
}
