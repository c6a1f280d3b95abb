/** Folder → parsed contacts → index. Bad files are reported and left out, never fatal. */
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Config, Contact, Problem } from '../domain/contact.js';
import { fold } from '../domain/text.js';
import { parseContact, type ParseResult } from '../file/parse.js';
import { RACY_MS, type LoadedFile, type NetworkCache, type Tier } from './cache.js';
import { parseConfig, CONFIG_FILE } from './config.js';
import { MAX_CONFIG_BYTES } from './bounded.js';
import { listContactFiles, readContactText, readOptional, type FileEntry, type FolderListing } from './folder.js';

export type Settings = { config: Config; problems: Problem[] };

/**
 * Reads `pln.yml` of a network. With the cache, settings parsed from the
 * very same text by an earlier run are taken from it, which spares loading
 * the YAML parser.
 */
export function readSettings(dir: string, cache: NetworkCache | null): Settings {
  const text = readOptional(path.join(dir, CONFIG_FILE), { display: CONFIG_FILE, max: MAX_CONFIG_BYTES, linksInside: dir });
  if (!cache) return parseConfig(text);
  const cached = cache.cachedSettings(text);
  if (cached !== undefined) {
    const revived = reviveSettings(cached);
    if (revived) return revived;
  }
  const settings = parseConfig(text);
  // Kept only when it survives the trip through JSON unchanged (else nothing is kept).
  const stored = JSON.parse(JSON.stringify(settings)) as unknown;
  cache.rememberSettings(text, isDeepStrictEqual(reviveSettings(stored), settings) ? stored : null);
  return settings;
}

/** Settings as read back from JSON: `cadence_by_tag` is a map without prototype again. */
function reviveSettings(value: unknown): Settings | null {
  const v = value as Settings;
  if (typeof v !== 'object' || v === null || typeof v.config !== 'object' || v.config === null || !Array.isArray(v.problems)) return null;
  const byTag = v.config.cadenceByTag;
  if (typeof byTag !== 'object' || byTag === null) return null;
  const cadenceByTag = Object.assign(Object.create(null) as Config['cadenceByTag'], byTag);
  return { config: { ...v.config, cadenceByTag }, problems: v.problems.map((p) => ({ ...p })) };
}

/** Parses one listed file (`lean`: see ParseOptions). */
export function parseEntry(entry: FileEntry, lean = false): ParseResult {
  const skipped = (): ParseResult => ({ contact: null, problems: [{ file: entry.rel, line: 0, message: entry.skip!, severity: 'error' }] });
  if (entry.skip) return skipped();
  let text: string | null;
  try {
    text = readContactText(entry);
  } catch (err) {
    return { contact: null, problems: [{ file: entry.rel, line: 0, message: `cannot read (${(err as NodeJS.ErrnoException).code})`, severity: 'error' }] };
  }
  // Listed without stat, and found too large when opened.
  if (entry.skip) return skipped();
  if (text === null) {
    return { contact: null, problems: [{ file: entry.rel, line: 0, message: 'not valid UTF-8 text; save it as UTF-8', severity: 'error' }] };
  }
  return parseContact(text, { file: entry.rel, slug: entry.slug, lean });
}

/** The contacts and problems of a network's files; with the cache, also what was listed and when. */
export interface Collected {
  contacts: Contact[];
  problems: Problem[];
  entries: FileEntry[] | null;
  startedAt: number;
}

/**
 * Reads every contact file of the network (through the cache when given:
 * contacts then have their core fields only, see cache.ts) and keeps one
 * contact per slug.
 */
export function collectNetwork(dir: string, settings: Settings, cache: NetworkCache | null, wanted: readonly Tier[] = []): Collected {
  // Taken before anything is read: a file changed after this is never trusted from the cache.
  const startedAt = Date.now();
  const { config } = settings;
  const problems = [...settings.problems];
  let loaded: LoadedFile[];
  let listed: FileEntry[] | null = null;
  if (cache) {
    const folders: FolderListing[] = [];
    // With no cached file to compare with, every file is read: its stats come from the open file.
    const stat = cache.readRecords().length > 0;
    const entries = listContactFiles(dir, config.contactsDir, { known: cache.folders(), record: folders, startedAt, racyMs: RACY_MS, stat });
    loaded = cache.loadContacts(entries, folders, startedAt, { parse: parseEntry, slugKey: fold }, wanted);
    // Entries listed without stat got theirs when read.
    listed = entries;
  } else {
    const entries = listContactFiles(dir, config.contactsDir);
    loaded = entries.map((e) => {
      const result = parseEntry(e);
      return { result, slugKey: result.contact ? fold(result.contact.slug) : null };
    });
  }
  const contacts: Contact[] = [];
  const seen = new Map<string, Contact>();
  for (const { result: r, slugKey } of loaded) {
    if (r.problems.length > 0) problems.push(...r.problems);
    const c = r.contact;
    if (!c) continue;
    // Slugs are unique in a network, also across case and Unicode normalisation.
    const key = slugKey!;
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
  return { contacts, problems, entries: listed, startedAt };
}
