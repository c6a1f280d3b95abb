/** `pln config get|set|unset|list`: read or change `pln.yml`, one key at a time, with the smallest edit. */
import type { Command } from 'commander';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { parseCadence, CADENCE_HINT } from '../../domain/cadence.js';
import type { Config } from '../../domain/contact.js';
import { PlnError, usageError } from '../../domain/errors.js';
import { editDistance } from '../../domain/text.js';
import { getSetting, setSetting, unsetSetting, type SettingPath, type SettingValue } from '../../file/config-edit.js';
import { buildNetwork } from '../../index/network.js';
import { CONFIG_FILE, CONFIG_KEYS, EMAIL_RE, parseConfig } from '../../store/config.js';
import { SAFE_FOLDER_HINT, unsafeFolderReason } from '../../store/safe-path.js';
import { createFile, readOptional, requireNetwork, updateFile } from '../../store/folder.js';
import type { App } from '../app.js';
import { unifiedDiff } from '../diff.js';
import { collectList, oneOf } from '../options.js';
import { clean, table, type Column } from '../render.js';
import { autocommit } from '../change.js';

const ACTIONS = ['get', 'set', 'unset', 'list'] as const;

/** What `pln config set` accepts for each key, shown in errors and completion. */
export const SETTING_HINTS: Record<(typeof CONFIG_KEYS)[number], string> = {
  contacts_dir: 'a folder inside the network, e.g. contacts or people/work',
  default_cadence: CADENCE_HINT,
  autocommit: 'true or false',
  owner: 'your name, e.g. "Ada Lovelace"',
  cadence_by_tag: 'set one tag at a time: cadence_by_tag.TAG CADENCE, e.g. cadence_by_tag.mentor 30d',
  goals: 'comma-separated topics, e.g. "rust, public speaking"',
  owner_emails: 'your own addresses, comma-separated, e.g. "ada@example.com, ada@work.example"',
  capture: 'set one key at a time: capture.sources "~/Mail/INBOX, ~/.calendars/work" or capture.subjects false',
};

/** Keys inside `capture:`. */
const CAPTURE_KEYS = ['sources', 'subjects'];

interface ConfigOptions {
  json?: boolean;
  dryRun?: boolean;
}

/** Registers `pln config [get|set|unset|list] [KEY] [VALUE]`. */
export function register(program: Command, app: App): void {
  program
    .command('config')
    .argument('[action]', 'get, set, unset or list (default: list)')
    .argument('[key]', `a setting: ${CONFIG_KEYS.join(', ')}, or cadence_by_tag.TAG`)
    .argument('[value...]', 'the new value (for set; lists are comma-separated)')
    .description('read or change the settings in pln.yml, one key at a time')
    .option('--json', 'print JSON (get and list)')
    .option('-n, --dry-run', 'show the change to pln.yml, write nothing (set and unset)')
    .addHelpText(
      'after',
      `
Actions:
  get KEY          print the value written in pln.yml; exit 1 when it is not set
  set KEY VALUE    validate and write one setting
  unset KEY        remove one setting (back to its default)
  list             every setting with its value and where it comes from

Examples:
  pln config list
  pln config get default_cadence
  pln config set default_cadence 60d
  pln config set cadence_by_tag.mentor 30d
  pln config set goals "rust, public speaking"
  pln config unset owner

See also: pln help config`,
    )
    .action(async (action: string | undefined, key: string | undefined, value: string[], opts: ConfigOptions) => {
      const act = oneOf('ACTION', action ?? 'list', ACTIONS);
      if (act === 'list') {
        if (key !== undefined) throw usageError('pln config list takes no KEY (try pln config get KEY)');
        return listSettings(app, opts);
      }
      if (key === undefined) throw usageError(`missing KEY: pln config ${act} KEY${act === 'set' ? ' VALUE' : ''}`);
      if (act === 'get') {
        if (value.length > 0) throw usageError('pln config get takes one KEY (to change it: pln config set KEY VALUE)');
        return getOne(app, key, opts);
      }
      const setting = settingPath(key);
      if (act === 'unset') {
        if (value.length > 0) throw usageError('pln config unset takes one KEY');
        return writeConfig(app, (t) => unsetSetting(t, setting), `unset ${key}`, opts, `Removed ${key} from ${CONFIG_FILE}.`);
      }
      if (value.length === 0) throw usageError(`missing VALUE: pln config set ${key} VALUE (${hintFor(setting)})`);
      const checked = checkSetting(setting, value.join(' '));
      const shown = Array.isArray(checked) ? checked.join(', ') : checked;
      await writeConfig(
        app,
        (t) => setSetting(t, setting, checked, { verbatim: setting[0] === 'autocommit' || setting[1] === 'subjects' }),
        `set ${key}`,
        opts,
        `Set ${key} = ${clean(shown)} in ${CONFIG_FILE}.`,
      );
      if (setting[0] === 'contacts_dir' && !opts.dryRun) {
        if (!fs.existsSync(path.join(app.location().dir, checked as string))) app.warn(`${checked} does not exist yet; pln sees no contacts until it does`);
      }
    });
}

