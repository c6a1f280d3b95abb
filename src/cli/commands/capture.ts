/** `pln capture [SOURCE…]`: log mail and meetings with your contacts from mbox, Maildir and iCalendar. */
import type { Command } from 'commander';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { addMonths, parsePastDate } from '../../domain/dates.js';
import { PlnError, usageError } from '../../domain/errors.js';
import { insertLogEntry } from '../../file/edit.js';
import { splitFrontmatter } from '../../file/frontmatter.js';
import { parseContact } from '../../file/parse.js';
import type { CaptureEntry, CapturePlanner, NewPerson, SourceCounts } from '../../io/capture-plan.js';
import type { Source } from '../../io/capture-sources.js';
import { readCaptureState, recordCapture } from '../../store/capture-state.js';
import { updateFile, writeAtomic } from '../../store/folder.js';
import type { App } from '../app.js';
import { unifiedDiff } from '../diff.js';
import { clean, table, type Column } from '../render.js';
import { assertWritable, autocommit } from '../change.js';

interface CaptureOptions {
  since?: string;
  dryRun?: boolean;
  new?: boolean;
  json?: boolean;
}

export function register(program: Command, app: App): void {
  program
    .command('capture')
    .argument('[sources...]', 'mbox files, Maildir folders, .ics files or folders (default: capture.sources in pln.yml)')
    .description('log mail and meetings with your contacts, from local mailboxes and calendars')
    .option('--since <date>', 'from this day on (default: one year ago, or the last capture of that source)')
    .option('-n, --dry-run', 'show the change, write nothing')
    .option('--new', 'write nothing; list the people you deal with who are not in the network')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      `
Needs your own addresses in pln.yml: owner_emails: [you@example.com]

Examples:
  pln capture ~/Mail/INBOX ~/Mail/Sent --dry-run
  pln capture ~/.calendars/work --since 2026-01-01
  pln capture                      # the sources in capture.sources
  pln capture --new                # who is missing from the network`,
    )
    .action(async (given: string[], opts: CaptureOptions) => capture(app, given, opts));
}

const days = new Map<number, string>();

/**
 * The calendar day, in the machine's time zone, of an instant. Remembered
 * by quarter hour (every zone's offset is a whole number of them): a
 * mailbox has many messages a day, and local time is slow to compute.
 */
