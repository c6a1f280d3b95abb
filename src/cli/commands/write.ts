/** Commands that change a contact: log, followup, done, tag, untag, set, unset. */
import type { Command } from 'commander';
import { parseCadence, CADENCE_HINT } from '../../domain/cadence.js';
import { CONTACT_KEYS, type Contact } from '../../domain/contact.js';
import { dateError, dayLabel, isIsoDate, parseFutureDate, parsePastDate } from '../../domain/dates.js';
import { PlnError, usageError } from '../../domain/errors.js';
import {
  addListItems,
  followUpTextProblem,
  insertFollowUp,
  insertLogEntry,
  insertNote,
  snoozeUntil,
  splitLogKind,
  markFollowUpDone,
  removeListItems,
  setKey,
  setMapEntry,
  unsetKey,
} from '../../file/edit.js';
import { fold } from '../../domain/text.js';
import { resolveWho } from '../../index/network.js';
import { slugRef } from '../../file/parse.js';
import type { App } from '../app.js';
import { collectList } from '../options.js';
import { clean } from '../render.js';
import { showRecord } from '../../index/queries.js';
import { assertChangeable, autocommit, changeContact } from '../change.js';
import { nearestWord, warnNearTags } from '../near.js';

/** Keys whose values are lists: `pln set WHO tags a,b`. */
export const LIST_KEYS = new Set(['aliases', 'tags', 'expertise', 'knows', 'past_companies']);
const KEY_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
const KNOWN_KEYS: readonly string[] = [...CONTACT_KEYS, 'links', 'met'];