/** `cadence_by_tag.mentor` → ['cadence_by_tag', 'mentor']; a usage error for unknown keys. */
export function settingPath(key: string): SettingPath {
  const dot = key.indexOf('.');
  const top = dot < 0 ? key : key.slice(0, dot);
  if (!(CONFIG_KEYS as readonly string[]).includes(top)) {
    const near = CONFIG_KEYS.map((k) => ({ k, d: editDistance(top, k, 3) })).sort((a, b) => a.d - b.d)[0]!;
    const hint = near.d <= 3 ? ` (did you mean ${near.k}?)` : '';
    throw usageError(`"${clean(key)}" is not a setting${hint}; settings: ${CONFIG_KEYS.join(', ')}, cadence_by_tag.TAG`);
  }
  if (top === 'cadence_by_tag') {
    const tag =
      dot < 0
        ? ''
        : key
            .slice(dot + 1)
            .trim()
            .replace(/^#/, '');
    if (tag === '') throw usageError(`cadence_by_tag is set one tag at a time: pln config set cadence_by_tag.TAG CADENCE (e.g. cadence_by_tag.mentor 30d)`);
    return ['cadence_by_tag', tag];
  }
  if (top === 'capture') {
    const sub = dot < 0 ? '' : key.slice(dot + 1).trim();
    if (!CAPTURE_KEYS.includes(sub)) throw usageError(`capture is set one key at a time: ${CAPTURE_KEYS.map((k) => `capture.${k}`).join(' or ')}`);
    return ['capture', sub];
  }
  if (dot >= 0) throw usageError(`${top} has no keys inside it; use pln config set ${top} VALUE`);
  return [top];
}

function hintFor(setting: SettingPath): string {
  if (setting[0] === 'capture') return SETTING_HINTS.capture;
  return setting.length === 2 ? CADENCE_HINT : SETTING_HINTS[setting[0] as keyof typeof SETTING_HINTS];
}

/** Validates a value for a setting, as pln.yml's reader would accept it; lists become arrays. */
export function checkSetting(setting: SettingPath, raw: string): string | string[] {
  const value = raw.trim();
  const name = setting.join('.');
  if (value === '') throw usageError(`${name} needs a value (${hintFor(setting)}); to remove it: pln config unset ${name}`);
  if (/[\r\n]/.test(value)) throw usageError(`${name} must be one line`);
  if (setting[0] === 'capture') {
    if (setting[1] === 'sources') {
      const list = collectList(value);
      if (list.length === 0) throw usageError('capture.sources needs at least one path');
      return list;
    }
    const v = value.toLowerCase();
    if (['true', 'yes', 'on'].includes(v)) return 'true';
    if (['false', 'no', 'off'].includes(v)) return 'false';
    throw usageError(`capture.subjects must be true or false (got "${clean(value)}")`);
  }
  if (setting.length === 2) {
    if (!parseCadence(value)) throw usageError(`${name}: "${clean(value)}" is not a duration (${CADENCE_HINT})`);
    return value;
  }
  switch (setting[0]) {
    case 'contacts_dir': {
      const dir = value.replace(/\\/g, '/').replace(/\/+$/, '');
      const why = dir === '' || /^[A-Za-z]:/.test(dir) ? 'is not a folder inside the network' : unsafeFolderReason(dir);
      if (why !== null) throw usageError(`contacts_dir must be a folder inside the network: "${clean(value)}" ${why} (${SAFE_FOLDER_HINT})`);
      return dir;
    }
    case 'default_cadence':
      if (!parseCadence(value)) throw usageError(`default_cadence: "${clean(value)}" is not a duration (${CADENCE_HINT})`);
      return value;
    case 'autocommit': {
      const v = value.toLowerCase();
      if (['true', 'yes', 'on'].includes(v)) return 'true';
      if (['false', 'no', 'off'].includes(v)) return 'false';
      throw usageError(`autocommit must be true or false (got "${clean(value)}")`);
    }
    case 'owner_emails': {
      const list = collectList(value);
      const bad = list.find((e) => !EMAIL_RE.test(e));
      if (list.length === 0 || bad !== undefined) throw usageError(`owner_emails: "${clean(bad ?? value)}" is not an email address (${SETTING_HINTS.owner_emails})`);
      return list;
    }
    case 'goals': {
      const goals = collectList(value);
      if (goals.length === 0) throw usageError(`goals needs at least one topic (${SETTING_HINTS.goals})`);
      return goals;
    }
    default:
      return value;
  }
}

/** The network folder and the current text of pln.yml (null when there is none). */
function configFile(app: App): { dir: string; abs: string; text: string | null } {
  const loc = app.location();
  const abs = path.join(loc.dir, CONFIG_FILE);
  const text = readOptional(abs, { display: CONFIG_FILE, linksInside: loc.dir });
  const { config } = parseConfig(text);
  requireNetwork(loc, config.contactsDir);
  return { dir: loc.dir, abs, text };
}

function getOne(app: App, key: string, opts: ConfigOptions): void {
  const { text } = configFile(app);
  const dot = key.indexOf('.');
  // Any key can be read, the user's own included; only known ones can be set.
  const setting: SettingPath = dot > 0 ? [key.slice(0, dot), key.slice(dot + 1)] : [key];
  const value = text === null ? null : getSetting(text, setting);
  if (value === null) {
    const known = (CONFIG_KEYS as readonly string[]).includes(setting[0]);
    const fallback = known && setting.length === 1 ? ` (default: ${describeDefault(setting[0])})` : '';
    throw new PlnError('not-found', `${clean(key)} is not set in ${CONFIG_FILE}${fallback}`);
  }
  if (opts.json) return app.printJson(value);
  app.print(formatValue(value, 'lines'));
}

function describeDefault(key: string): string {
  const d = parseConfig(null).config;
  switch (key) {
    case 'contacts_dir':
      return d.contactsDir;
    case 'default_cadence':
      return d.defaultCadence.text;
    case 'autocommit':
      return String(d.autocommit);
    default:
      return 'none';
  }
}

function formatValue(value: SettingValue, mapStyle: 'lines' | 'inline'): string {
  if (typeof value === 'string') return clean(value);
  if (Array.isArray(value)) return value.map(clean).join(', ');
  const entries = Object.entries(value).map(([k, v]) => `${clean(k)}: ${clean(v)}`);
  return entries.join(mapStyle === 'lines' ? '\n' : ', ');
}

/** Effective settings, snake_case, as scripts see them. */
function settingsJson(config: Config): Record<string, unknown> {
  return {
    contacts_dir: config.contactsDir,
    default_cadence: config.defaultCadence.text,
    autocommit: config.autocommit,
    owner: config.owner,
    cadence_by_tag: Object.fromEntries(Object.entries(config.cadenceByTag).map(([tag, c]) => [tag, c.text])),
    goals: config.goals,
    owner_emails: config.ownerEmails,
    capture: { sources: config.captureSources, subjects: config.captureSubjects },
    topic_aliases: config.topicAliases,
  };
}

function listSettings(app: App, opts: ConfigOptions): void {
  const { text } = configFile(app);
  const { config, problems } = parseConfig(text);
  for (const p of problems) app.warn(`${p.file}:${p.line}: ${clean(p.message)}`);
  const values = settingsJson(config);
  if (opts.json) return app.printJson(values);
  const written = (key: string) => text !== null && getSetting(text, [key]) !== null;
  interface Row {
    key: string;
    value: string;
    source: string;
  }
  const rows: Row[] = [];
  for (const key of CONFIG_KEYS) {
    const source = written(key) ? CONFIG_FILE : 'default';
    if (key === 'cadence_by_tag' && Object.keys(config.cadenceByTag).length > 0) {
      for (const [tag, c] of Object.entries(config.cadenceByTag)) rows.push({ key: `cadence_by_tag.${tag}`, value: c.text, source });
      continue;
    }
    if (key === 'capture') {
      const written = (sub: string) => (text !== null && getSetting(text, ['capture', sub]) !== null ? CONFIG_FILE : 'default');
      rows.push({ key: 'capture.sources', value: clean(config.captureSources.length ? config.captureSources.join(', ') : '(none)'), source: written('sources') });
      rows.push({ key: 'capture.subjects', value: String(config.captureSubjects), source: written('subjects') });
      continue;
    }
    const v = values[key];
    const shown = v === null || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0) ? '(none)' : Array.isArray(v) ? v.join(', ') : String(v);
    rows.push({ key, value: clean(shown), source });
  }
  // Set in the file only (not by pln config set): one row a topic, or none.
  const aliases = Object.entries(config.topicAliases);
  if (aliases.length === 0) rows.push({ key: 'topic_aliases', value: '(none)', source: 'default' });
  for (const [topic, words] of aliases) rows.push({ key: `topic_aliases.${clean(topic)}`, value: clean(words.join(', ')), source: CONFIG_FILE });
  const s = app.styles;
  const columns: Column<Row>[] = [
    { header: 'SETTING', value: (r) => r.key, style: (t) => s.name(t) },
    { header: 'VALUE', value: (r) => r.value, flex: true, min: 10 },
    { header: 'FROM', value: (r) => r.source, style: (t) => s.dim(t) },
  ];
  app.print(table(rows, columns, app.output, s));
}

