/**
 * The git merge driver for contact files (`pln merge-driver %O %A %B %P`).
 *
 * git hands us three temporary files: the common version (%O), ours (%A) and
 * theirs (%B). We leave the result in %A and exit 0 when it merged cleanly;
 * otherwise we leave ours with conflict markers around the clashing parts
 * and exit 1, so git reports the file as conflicted, as it would itself.
 */
import * as fs from 'node:fs';
import { mergeContactFiles } from './merge.js';
import { replaceWhole } from '../store/files.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Merges the three versions git passes; writes the result into `oursPath`; returns the exit code. */
export function runMergeDriver(basePath: string, oursPath: string, theirsPath: string): number {
  let texts: [string, string, string];
  try {
    texts = [read(basePath), read(oursPath), read(theirsPath)];
  } catch {
    // Unreadable or not UTF-8 text: leave ours as it is and let git call it a conflict.
    return 1;
  }
  try {
    const result = mergeContactFiles(...texts);
    if (result.text !== texts[1]) replaceWhole(oursPath, result.text);
    return result.conflicts.length === 0 ? 0 : 1;
  } catch {
    // A failure of ours must read as a conflict to git, never as a clean merge.
    return 1;
  }
}

function read(file: string): string {
  return utf8.decode(fs.readFileSync(file));
}
