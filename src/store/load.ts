/** Folder → parsed contacts → index. Bad files are reported and left out, never fatal. */
import * as path from 'node:path';
import type { Config, Contact, Problem } from '../domain/contact.js';
import { fold } from '../domain/text.js';
import { parseContact, type ParseResult } from '../file/parse.js';
import { buildNetwork, type Network } from '../index/network.js';
import { parseConfig, CONFIG_FILE } from './config.js';
import { listContactFiles, readOptional, readText, type FileEntry } from './folder.js';

export interface LoadOptions {
  dir: string;
  /** Read and write the machine-local cache under `.pln/` (default true). */
  cache?: boolean;
}

/** Reads `pln.yml` of a network. */
export function loadConfig(dir: string): { config: Config; problems: Problem[] } {
  return parseConfig(readOptional(path.join(dir, CONFIG_FILE)));
}

/** Parses one listed file (no cache). */
export function parseEntry(entry: FileEntry): ParseResult {
  if (entry.skip) return { contact: null, problems: [{ file: entry.rel, line: 0, message: entry.skip, severity: 'error' }] };
  let text: string | null;
  try {
    text = readText(entry.abs).text;
  } catch (err) {
    return { contact: null, problems: [{ file: entry.rel, line: 0, message: `cannot read (${(err as NodeJS.ErrnoException).code})`, severity: 'error' }] };
  }
  if (text === null) {
    return { contact: null, problems: [{ file: entry.rel, line: 0, message: 'not valid UTF-8 text; save it as UTF-8', severity: 'error' }] };
  }
  return parseContact(text, { file: entry.rel, slug: entry.slug });
}

/** Pluggable per-file reader, so a cache can answer for unchanged files. */
export type EntryReader = (entries: FileEntry[], dir: string) => ParseResult[];

let reader: EntryReader = (entries) => entries.map(parseEntry);

/** Installs a reader (the cache module does this). */
export function setEntryReader(r: EntryReader): void {
  reader = r;
}

/** Reads the whole network. */
export function loadNetwork(opts: LoadOptions): Network {
  const { config, problems } = loadConfig(opts.dir);
  const entries = listContactFiles(opts.dir, config.contactsDir);
  const results = reader(entries, opts.dir);
  const contacts: Contact[] = [];
  const seen = new Map<string, Contact>();
  for (const r of results) {
    problems.push(...r.problems);
    const c = r.contact;
    if (!c) continue;
    // Slugs are unique in a network, also across case and Unicode normalisation.
    const key = fold(c.slug);
    const first = seen.get(key);
    if (first) {
      problems.push({
        file: c.file,
        line: 0,
        message: `duplicate slug "${c.slug}" (also ${first.file}); rename one of the files`,
        severity: 'error',
      });
      continue;
    }
    seen.set(key, c);
    contacts.push(c);
  }
  return buildNetwork(opts.dir, config, contacts, problems);
}