interface DryRun {
  dryRun?: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('log')
    .argument('<who>', 'the person, or several: ada,grace')
    .argument('[text...]', 'what happened (none: print the whole log)')
    .description('record an interaction in ## Log (with no text: print the log)')
    .option('--date <date>', 'when: YYYY-MM-DD, today, yesterday, 3d ago, last week, jan 15, or a weekday name', 'today')
    .option('-k, --kind <kind>', 'one word: call, coffee, email, meeting, gave, got, ...')
    .option('--gave', 'you helped them (kind "gave")')
    .option('--got', 'they helped you (kind "got")')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  pln log ada "coffee: talked about compiler internships #career"\n  pln log ada,grace "meeting: planned the reading group"\n  pln log grace --kind call --date yesterday "reviewed her RFC draft"\n  pln log ada --gave "sent my notes on the borrow checker"',
    )
    .option('--json', 'with no text: print the log as JSON')
    .action(async (who: string, words: string[], opts: { date: string; kind?: string; gave?: boolean; got?: boolean; json?: boolean } & DryRun, cmd: Command) => {
      const today = app.today;
      // `pln log ada` with nothing to record reads the log, as `git log` does; empty
      // text, or an option about an entry with no text, is an entry left unwritten.
      const entryOption = ['date', 'kind', 'gave', 'got', 'dryRun'].some((o) => cmd.getOptionValueSource(o) === 'cli');
      if (words.length === 0 && !entryOption) return printLog(app, who, opts.json);
      let text = oneLine(words.join(' '), 'log text');
      const date = parsePastDate(opts.date, today);
      if (date === null) throw dateError('--date', opts.date, today, 'past');
      if (date > today) throw usageError(`--date ${date} is in the future; a log records what happened (use pln followup for plans)`);
      if (opts.gave && opts.got) throw usageError('--gave and --got cannot both be given');
      let kind = opts.gave ? 'gave' : opts.got ? 'got' : (opts.kind?.trim().toLowerCase() ?? null);
      if (kind !== null && !/^[\p{L}\p{N}_-]+$/u.test(kind)) throw usageError(`--kind "${kind}" must be one word (call, coffee, email, ...)`);
      // `coffee: talked about …` is kind coffee, as the file format writes it; --kind wins.
      if (kind === null) ({ kind, text } = splitLogKind(text));
      const people = await resolveMany(app, who);
      const edit = (t: string) => insertLogEntry(t, { date, kind, text });
      if (!opts.dryRun && people.length > 1) assertChangeable(app, people, edit);
      for (const c of people) {
        const after = await changeContact(app, c, edit, { dryRun: opts.dryRun, action: `log ${c.slug}` });
        if (after !== null) app.note(`Logged for ${clean(c.name)} on ${dayLabel(date)}${kind ? ` (${kind})` : ''}.`);
      }
    });

  program
    .command('followup')
    .argument('<who>', 'the person')
    .argument('<text...>', 'what you promised or want to do')
    .description('add an open follow-up (a task in the ## Follow-ups section)')
    .option('--due <date>', 'when: YYYY-MM-DD, tomorrow, in 2w, next week, end of month, jan 15, or a weekday name (the next one)')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText('after', '\nExamples:\n  pln followup ada "send the benchmark paper" --due friday\n  pln followup grace "intro to Bob at Acme" --due "in 2w"')
    .action(async (who: string, words: string[], opts: { due?: string } & DryRun) => {
      let due: string | null = null;
      if (opts.due !== undefined) {
        due = parseFutureDate(opts.due, app.today);
        if (due === null) throw dateError('--due', opts.due, app.today, 'future');
        if (due < app.today) app.warn(`--due ${due} is in the past; the follow-up is overdue from the start`);
      }
      const text = oneLine(words.join(' '), 'follow-up text');
      const problem = followUpTextProblem(text, due);
      if (problem !== null) throw usageError(problem);
      const c = await app.resolve(who);
      const after = await changeContact(app, c, (t) => insertFollowUp(t, { text, due }), { dryRun: opts.dryRun, action: `follow up ${c.slug}` });
      if (after !== null) app.note(`Follow-up for ${clean(c.name)}${due ? `, due ${dayLabel(due)}` : ''}.`);
    });

  program
    .command('note')
    .argument('<who>', 'the person')
    .argument('<text...>', 'the note: one paragraph')
    .description('add a paragraph to the notes (under ## Notes, else above ## Log)')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText('after', '\nExamples:\n  pln note ada "Wants to move into compiler research; watch for residencies."')
    .action(async (who: string, words: string[], opts: DryRun) => {
      const text = oneLine(words.join(' '), 'note');
      const c = await app.resolve(who);
      const after = await changeContact(app, c, (t) => insertNote(t, text), { dryRun: opts.dryRun, action: `note ${c.slug}` });
      if (after !== null) app.note(`Noted for ${clean(c.name)}.`);
    });

  program
    .command('undo')
    .description('put back the last change pln made to the network (once per change, newest first)')
    .option('-n, --dry-run', 'say what would be put back, change nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  pln undo\n  pln undo --dry-run\n\nThe last 20 changes are kept in .pln/journal.json (on this machine only).\nA file changed since pln wrote it (by hand, by a sync) is never overwritten: undo refuses.',
    )
    .action(async (opts: DryRun) => {
      const net = app.network({ quiet: true, tiers: [] });
      const { undoLast } = await import('../../store/journal.js');
      const r = undoLast(net.dir, { dryRun: opts.dryRun });
      if (r === null) return app.print('Nothing to undo.');
      app.invalidate();
      const what = [...r.restored.map((f) => `restored ${f}`), ...r.removed.map((f) => `removed ${f}`)].join(', ');
      const cmd = clean(r.change.command.length > 60 ? `${r.change.command.slice(0, 59)}…` : r.change.command);
      app.note(`${opts.dryRun ? 'Would undo' : 'Undid'} ${cmd ? `"${cmd}"` : 'the last change'}: ${clean(what)}.`);
      if (!opts.dryRun) await autocommit(app, net, [...r.restored, ...r.removed], 'undo');
    });

  program
    .command('snooze')
    .argument('<who>', 'the person, or several: ada,grace')
    .argument('<when...>', 'for how long (2w, 30d, 3m) or until when (2027-01-15, jan 15, next week)')
    .description('move the next check-in later without logging a contact')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText('after', '\nExamples:\n  pln snooze ken 2w\n  pln snooze ada,grace "jan 15"\n  pln unset ken snooze_until   (wake up early)')
    .action(async (who: string, words: string[], opts: DryRun) => {
      const when = words.join(' ');
      const until = parseFutureDate(when, app.today);
      if (until === null) throw dateError('snooze', when, app.today, 'future');
      if (until <= app.today) throw usageError(`${until} is not after today; a snooze moves the check-in later`);
      const people = await resolveMany(app, who);
      const edit = (t: string) => snoozeUntil(t, until);
      if (!opts.dryRun && people.length > 1) assertChangeable(app, people, edit);
      for (const c of people) {
        const after = await changeContact(app, c, edit, { dryRun: opts.dryRun, action: `snooze ${c.slug}` });
        if (!opts.dryRun)
          app.note(after === null ? `${clean(c.name)} is already snoozed until ${dayLabel(until)}.` : `Snoozed ${clean(c.name)} until ${dayLabel(until)}: no check-in is due before then.`);
      }
    });

  program
    .command('done')
    .argument('<who>', 'the person')
    .argument('[item...]', 'text of the follow-up, or its number in pln show (1 = first open)')
    .description('mark a follow-up done')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText('after', '\nExamples:\n  pln done ada benchmark\n  pln done ada 2')
    .action(async (who: string, words: string[], opts: DryRun) => {
      const c = await app.resolve(who);
      const item = await pickFollowUp(app, c, words.join(' ').trim());
      const after = await changeContact(app, c, (t) => markFollowUpDone(t, item.line, app.today), { dryRun: opts.dryRun, action: `done ${c.slug}` });
      if (after !== null) app.note(`Done: ${clean(item.text)} (${clean(c.name)}).`);
    });

  program
    .command('tag')
    .argument('<who>', 'the person')
    .argument('<tags...>', 'tags to add')
    .description('add tags')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText('after', '\nExamples:\n  pln tag ada mentor rust-community')
    .action(async (who: string, tags: string[], opts: DryRun) => {
      const list = tagList(tags);
      const c = await app.resolve(who);
      warnNearTags(app, list);
      const after = await changeContact(app, c, (t) => addListItems(t, 'tags', list), { dryRun: opts.dryRun, action: `tag ${c.slug}` });
      if (!opts.dryRun) app.note(after === null ? `${clean(c.name)} already has ${list.join(', ')}.` : `Tagged ${clean(c.name)}: ${list.join(', ')}.`);
    });

  program
    .command('untag')
    .argument('<who>', 'the person')
    .argument('<tags...>', 'tags to remove')
    .description('remove tags')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText('after', '\nExamples:\n  pln untag ada rust-community')
    .action(async (who: string, tags: string[], opts: DryRun) => {
      const list = tagList(tags);
      const c = await app.resolve(who);
      const after = await changeContact(app, c, (t) => removeListItems(t, 'tags', list), { dryRun: opts.dryRun, action: `untag ${c.slug}` });
      if (!opts.dryRun) app.note(after === null ? `${clean(c.name)} has none of ${list.join(', ')}.` : `Untagged ${clean(c.name)}: ${list.join(', ')}.`);
    });

  program
    .command('set')
    .argument('<who>', 'the person')
    .argument('<key>', 'frontmatter key (company, role, cadence, tags, ...)')
    .argument('<value...>', 'the value; lists take comma-separated values')
    .description("set one frontmatter key (only that key's lines change)")
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  pln set ada company "Analytical Engines"\n  pln set ada cadence 2w\n  pln set ada expertise "rust, compilers"\n  pln set ada links.github https://github.com/ada',
    )
    .action(async (who: string, key: string, words: string[], opts: DryRun) => {
      // `links.NAME` sets one entry of the links map.
      const link = /^links\.([A-Za-z0-9_-]{1,40})$/.exec(key);
      let value = link ? oneLine(words.join(' '), 'link') : checkValue(key, words.join(' '), app.today);
      const c = await app.resolve(who);
      if (!link) warnUnknownKey(app, key);
      if (key === 'tags') warnNearTags(app, [value].flat());
      // People are named as everywhere else (`wei` is Wei Zhang) and stored by slug.
      if (key === 'knows' || key === 'introduced_by') {
        const refs = await Promise.all([value].flat().map((ref) => resolveRef(app, key, ref)));
        value = Array.isArray(value) ? refs : refs[0]!;
      }
      const edit = (t: string) => (link ? setMapEntry(t, 'links', link[1]!, value as string) : setKey(t, key, value));
      const after = await changeContact(app, c, edit, { dryRun: opts.dryRun, action: `set ${c.slug} ${key}` });
      if (!opts.dryRun) app.note(after === null ? `${clean(c.name)}: ${key} is already that.` : `${clean(c.name)}: ${key} = ${clean(Array.isArray(value) ? value.join(', ') : value)}`);
    });

  program
    .command('unset')
    .argument('<who>', 'the person')
    .argument('<key>', 'frontmatter key to remove')
    .description('remove one frontmatter key')
    .option('-n, --dry-run', 'show the change, write nothing')
    .addHelpText('after', '\nExamples:\n  pln unset ada cadence')
    .action(async (who: string, key: string, opts: DryRun) => {
      if (!KEY_RE.test(key)) throw usageError(`"${key}" is not a frontmatter key`);
      if (key === 'name') throw usageError('name is required; change it with pln set WHO name "New Name"');
      const c = await app.resolve(who);
      const after = await changeContact(app, c, (t) => unsetKey(t, key), { dryRun: opts.dryRun, action: `unset ${c.slug} ${key}` });
      if (!opts.dryRun) app.note(after === null ? `${clean(c.name)} has no ${key}.` : `${clean(c.name)}: removed ${key}.`);
    });
}

