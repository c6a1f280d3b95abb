/** Reads `pln.yml`: every key optional, every problem reported with its line. */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseCadence, CADENCE_HINT, type Cadence } from '../domain/cadence.js';
import { DEFAULT_CONFIG, type Config, type Problem } from '../domain/contact.js';
import { parseSimpleYaml, parseYaml, resolveAlias, YamlDepthError } from '../file/frontmatter.js';
import type { RawValue } from '../domain/contact.js';
import { SAFE_FOLDER_HINT, unsafeFolderReason } from './safe-path.js';

export const CONFIG_FILE = 'pln.yml';

export const CONFIG_KEYS = ['contacts_dir', 'default_cadence', 'autocommit', 'owner', 'cadence_by_tag', 'goals', 'owner_emails', 'capture'] as const;

/**
 * Parses the text of `pln.yml` (pure). Bad values fall back to defaults, with
 * a problem. A file that the fast frontmatter reader takes and that has no
 * problem is read without the YAML parser (the same result: a test compares
 * the two on every sample); `fast: false` always uses the YAML parser.
 */
export function parseConfig(text: string | null, opts: { fast?: boolean } = {}): { config: Config; problems: Problem[] } {
  const config: Config = { ...DEFAULT_CONFIG, cadenceByTag: Object.create(null), goals: [], ownerEmails: [], captureSources: [] };
  const problems: Problem[] = [];
  if (text === null || text.trim() === '') return { config, problems };
  if (opts.fast !== false) {
    const quick = configFromSimple(text.replace(/^\uFEFF/, ''));
    if (quick) return { config: quick, problems };
  }
  const problem = (line: number, message: string, severity: Problem['severity'] = 'warning') => problems.push({ file: CONFIG_FILE, line, message, severity });
  let parsed;
  try {
    parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    if (err instanceof YamlDepthError) problem(err.line, `a value ${err.message}`);
    else problem(1, (err as Error).message);
    return { config, problems };
  }
  const { doc, lineCounter } = parsed;
  const lineAt = (n: Node | null | undefined) => (n?.range ? lineCounter.linePos(n.range[0]).line : 1);
  if (doc.errors.length > 0) {
    problem(lineCounter.linePos(doc.errors[0]!.pos[0]).line, `invalid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    return { config, problems };
  }
  if (doc.contents === null) return { config, problems };
  if (!isMap(doc.contents)) {
    problem(1, 'pln.yml must be a map of keys');
    return { config, problems };
  }
  const deref = (n: unknown): unknown => resolveAlias(n, doc);
  const scalar = (n: unknown): string | null => {
    const v = deref(n);
    return isScalar(v) && v.value !== null ? String(v.value).trim() : null;
  };
  for (const pair of doc.contents.items) {
    const value = deref(pair.value) as Node | null;
    const view: SettingView = {
      scalar: () => scalar(value),
      list: () => (isSeq(value) ? value.items.map(scalar).filter((s): s is string => s !== null && s !== '') : listOf(scalar(value))),
      entries: () => (isMap(value) ? value.items.map((p) => [scalar(p.key), scalar(p.value), lineAt(p.key as Node)]) : null),
      child: (key) => yamlChild(value, key, scalar, deref, lineAt),
      listEntries: () =>
        isMap(value)
          ? value.items.map((p) => {
              const v = deref(p.value) as Node | null;
              const items = isSeq(v) ? v.items.map(scalar).filter((s): s is string => s !== null && s !== '') : (listOf(scalar(v)) ?? []);
              return [scalar(p.key), items, lineAt(p.key as Node)] as [string | null, string[], number];
            })
          : null,
    };
    applySetting(config, scalar(pair.key), view, lineAt(pair.key as Node), problem);
  }
  return { config, problems };
}

/** A setting's value, as the two readers give it. */
interface SettingView {
  scalar(): string | null;
  list(): string[] | null;
  /** A map's entries: key, value and line; null when the value is not a map. */
  entries(): [string | null, string | null, number][] | null;
  /** A key of a map value (`capture.sources`): its view and line; null when absent or not a map. */
  child(key: string): { view: SettingView; line: number } | null;
  /** A map whose values are lists (or single values): key, items and line; null when not a map. */
  listEntries(): [string | null, string[], number][] | null;
}

function yamlChild(
  value: Node | null,
  key: string,
  scalar: (n: unknown) => string | null,
  deref: (n: unknown) => unknown,
  lineAt: (n: Node | null | undefined) => number,
): { view: SettingView; line: number } | null {
  if (!isMap(value)) return null;
  const pair = value.items.find((p) => scalar(p.key) === key);
  if (!pair) return null;
  const v = deref(pair.value) as Node | null;
  const view: SettingView = {
    scalar: () => scalar(v),
    list: () => (isSeq(v) ? v.items.map(scalar).filter((s): s is string => s !== null && s !== '') : listOf(scalar(v))),
    entries: () => null,
    child: () => null,
    listEntries: () => null,
  };
  return { view, line: lineAt(pair.key as Node) };
}

const listOf = (s: string | null): string[] | null => (s === null ? null : [s]);

/** Loose on purpose: one `@` with something on both sides, no spaces or brackets. */
export const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;

/** Applies one key of `pln.yml` to the settings, or reports why it cannot (the default stays). */
function applySetting(config: Config, key: string | null, value: SettingView, line: number, problem: (line: number, message: string, severity?: Problem['severity']) => void): void {
  switch (key) {
    case 'contacts_dir': {
      const v = value.scalar();
      const why = v ? unsafeFolderReason(v) : 'is empty';
      if (v && why === null) config.contactsDir = v;
      else problem(line, `contacts_dir ${v ? `"${v}" ` : ''}${why}: it must be ${SAFE_FOLDER_HINT}`, 'error');
      break;
    }
    case 'default_cadence': {
      const c = parseCadence(value.scalar() ?? '');
      if (c) config.defaultCadence = c;
      else problem(line, `default_cadence "${value.scalar() ?? ''}" is not a duration (${CADENCE_HINT})`);
      break;
    }
    case 'autocommit': {
      const v = (value.scalar() ?? '').toLowerCase();
      if (['true', 'yes', 'on'].includes(v)) config.autocommit = true;
      else if (['false', 'no', 'off', ''].includes(v)) config.autocommit = false;
      else problem(line, 'autocommit must be true or false');
      break;
    }
    case 'owner':
      config.owner = value.scalar();
      break;
    case 'goals':
      config.goals = value.list() ?? [];
      break;
    case 'owner_emails': {
      const list = value.list() ?? [];
      const bad = list.find((e) => !EMAIL_RE.test(e));
      if (bad !== undefined) problem(line, `owner_emails: "${bad}" is not an email address`);
      config.ownerEmails = list.filter((e) => EMAIL_RE.test(e)).map((e) => e.toLowerCase());
      break;
    }
    case 'capture': {
      if (value.entries() === null && value.scalar() !== null) {
        problem(line, 'capture must be a map: capture.sources (a list) and capture.subjects (true or false)');
        break;
      }
      const sources = value.child('sources');
      if (sources) config.captureSources = sources.view.list() ?? [];
      const subjects = value.child('subjects');
      if (subjects) {
        const v = (subjects.view.scalar() ?? '').toLowerCase();
        if (['true', 'yes', 'on'].includes(v)) config.captureSubjects = true;
        else if (['false', 'no', 'off'].includes(v)) config.captureSubjects = false;
        else problem(subjects.line, 'capture.subjects must be true or false');
      }
      break;
    }
    case 'cadence_by_tag': {
      const entries = value.entries();
      if (entries === null) {
        problem(line, 'cadence_by_tag must be a map of tag: cadence');
        break;
      }
      for (const [tag, text, at] of entries) {
        const cad: Cadence | null = parseCadence(text ?? '');
        if (tag && cad) config.cadenceByTag[tag.toLowerCase()] = cad;
        else problem(at, `cadence_by_tag.${tag}: "${text ?? ''}" is not a duration (${CADENCE_HINT})`);
      }
      break;
    }
    case 'topic_aliases': {
      // `typesetting: [tex, latex]`: words that mean a topic, for pln who and pln topics.
      const entries = value.listEntries();
      if (entries === null) {
        problem(line, 'topic_aliases must be a map of topic: [other words for it]');
        break;
      }
      const aliases: Record<string, string[]> = Object.create(null);
      for (const [topic, words] of entries.slice(0, 500)) if (topic && words.length > 0) aliases[topic] = words.slice(0, 50);
      config.topicAliases = aliases;
      break;
    }
    default:
      // Unknown keys are the user's; they are kept and ignored.
      break;
  }
}

/**
 * The settings of a `pln.yml` simple enough for the fast frontmatter reader
 * and free of problems; null otherwise (the YAML path then reads it, and
 * gives each problem its line).
 */
function configFromSimple(text: string): Config | null {
  const simple = parseSimpleYaml(text, 1);
  if (!simple) return null;
  const config: Config = { ...DEFAULT_CONFIG, cadenceByTag: Object.create(null), goals: [], ownerEmails: [], captureSources: [] };
  const scalar = (v: RawValue | undefined): string | null => (typeof v === 'string' ? v.trim() : null);
  let failed = false;
  for (const key of simple.keys) {
    const value = simple.values[key];
    const view: SettingView = {
      scalar: () => scalar(value),
      list: () => (Array.isArray(value) ? value.map(scalar).filter((s): s is string => s !== null && s !== '') : listOf(scalar(value))),
      entries: () => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).map((k) => [k.trim(), scalar(value[k]), simple.lines[key]!]) : null),
      child: (k) => {
        if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, k)) return null;
        const v = value[k];
        const view: SettingView = {
          scalar: () => scalar(v),
          list: () => (Array.isArray(v) ? v.map(scalar).filter((s): s is string => s !== null && s !== '') : listOf(scalar(v))),
          entries: () => null,
          child: () => null,
          listEntries: () => null,
        };
        return { view, line: simple.lines[key]! };
      },
      listEntries: () =>
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? Object.keys(value).map((k) => {
              const v = value[k];
              const items = Array.isArray(v) ? v.map(scalar).filter((s): s is string => s !== null && s !== '') : (listOf(scalar(v)) ?? []);
              return [k.trim(), items, simple.lines[key]!] as [string | null, string[], number];
            })
          : null,
    };
    applySetting(config, key.trim(), view, simple.lines[key]!, () => (failed = true));
    if (failed) return null;
  }
  return config;
}
