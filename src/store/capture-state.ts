/**
 * When each capture source was last captured, for the default `--since`.
 * Machine-local (the paths are this machine's), so under `.pln/`, never in
 * `pln.yml`: `.pln/capture.json`, `{"sources": {"/abs/path": "YYYY-MM-DD"}}`.
 * A file that is missing or unreadable is as good as empty.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isIsoDate } from '../domain/dates.js';
import { withLock, writeAtomic } from './folder.js';

const FILE = path.join('.pln', 'capture.json');

/** Last capture day of each source, by absolute path. */
export function readCaptureState(networkDir: string): Map<string, string> {
  const out = new Map<string, string>();
  try {
    const st = fs.lstatSync(path.join(networkDir, FILE));
    if (!st.isFile() || st.size > 1024 * 1024) return out;
    const data = JSON.parse(fs.readFileSync(path.join(networkDir, FILE), 'utf8')) as { sources?: Record<string, unknown> };
    for (const [k, v] of Object.entries(data.sources ?? {})) if (typeof v === 'string' && isIsoDate(v)) out.set(k, v);
  } catch {
    // Missing or damaged: no source has been captured yet.
  }
  return out;
}

/** Records `date` as the last capture of these sources (absolute paths). */
export function recordCapture(networkDir: string, sources: string[], date: string): void {
  withLock(networkDir, 'capture.json', () => {
    const state = readCaptureState(networkDir);
    for (const s of sources) state.set(s, date);
    const sorted = Object.fromEntries([...state].sort(([a], [b]) => (a < b ? -1 : 1)));
    writeAtomic(path.join(networkDir, FILE), `${JSON.stringify({ sources: sorted }, null, 2)}\n`, FILE);
  });
}
