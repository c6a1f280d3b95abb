/**
 * The undo journal: the last changes pln made to the network, each with the
 * bytes of every file before it (null for a file it created) and a hash of
 * what it wrote. Every write through updateFile and createFile is recorded
 * here, so every command that writes is undoable without code of its own.
 * Machine-local (`.pln/journal.json`) and bounded: the last MAX_CHANGES
 * changes, at most MAX_BYTES of saved text.
 */
import { crypto } from './builtins.js';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlnError } from '../domain/errors.js';
import { hashText, MAX_FILE_BYTES, observeWrites, readOptional, withLock, writeAtomic } from './folder.js';

export const JOURNAL_PATH = '.pln/journal.json';
export const MAX_CHANGES = 20;
export const MAX_BYTES = 4 * 1024 * 1024;
const LOCK = '.journal';

export interface JournalFile {
  /** Relative to the network, `/`-separated. */
  rel: string;
  /** The text before the change; null when the change created the file. */
  before: string | null;
  /** sha1 of the text the change left. */
  after: string;
}

export interface JournalChange {
  id: string;
  /** When (ISO timestamp) and by which command line. */
  at: string;
  command: string;
  files: JournalFile[];
  /** Set when the saved text would not fit: the change is known but cannot be undone. */
  tooLarge?: boolean;
}

/** The change the writes of this run belong to; one run of pln is one change. Its id is drawn at its first write. */
let current = { id: '', command: '' };

function newId(): string {
  return crypto().randomBytes(6).toString('hex');
}

/** Starts a new change: the writes from here on are recorded, and undone together. */
export function beginChange(command: string): void {
  current = { id: '', command: command.slice(0, 200) };
  observeWrites(recordWrite);
}

/** Changes, oldest first; an unreadable or tampered journal is empty (nothing to undo). */
export function readJournal(networkDir: string): JournalChange[] {
  let text: string | null;
  try {
    const abs = path.join(networkDir, JOURNAL_PATH);
    const st = fs.lstatSync(abs);
    if (!st.isFile() || st.size > 2 * MAX_BYTES) return [];
    text = readOptional(abs, { max: 2 * MAX_BYTES });
  } catch {
    return [];
  }
  if (text === null) return [];
  try {
    const data = JSON.parse(text) as unknown;
    if (!Array.isArray(data)) return [];
    return data.filter(isChange);
  } catch {
    return [];
  }
}

function isChange(x: unknown): x is JournalChange {
  const c = x as JournalChange;
  return (
    typeof c === 'object' &&
    c !== null &&
    typeof c.id === 'string' &&
    typeof c.at === 'string' &&
    typeof c.command === 'string' &&
    Array.isArray(c.files) &&
    c.files.every((f) => typeof f === 'object' && f !== null && safeRel(f.rel) && (f.before === null || typeof f.before === 'string') && typeof f.after === 'string')
  );
}

/** A path inside the network: relative, no `..`, no dot-folder (the journal never restores into .pln or .git). */
export function safeRel(rel: unknown): rel is string {
  if (typeof rel !== 'string' || rel === '' || rel.length > 1000 || rel.includes('\\') || rel.includes('\0')) return false;
  if (path.isAbsolute(rel)) return false;
  return rel.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && !part.startsWith('.'));
}

function writeJournal(networkDir: string, changes: JournalChange[]): void {
  let bytes = 0;
  const kept: JournalChange[] = [];
  // Newest first, until the bounds; older changes fall off.
  for (const c of [...changes].reverse()) {
    if (kept.length >= MAX_CHANGES) break;
    const size = c.files.reduce((n, f) => n + (f.before?.length ?? 0) + f.rel.length + 64, 0);
    if (bytes + size > MAX_BYTES) {
      if (kept.length === 0) kept.push({ ...c, tooLarge: true, files: c.files.map((f) => ({ ...f, before: null })) });
      break;
    }
    bytes += size;
    kept.push(c);
  }
  writeAtomic(path.join(networkDir, JOURNAL_PATH), JSON.stringify(kept.reverse()), JOURNAL_PATH, { networkDir });
}

/**
 * Records that `rel` went from `before` (null: created) to `after`, as part
 * of the current change. Never fails the write it records: when the journal
 * cannot be written, it is emptied, so that undo never undoes an older change
 * in place of this one.
 */
export function recordWrite(networkDir: string, rel: string, before: string | null, after: string): void {
  if (!safeRel(rel)) return;
  try {
    withLock(networkDir, LOCK, () => {
      const changes = readJournal(networkDir);
      let change = changes[changes.length - 1];
      current.id ||= newId();
      if (!change || change.id !== current.id) {
        change = { id: current.id, at: new Date().toISOString(), command: current.command, files: [] };
        changes.push(change);
      }
      const known = change.files.find((f) => f.rel === rel);
      // Written twice in one change: the first `before` is what undo puts back.
      if (known) known.after = hashText(after);
      else change.files.push({ rel, before, after: hashText(after) });
      writeJournal(networkDir, changes);
    });
  } catch {
    try {
      fs.rmSync(path.join(networkDir, JOURNAL_PATH), { force: true });
    } catch {
      // Nothing more to do: the write itself succeeded.
    }
  }
}

/** What undo did (or would do), file by file. */
export interface UndoResult {
  change: JournalChange;
  restored: string[];
  removed: string[];
}

/**
 * Puts back the newest change: each file's bytes as they were, a created
 * file removed. Refuses, naming the file, when a file changed since pln
 * wrote it (an editor, a sync); then nothing is undone. The change leaves
 * the journal, so each change is undone once.
 */
export function undoLast(networkDir: string, opts: { dryRun?: boolean } = {}): UndoResult | null {
  const changes = readJournal(networkDir);
  const change = changes[changes.length - 1];
  if (!change) return null;
  if (change.tooLarge) throw new PlnError('conflict', `the last change (${change.command || 'pln'}) was too large to keep for undo; nothing undone`);
  // Check every file first: all or nothing.
  for (const f of change.files) {
    const abs = path.join(networkDir, f.rel);
    let now: string | null;
    try {
      if (fs.lstatSync(abs).isSymbolicLink()) throw new PlnError('conflict', `${f.rel} is now a symbolic link; nothing undone`);
      now = readOptional(abs, { max: MAX_FILE_BYTES });
    } catch (err) {
      if (err instanceof PlnError) throw err;
      now = null;
    }
    if (now === null) throw new PlnError('conflict', `${f.rel} is gone since pln wrote it; nothing undone`);
    if (hashText(now) !== f.after) {
      throw new PlnError('conflict', `${f.rel} changed since pln wrote it (by hand, or by a sync); nothing undone (edit it by hand, or see git)`);
    }
  }
  const result: UndoResult = { change, restored: [], removed: [] };
  for (const f of change.files) (f.before === null ? result.removed : result.restored).push(f.rel);
  if (opts.dryRun) return result;
  for (const f of [...change.files].reverse()) {
    const abs = path.join(networkDir, f.rel);
    withLock(networkDir, f.rel, () => {
      const now = readOptional(abs, { max: MAX_FILE_BYTES });
      if (now === null || hashText(now) !== f.after) throw new PlnError('conflict', `${f.rel} changed while undoing; try again`);
      if (f.before === null) fs.rmSync(abs);
      else writeAtomic(abs, f.before, f.rel);
    });
  }
  withLock(networkDir, LOCK, () => {
    const now = readJournal(networkDir);
    writeJournal(
      networkDir,
      now.filter((c) => c.id !== change.id),
    );
  });
  return result;
}