/**
 * A `knows` or `introduced_by` value: a person of the network named as WHO
 * (slug, name, alias, prefix) becomes their slug, keeping the `[[…]]` of a
 * wiki link; nobody is kept as written (they may be added later), with a word.
 */
async function resolveRef(app: App, key: string, ref: string): Promise<string> {
  const wiki = /^\[\[(.*)\]\]$/.exec(ref.trim());
  const raw = slugRef(ref) ?? ref;
  const net = app.network({ tiers: ['profile'] });
  if (net.bySlug.has(raw)) return ref;
  const r = resolveWho(net.contacts, raw);
  if (r.kind === 'none') {
    app.warn(`${key}: "${clean(raw)}" is nobody in the network (kept as written; see pln list)`);
    return ref;
  }
  const c = r.kind === 'one' ? r.contact : await app.resolve(raw);
  return wiki ? `[[${c.slug}]]` : c.slug;
}

/** A key pln does not know, one or two typos from one it does (`emial`): a word, and the write still happens. */
function warnUnknownKey(app: App, key: string): void {
  if (KNOWN_KEYS.includes(key)) return;
  if (app.network({ tiers: ['raw'] }).contacts.some((c) => Object.hasOwn(c.frontmatter, key))) return;
  const near = nearestWord(key, KNOWN_KEYS, key.length < 5 ? 1 : 2);
  if (near) app.warn(`"${clean(key)}" is not a key pln reads; did you mean ${near}? (written anyway: other keys are yours)`);
}