function localDay(ms: number): string {
  const quarter = Math.floor(ms / 900_000);
  let day = days.get(quarter);
  if (day === undefined) {
    const d = new Date(ms);
    day = `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    if (days.size > 100_000) days.clear();
    days.set(quarter, day);
  }
  return day;
}

async function capture(app: App, given: string[], opts: CaptureOptions): Promise<void> {
  const today = app.today;
  let since: string | null = null;
  if (opts.since !== undefined) {
    since = parsePastDate(opts.since, today);
    if (since === null) throw usageError(`--since "${opts.since}" is not a date (try 2026-01-01, 30d ago, 2w ago)`);
  }
  if (opts.new && opts.dryRun) throw usageError('--new writes nothing already; leave out --dry-run');
  const net = app.network();
  const config = net.config;
  if (config.ownerEmails.length === 0) {
    throw new PlnError('invalid', 'owner_emails is not set in pln.yml: capture needs your own addresses to know which mail and meetings are yours (pln config set owner_emails you@example.com)');
  }
  const home = app.env.HOME ?? os.homedir();
  // The readers load only for this command (their setup would cost every other command's start).
  const { expandHome, detectSource, readSource } = await import('../../io/capture-sources.js');
  const { decodeWords } = await import('../../io/mail-headers.js');
  entryKey = (await import('../../io/capture-plan.js')).entryKey;
  // Sources named here are relative to the working directory; those in pln.yml to the network.
  const named =
    given.length > 0 ? given.map((g) => ({ given: g, abs: path.resolve(expandHome(g, home)) })) : config.captureSources.map((g) => ({ given: g, abs: path.resolve(net.dir, expandHome(g, home)) }));
  if (named.length === 0) throw usageError('no sources: name an mbox file, a Maildir folder or .ics files (or set capture.sources in pln.yml)');
  // Every source is checked before any is read, and read before anything is written.
  const sources: Source[] = named.map((n) => detectSource(n.given, n.abs));

  const needsMail = sources.some((s) => s.kind === 'mbox' || s.kind === 'maildir' || s.kind === 'message');
  const needsCalendar = sources.some((s) => s.kind === 'calendar' || s.kind === 'calendars');
  const libmime = needsMail ? (await import('libmime')).default : null;
  const decode = (s: string) => decodeWords(s, libmime ? (t) => libmime.decodeWords(t) : (t) => t);
  const ical = needsCalendar ? (await import('ical.js')).default : null;
  const { CapturePlanner } = await import('../../io/capture-plan.js');
  const planner = new CapturePlanner(net.contacts, { today, ownerEmails: config.ownerEmails, subjects: config.captureSubjects, dayOf: localDay });
  const last = readCaptureState(net.dir);
  const yearAgo = addMonths(today, -12);
  const progress = progressLine(app);
  const read: { source: Source; counts: SourceCounts }[] = [];
  try {
    for (const source of sources) {
      const counts: SourceCounts = { messages: 0, events: 0, skipped: 0 };
      const previous = last.get(source.abs);
      // --new looks at the whole last year (or --since): who is new does not depend on the last capture.
      const from = since ?? (!opts.new && previous !== undefined && previous > yearAgo ? previous : yearAgo);
      planner.since = from;
      readSource(source, planner, counts, {
        decode,
        ical,
        since: from,
        today,
        dayOf: localDay,
        progress: (done, total) => progress.update(source.given, done, total),
        warn: (m) => {
          progress.clear();
          app.warn(clean(m));
        },
      });
      read.push({ source, counts });
    }
  } finally {
    progress.clear();
  }

  if (opts.new) return printNewPeople(app, planner.newPeople(), opts, since ?? yearAgo);

  const plans = planWrites(app, planner);
  const s = app.styles;
  if (!opts.json) {
    for (const p of plans) {
      if (opts.dryRun) app.print(unifiedDiff(p.before, p.after, p.file).trimEnd());
      else for (const e of p.added) app.print(`${s.added('+')} ${clean(p.name)}: ${e.date} ${e.kind}${e.text ? `: ${clean(e.text)}` : ''}`);
    }
  }
  if (!opts.dryRun) {
    writePlans(app, plans);
    if (plans.length > 0)
      await autocommit(
        app,
        net,
        plans.map((p) => p.file),
        `capture ${plans.reduce((n, p) => n + p.added.length, 0)} entries`,
      );
    recordCapture(
      net.dir,
      sources.map((src) => src.abs),
      today,
    );
  }
  const entries = plans.reduce((n, p) => n + p.added.length, 0);
  if (opts.json) {
    return app.printJson({
      dry_run: Boolean(opts.dryRun),
      entries: plans.flatMap((p) => p.added.map((e) => ({ slug: p.slug, name: p.name, file: p.file, date: e.date, kind: e.kind, text: e.text }))),
      people: plans.length,
      sources: read.map(({ source, counts }) => ({ source: source.given, kind: source.kind, messages: counts.messages, events: counts.events, skipped: counts.skipped })),
    });
  }
  const perSource = read.map(({ source, counts }) => `${clean(source.given)}: ${describeCounts(source, counts)}`);
  const what = `${entries} entr${entries === 1 ? 'y' : 'ies'} for ${plans.length} ${plans.length === 1 ? 'person' : 'people'}`;
  app.print(`${opts.dryRun ? `Dry run, nothing written: would log ${what}` : `Logged ${what}`} · ${perSource.join(' · ')}`);
}

function describeCounts(source: Source, c: SourceCounts): string {
  const calendar = source.kind === 'calendar' || source.kind === 'calendars';
  const n = calendar ? c.events : c.messages;
  const noun = calendar ? (n === 1 ? 'event' : 'events') : n === 1 ? 'message' : 'messages';
  return `${n} ${noun} read, ${c.skipped} skipped`;
}

/** Set when the command runs (capture-plan.js loads with it). */
let entryKey: (date: string, kind: string | null, text: string) => string;

interface WritePlan {
  slug: string;
  name: string;
  file: string;
  abs: string;
  before: string;
  after: string;
  added: CaptureEntry[];
}

/** Entries not yet in each person's log (by date, kind and text, whoever wrote them), oldest first. */
function missingEntries(text: string, file: string, slug: string, planned: Iterable<CaptureEntry>): CaptureEntry[] {
  const { contact } = parseContact(text, { file, slug });
  const have = new Set((contact?.log ?? []).map((e) => entryKey(e.date, e.kind, e.text)));
  const out: CaptureEntry[] = [];
  for (const e of planned) {
    const key = entryKey(e.date, e.kind, e.text);
    if (have.has(key)) continue;
    have.add(key);
    out.push(e);
  }
  return out.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : a.kind !== b.kind ? (a.kind < b.kind ? -1 : 1) : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

/**
 * Inserts the entries one by one with `insertLogEntry`, the edit `pln log`
 * makes. Its every call reads the frontmatter, which these inserts do not
 * touch: with many entries, they are made on the body under an empty
 * frontmatter and the file's own is put back (a unit test holds this to
 * inserting into the whole file).
 */
export function insertAll(text: string, entries: CaptureEntry[]): string {
  const insert = (t: string) => entries.reduce((acc, e) => insertLogEntry(acc, { date: e.date, kind: e.kind, text: e.text }), t);
  const split = splitFrontmatter(text);
  if (entries.length < 3 || split.kind !== 'ok') return insert(text);
  const open = `---${split.eol}`;
  const after = insert(open + text.slice(split.yamlEnd));
  return text.slice(0, split.yamlEnd) + after.slice(open.length);
}

function planWrites(app: App, planner: CapturePlanner): WritePlan[] {
  const net = app.network();
  const plans: WritePlan[] = [];
  const slugs = [...planner.entries.keys()].sort();
  for (const slug of slugs) {
    const c = planner.contacts.get(slug)!;
    const abs = path.join(net.dir, c.file);
    const before = fs.readFileSync(abs, 'utf8');
    assertWritable(before, c.file, c.slug);
    const added = missingEntries(before, c.file, c.slug, planner.entries.get(slug)!.values());
    if (added.length === 0) continue;
    plans.push({ slug, name: c.name, file: c.file, abs, before, after: insertAll(before, added), added });
  }
  return plans;
}

/** Writes every planned file under its lock; on a failure, puts back the ones written before it. */
function writePlans(app: App, plans: WritePlan[]): void {
  const net = app.network();
  const restored: { abs: string; file: string; text: string }[] = [];
  try {
    for (const p of plans) {
      const { before, after } = updateFile({ networkDir: net.dir, abs: p.abs, display: p.file }, (text) => {
        assertWritable(text, p.file, p.slug);
        // The file may have changed since it was planned: add only what is still missing.
        const next = insertAll(text, missingEntries(text, p.file, p.slug, p.added));
        // Never write a file we could not read back.
        const { contact, problems } = parseContact(next, { file: p.file, slug: p.slug });
        if (!contact || problems.some((x) => x.severity === 'error')) throw new PlnError('file', `${p.file}: the change would leave the file unreadable; not changed`);
        return next;
      });
      if (after !== null) restored.push({ abs: p.abs, file: p.file, text: before });
    }
  } catch (err) {
    for (const r of restored.reverse()) writeAtomic(r.abs, r.text, r.file);
    throw err instanceof PlnError ? new PlnError(err.kind, `${err.message}; the capture was undone, nothing changed`) : err;
  }
  app.invalidate();
}

function printNewPeople(app: App, people: NewPerson[], opts: CaptureOptions, since: string): void {
  if (opts.json) return app.printJson(people.map((p) => ({ name: p.name || null, email: p.email, count: p.count, last: p.last })));
  if (people.length === 0) return app.print(`Everyone you exchanged mail or meetings with since ${since} is in the network.`);
  const s = app.styles;
  interface Row {
    p: NewPerson;
  }
  const columns: Column<Row>[] = [
    { header: 'NAME', value: (r) => clean(r.p.name) || '-', style: (t) => s.name(t) },
    { header: 'EMAIL', value: (r) => clean(r.p.email) },
    { header: 'COUNT', value: (r) => String(r.p.count), align: 'right' },
    { header: 'LAST', value: (r) => r.p.last },
    { header: 'ADD', value: (r) => addCommand(r.p), style: (t) => s.dim(t), flex: true, min: 10 },
  ];
  app.page(
    table(
      people.map((p) => ({ p })),
      columns,
      app.output,
      s,
    ),
  );
}

/** `pln add 'Ada Lovelace' --email ada@example.com`, quoted for a POSIX shell. */
function addCommand(p: NewPerson): string {
  const name = clean(p.name) || p.email.split('@')[0]!;
  const quote = (v: string) => (/^[A-Za-z0-9@._+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  return `pln add ${quote(name)} --email ${quote(p.email)}`;
}

/** A progress line on stderr, on a terminal only, once a capture has run a second. */
function progressLine(app: App): { update: (name: string, done: number, total: number) => void; clear: () => void } {
  const stderr = app.streams.stderr;
  const started = Date.now();
  let shown = false;
  let lastAt = 0;
  return {
    update(name, done, total) {
      if (!stderr.isTTY) return;
      const now = Date.now();
      if (now - started < 1000 || now - lastAt < 200) return;
      lastAt = now;
      shown = true;
      const pct = total > 0 ? ` ${Math.min(100, Math.floor((done / total) * 100))}%` : '';
      stderr.write(`\r\u001b[Kcapture: reading ${clean(name)}${pct}`);
    },
    clear() {
      if (shown) stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
