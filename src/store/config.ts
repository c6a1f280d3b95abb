/** Reads `pln.yml`: every key optional, every problem reported with its line. */
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { parseCadence, CADENCE_HINT, type Cadence } from '../domain/cadence.js';
import { DEFAULT_CONFIG, type Config, type Problem } from '../domain/contact.js';
import { parseSimpleYaml, parseYaml } from '../file/frontmatter.js';
import type { RawValue } from '../domain/contact.js';

export const CONFIG_FILE = 'pln.yml';

export const CONFIG_KEYS = ['contacts_dir', 'default_cadence', 'autocommit', 'owner', 'cadence_by_tag', 'goals'] as const;

/**
 * Parses the text of `pln.yml` (pure). Bad values fall back to defaults, with
 * a problem. A file that the fast frontmatter reader takes and that has no
 * problem is read without the YAML parser (the same result: a test compares
 * the two on every sample); `fast: false` always uses the YAML parser.
 */
export function parseConfig(text: string | null, opts: { fast?: boolean } = {}): { config: Config; problems: Problem[] } {
  const config: Config = { ...DEFAULT_CONFIG, cadenceByTag: Object.create(null), goals: [] };
  const problems: Problem[] = [];
  if (text === null || text.trim() === '') return { config, problems };
  if (opts.fast !== false) {
    const quick = configFromSimple(text.replace(/^\uFEFF/, ''));
    if (quick) return { config: quick, problems };
  }
  const problem = (line: number, message: string) => problems.push({ file: CONFIG_FILE, line, message, severity: 'warning' });
  let parsed;
  try {
    parsed = parseYaml(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    problem(1, (err as Error).message);
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
  const scalar = (n: unknown): string | null => (isScalar(n) && n.value !== null ? String(n.value).trim() : null);
  const list = (n: unknown): string[] | null => {
    if (isSeq(n)) return n.items.map(scalar).filter((s): s is string => s !== null && s !== '');
    const s = scalar(n);
    return s === null ? null : [s];
  };
  for (const pair of doc.contents.items) {
    const key = scalar(pair.key);
    const value = pair.value as Node | null;
    const line = lineAt(pair.key as Node);
    switch (key) {
      case 'contacts_dir': {
        const v = scalar(value);
        if (v && !v.split(/[\\/]/).includes('..') && !v.startsWith('/')) config.contactsDir = v;
        else problem(line, 'contacts_dir must be a folder inside the network');
        break;
      }
      case 'default_cadence': {
        const c = parseCadence(scalar(value) ?? '');
        if (c) config.defaultCadence = c;
        else problem(line, `default_cadence "${scalar(value) ?? ''}" is not a duration (${CADENCE_HINT})`);
        break;
      }
      case 'autocommit': {
        const v = (scalar(value) ?? '').toLowerCase();
        if (['true', 'yes', 'on'].includes(v)) config.autocommit = true;
        else if (['false', 'no', 'off', ''].includes(v)) config.autocommit = false;
        else problem(line, 'autocommit must be true or false');
        break;
      }
      case 'owner':
        config.owner = scalar(value);
        break;
      case 'goals':
        config.goals = list(value) ?? [];
        break;
      case 'cadence_by_tag': {
        if (!isMap(value)) {
          problem(line, 'cadence_by_tag must be a map of tag: cadence');
          break;
        }
        for (const p of value.items) {
          const tag = scalar(p.key);
          const cad: Cadence | null = parseCadence(scalar(p.value) ?? '');
          if (tag && cad) config.cadenceByTag[tag.toLowerCase()] = cad;
          else problem(lineAt(p.key as Node), `cadence_by_tag.${tag}: "${scalar(p.value) ?? ''}" is not a duration (${CADENCE_HINT})`);
        }
        break;
      }
      default:
        // Unknown keys are the user's; they are kept and ignored.
        break;
    }
  }
  return { config, problems };
}

/**
 * The settings of a `pln.yml` simple enough for the fast frontmatter reader
 * and free of problems, as the YAML path reads them; null otherwise (the
 * YAML path then reads it, and gives each problem its line).
 */
function configFromSimple(text: string): Config | null {
  const simple = parseSimpleYaml(text, 1);
  if (!simple) return null;
  const config: Config = { ...DEFAULT_CONFIG, cadenceByTag: Object.create(null), goals: [] };
  const scalar = (v: RawValue | undefined): string | null => (typeof v === 'string' ? v.trim() : null);
  const list = (v: RawValue | undefined): string[] | null => {
    if (Array.isArray(v)) return v.map(scalar).filter((s): s is string => s !== null && s !== '');
    const s = scalar(v);
    return s === null ? null : [s];
  };
  for (const key of simple.keys) {
    const value = simple.values[key];
    switch (key.trim()) {
      case 'contacts_dir': {
        const v = scalar(value);
        if (!v || v.split(/[\\/]/).includes('..') || v.startsWith('/')) return null;
        config.contactsDir = v;
        break;
      }
      case 'default_cadence': {
        const c = parseCadence(scalar(value) ?? '');
        if (!c) return null;
        config.defaultCadence = c;
        break;
      }
      case 'autocommit': {
        const v = (scalar(value) ?? '').toLowerCase();
        if (['true', 'yes', 'on'].includes(v)) config.autocommit = true;
        else if (['false', 'no', 'off', ''].includes(v)) config.autocommit = false;
        else return null;
        break;
      }
      case 'owner':
        config.owner = scalar(value);
        break;
      case 'goals':
        config.goals = list(value) ?? [];
        break;
      case 'cadence_by_tag': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
        for (const tag of Object.keys(value)) {
          const cad = parseCadence(scalar(value[tag]) ?? '');
          if (!tag.trim() || !cad) return null;
          config.cadenceByTag[tag.trim().toLowerCase()] = cad;
        }
        break;
      }
      default:
        break;
    }
  }
  return config;
}
