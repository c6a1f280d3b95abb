/**
 * The write path shared by every command that changes a file: re-read under
 * the lock, refuse files with problems, apply the text edit, check the result
 * still parses, write atomically (or print the diff with --dry-run), then
 * autocommit when configured.
 */
import * as path from 'node:path';
import type { Contact } from '../domain/contact.js';
import { PlnError } from '../domain/errors.js';
import { parseContact } from '../file/parse.js';
import { createFile, readForUpdate, readText, updateFile } from '../store/folder.js';
import type { Network } from '../index/network.js';
import type { App } from './app.js';
import { unifiedDiff } from './diff.js';
import { clean } from './render.js';

export interface WriteOptions {
  dryRun?: boolean;
  /** Commit message for autocommit ("log ada-lovelace"). */
  action: string;
}

/** Throws when the text cannot be safely written back (the parser found an error). */
export function assertWritable(text: string, file: string, slug: string): void {
  const { problems } = parseContact(text, { file, slug });
  const err = problems.find((p) => p.severity === 'error');
  if (err) throw new PlnError('file', `${file}${err.line > 0 ? `:${err.line}` : ''}: ${clean(err.message)}; not changed (fix it, see pln doctor)`);
}

/** `edit` with its checks: the file parses before, the edit applies, and the result still parses. */
function guardedEdit(c: Contact, edit: (text: string) => string): (text: string) => string {
  return (text: string) => {
    assertWritable(text, c.file, c.slug);
    let after: string;
    try {
      after = edit(text);
    } catch (err) {
      // Edit messages leave the file out; say which file it was.
      if (err instanceof PlnError) throw new PlnError(err.kind, `${c.file}: ${err.message}; not changed`, err.details);
      throw err;
    }
    if (after !== text) {
      // Never write a file we could not read back.
      const { contact, problems } = parseContact(after, { file: c.file, slug: c.slug });
      if (!contact || problems.some((p) => p.severity === 'error')) {
        throw new PlnError('file', `${c.file}: the change would leave the file unreadable; not changed`);
      }
    }
    return after;
  };
}

/**
 * Throws, before anything is written, the error changeContact would meet on
 * any of `people` (a read-only or unreadable file, one that does not parse,
 * an edit that does not apply): a command that changes several files changes
 * all of them or none.
 */
export function assertChangeable(app: App, people: readonly Contact[], edit: (text: string) => string): void {
  const net = app.network({ tiers: [] });
  for (const c of people) {
    const text = readForUpdate({ networkDir: net.dir, abs: path.join(net.dir, c.file), display: c.file });
    guardedEdit(c, edit)(text);
  }
}

/**
 * Applies `edit` to a contact's file. Returns the new text, or null when the
 * edit changed nothing.
 */
export async function changeContact(app: App, c: Contact, edit: (text: string) => string, opts: WriteOptions): Promise<string | null> {
  const net = app.network({ tiers: [] });
  const abs = path.join(net.dir, c.file);
  const guarded = guardedEdit(c, edit);
  if (opts.dryRun) {
    const before = readText(abs, c.file).text ?? '';
    const after = guarded(before);
    app.print(after === before ? `No change to ${c.file}.` : unifiedDiff(before, after, c.file).trimEnd());
    return null;
  }
  const { after } = updateFile({ networkDir: net.dir, abs, display: c.file }, guarded);
  if (after !== null) {
    app.invalidate();
    await autocommit(app, net, [c.file], opts.action);
  }
  return after;
}

/** Creates a new file in the network (never overwriting). */
export async function createInNetwork(app: App, rel: string, text: string, opts: WriteOptions): Promise<void> {
  const net = app.network({ tiers: [] });
  if (opts.dryRun) {
    app.print(unifiedDiff('', text, rel).trimEnd());
    return;
  }
  createFile(net.dir, path.join(net.dir, rel), text, rel);
  app.invalidate();
  await autocommit(app, net, [rel], opts.action);
}

/** Commits written files when `autocommit: true`; warns, never fails. */
export async function autocommit(app: App, net: Network, files: string[], action: string): Promise<void> {
  if (!net.config.autocommit) return;
  try {
    const { autocommit: commit } = await import('../sync/sync.js');
    const warning = commit(net.dir, files, `pln: ${action}`);
    if (warning) app.warn(`autocommit: ${warning}`);
  } catch (err) {
    app.warn(`autocommit: ${(err as Error).message}`);
  }
}