/** Applies one edit to pln.yml under its lock (or shows it with --dry-run), then autocommits. */
async function writeConfig(app: App, edit: (text: string) => string, action: string, opts: ConfigOptions, done: string): Promise<void> {
  const { dir, abs, text } = configFile(app);
  const checked = (before: string) => {
    const after = edit(before);
    // Never leave a pln.yml that reads worse than before.
    const was = new Set(parseConfig(before).problems.map((p) => p.message));
    const bad = parseConfig(after).problems.find((p) => !was.has(p.message));
    if (bad) throw new PlnError('invalid', `${CONFIG_FILE}: the change would not read back (${bad.message}); not changed`);
    return after;
  };
  if (opts.dryRun) {
    const before = text ?? '';
    const after = checked(before);
    app.print(after === before ? `No change to ${CONFIG_FILE}.` : unifiedDiff(before, after, CONFIG_FILE).trimEnd());
    return;
  }
  let after: string | null;
  if (text === null) {
    after = checked('');
    if (after === '') return app.note(`No change to ${CONFIG_FILE}.`);
    createFile(dir, abs, after, CONFIG_FILE);
  } else {
    after = updateFile({ networkDir: dir, abs, display: CONFIG_FILE }, (t) => checked(t)).after;
    if (after === null) return app.note(`No change to ${CONFIG_FILE}.`);
  }
  app.invalidate();
  const net = buildNetwork(dir, parseConfig(after).config, [], []);
  await autocommit(app, net, [CONFIG_FILE], `config ${action}`);
  app.note(done);
}