/**
 * `ada,grace`: several people, every one resolved before anything is
 * written (an unknown name is an error and nothing changes; so is a file
 * that cannot be changed, see assertChangeable). The same person twice
 * counts once.
 */
export async function resolveMany(app: App, who: string): Promise<Contact[]> {
  const names = who
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
  if (names.length === 0) throw usageError('no person given');
  const out: Contact[] = [];
  for (const n of names) {
    const c = await app.resolve(n);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

async function printLog(app: App, who: string, asJson?: boolean): Promise<void> {
  const c = await app.resolve(who);
  const rec = showRecord(c, app.network({ tiers: [] }), app.today);
  if (asJson) return app.printJson(rec.log);
  if (rec.log.length === 0) return app.print(`No log entries for ${clean(c.name)} yet: pln log ${c.slug} "TEXT" records one.`);
  const { logLines } = await import('./card.js');
  const out = [`${app.styles.heading(`Log of ${clean(c.name)}`)} (${rec.log.length} entr${rec.log.length === 1 ? 'y' : 'ies'})`];
  for (const e of rec.log) out.push(...logLines(e, app.output.width, app.styles.dim));
  app.page(out.join('\n'));
}

function oneLine(text: string, what: string): string {
  const t = text.trim();
  if (t === '') throw usageError(`the ${what} is empty`);
  if (/[\r\n]/.test(t)) throw usageError(`the ${what} must be one line`);
  // Terminal escapes and other control characters would end up in the file.
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(t)) throw usageError(`the ${what} contains control characters (escape codes); type plain text`);
  return t;
}

/** Tags from `tag a b,c`: printable, without `#`, at least one. */
function tagList(words: string[]): string[] {
  const list = words.flatMap((t) => collectList(t)).map((t) => oneLine(t.replace(/^#/, ''), 'tag'));
  if (list.length === 0) throw usageError('no tags given (pln tag WHO TAG...)');
  return list;
}

/** Validates a value for a key and turns list keys into arrays. */
export function checkValue(key: string, raw: string, today: string): string | string[] {
  if (!KEY_RE.test(key)) throw usageError(`"${key}" is not a frontmatter key (letters, digits, _ and -; links.NAME for a link)`);
  const known = KNOWN_KEYS.find((k) => k === key.toLowerCase());
  if (known && known !== key) throw usageError(`keys are case-sensitive: did you mean ${known}?`);
  const value = oneLine(raw, 'value');
  if (LIST_KEYS.has(key)) {
    const items = collectList(value).map((v) => oneLine(v, 'value'));
    if (items.length === 0) throw usageError(`no values given for ${key}`);
    return items;
  }
  switch (key) {
    case 'cadence':
      if (!parseCadence(value)) throw usageError(`cadence "${value}" is not a duration (${CADENCE_HINT})`);
      return value;
    case 'snooze_until': {
      const d = parseFutureDate(value, today);
      if (d === null) throw dateError(key, value, today, 'future');
      return d;
    }
    case 'added':
    case 'last_contact': {
      const d = parsePastDate(value, today);
      if (d === null) throw dateError(key, value, today, 'past');
      return d;
    }
    case 'birthday':
      if (!isIsoDate(value) && !(/^\d{2}-\d{2}$/.test(value) && isIsoDate(`2000-${value}`))) {
        throw usageError(`birthday "${value}" is not a birthday (use MM-DD or YYYY-MM-DD)`);
      }
      return value;
    case 'email':
    case 'phone':
      return value.includes(',') ? collectList(value) : value;
    default:
      return value;
  }
}

/** Finds the follow-up to tick: by number, by text, the only open one, or by asking. */
async function pickFollowUp(app: App, c: Contact, query: string) {
  const open = c.followups.filter((f) => !f.done);
  if (open.length === 0) throw new PlnError('not-found', `${clean(c.name)} has no open follow-ups`);
  let candidates = open;
  if (/^\d+$/.test(query)) {
    const item = open[Number(query) - 1];
    if (!item) throw new PlnError('not-found', `${clean(c.name)} has ${open.length} open follow-up${open.length === 1 ? '' : 's'}; there is no number ${query}`);
    return item;
  }
  if (query !== '') {
    // Case- and accent-insensitive, as names are matched; the whole text matched wins.
    const q = fold(query);
    candidates = open.filter((f) => fold(f.text).includes(q));
    if (candidates.length === 0) throw new PlnError('not-found', `no open follow-up of ${clean(c.name)} matches "${clean(query)}"`);
    const exact = candidates.filter((f) => fold(f.text) === q);
    if (exact.length > 0) candidates = exact;
  }
  if (candidates.length === 1) return candidates[0]!;
  if (app.interactive) {
    const { select } = await import('@inquirer/prompts');
    const line = await select({
      message: 'Which follow-up is done?',
      choices: candidates.map((f) => ({ name: `${clean(f.text)}${f.due ? ` (due ${f.due})` : ''}`, value: f.line })),
    });
    return candidates.find((f) => f.line === line)!;
  }
  throw new PlnError(
    'ambiguous',
    `${candidates.length} open follow-ups of ${clean(c.name)} match; name one by text or number`,
    candidates.map((f) => `  ${open.indexOf(f) + 1}. ${clean(f.text)}${f.due ? ` (due ${f.due})` : ''}`),
  );
}
