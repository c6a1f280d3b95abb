/**
 * The writes that are not edits of the network's own files: folders made
 * by `init`, the sample copied in, an import undone, the merge driver's
 * script in `.git/` and the file git hands the driver, sync's record of a
 * merge in progress. Contacts, `pln.yml` and everything else of the network
 * are written by folder.ts (locked, atomic, checked); these are here so
 * that every write of pln goes through src/store.
 */
import * as fs from 'node:fs';

/** Makes a folder (and its parents with `recursive`). */
export function makeFolder(abs: string, opts: { recursive?: boolean } = {}): void {
  fs.mkdirSync(abs, { recursive: opts.recursive === true });
}

/** Removes a file; nothing when it is gone already. */
export function removeFile(abs: string): void {
  fs.rmSync(abs, { force: true });
}

/** Copies a file to a path that must not exist yet (never overwrites). */
export function copyNewFile(from: string, to: string): void {
  fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL);
}

/**
 * Replaces a file whole through a temp file in the same folder and one
 * rename (for files outside the network's locks: git's own folder, the
 * file git hands a merge driver).
 */
export function replaceWhole(abs: string, text: string, opts: { mode?: number } = {}): void {
  const tmp = `${abs}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    fs.writeFileSync(tmp, text, { mode: opts.mode ?? 0o644, flag: 'wx' });
    fs.renameSync(tmp, abs);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** Removes a folder and what is in it (a temp folder of pln's own); nothing when it is gone already. */
export function removeTree(abs: string): void {
  fs.rmSync(abs, { recursive: true, force: true });
}
