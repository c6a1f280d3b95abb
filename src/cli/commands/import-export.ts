/** `pln import FILE` and `pln export --format F`. */
import { Option, type Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lastContact, dueDate, effectiveCadence, type Contact } from '../../domain/contact.js';
import { cadenceDays } from '../../domain/cadence.js';
import { PlnError, usageError } from '../../domain/errors.js';
import { listContacts, dueList, followUpList } from '../../index/queries.js';
import { namePartsOf } from '../../io/names.js';
import type { ExportPerson, ImportFormat, ImportResult } from '../../io/types.js';
import { MAX_FILE_BYTES, createFile, readOptional, updateFile, writeAtomic } from '../../store/folder.js';
import { isInside, templateRead } from '../../store/bounded.js';
import type { App } from '../app.js';
import { collectList, parseWithin } from '../options.js';
import { clean } from '../render.js';
import { assertWritable, autocommit } from '../change.js';
import { packageTemplates } from './manage.js';
import { makeFolder, removeFile } from '../../store/files.js';

const IMPORT_FORMATS = ['linkedin', 'vcard', 'csv', 'json'] as const;
const EXPORT_FORMATS = ['json', 'csv', 'vcard', 'ics'] as const;

export function register(program: Command, app: App): void {
  program
    .command('import')
    .argument('<file>', 'a LinkedIn Connections.csv, a vCard file, a CSV with a header row, or JSON')
    .description('bring people in; people already in the network are updated, not duplicated')
    .addOption(new Option('-f, --format <format>', 'the file format (default: detected from the content)').choices(IMPORT_FORMATS))
    .option('-t, --tag <tags>', 'tag everyone imported (repeatable or comma-separated)', collectList, [])
    .option('-n, --dry-run', 'show who would be created or updated, write nothing')
    .option('--json', 'print JSON: {format, dry_run, created, updated, unchanged, skipped}')
    .addHelpText('after', '\nExamples:\n  pln import ~/Downloads/Connections.csv --tag linkedin --dry-run\n  pln import contacts.vcf\n  pln import people.csv --format csv --dry-run --json')
    .action(async (file: string, opts: { format?: ImportFormat; tag: string[]; dryRun?: boolean; json?: boolean }) => {
      const net = app.network();
      const bytes = readImportFile(app.resolvePath(file), file);
      const io = await import('../../io/index.js');
      const { text, note } = io.decodeImportBytes(bytes);
      if (note) app.warn(`${file}: ${note}`);
      // What an export of nobody writes: no one to import, and nothing wrong with that.
      if (text.replace(/^\uFEFF/, '').trim() === '') {
        if (opts.json) app.printJson({ format: opts.format ?? null, dry_run: opts.dryRun === true, created: [], updated: [], unchanged: [], skipped: 0 });
        else app.print(`${file} is empty: it holds no one, nothing to import.`);
        return;
      }
      let format: ImportFormat | null;
      try {
        format = opts.format ?? io.detectFormat(text);
      } catch (err) {
        if (err instanceof PlnError) throw new PlnError('invalid', `${file}: ${err.message}`);
        throw err;
      }
      if (!format) throw new PlnError('invalid', `${file}: not a format pln reads (LinkedIn Connections.csv, vCard, CSV with a header row, or JSON); name it with --format`);
      let result: ImportResult;
      try {
        result = io.parsers[format](text);
      } catch (err) {
        if (err instanceof PlnError) throw new PlnError('invalid', `${file}: ${err.message}`);
        throw err;
      }
      const { planImport } = await import('../../io/import-plan.js');
      const template = readOptional(path.join(net.dir, 'templates', 'contact.md'), templateRead(net.dir)) ?? fs.readFileSync(path.join(packageTemplates(), 'contact.md'), 'utf8');
      let plan: import('../../io/import-plan.js').ImportPlan;
      try {
        plan = planImport(net.contacts, net.config, result.people, { today: app.today, tags: opts.tag, template, maxFileBytes: MAX_FILE_BYTES });
      } catch (err) {
        if (err instanceof PlnError) throw new PlnError(err.kind, `${file}: ${err.message}`);
        throw err;
      }
      for (const w of result.warnings) app.warn(`${file}: ${clean(w)}`);

      if (opts.json) {
        if (!opts.dryRun) writePlan(app, plan);
        app.printJson({
          format,
          dry_run: opts.dryRun === true,
          created: plan.creates.map((c) => ({ slug: c.slug, name: c.name, file: c.file, fields: c.fields })),
          updated: plan.updates.map((u) => ({ slug: u.contact.slug, name: u.contact.name, file: u.contact.file, changes: u.changes })),
          unchanged: plan.unchanged.map((c) => ({ slug: c.slug, name: c.name, file: c.file })),
          skipped: result.skipped,
        });
        if (!opts.dryRun) await autocommit(app, net, [...plan.creates.map((c) => c.file), ...plan.updates.map((u) => u.contact.file)], `import ${path.basename(file)}`);
        return;
      }
      const s = app.styles;
      for (const c of plan.creates) app.print(`${s.added('+')} ${clean(c.name)} ${s.dim(`(${c.file})`)}${c.fields.length ? `: ${c.fields.join(', ')}` : ''}`);
      for (const u of plan.updates) app.print(`${s.soon('~')} ${clean(u.contact.name)} ${s.dim(`(${u.contact.file})`)}: ${clean(u.changes.join(', '))}`);
      if (!opts.dryRun) writePlan(app, plan);
      const would = (done: string) => (opts.dryRun ? `would be ${done}` : done);
      const parts = [`${plan.creates.length} ${would('created')}`, `${plan.updates.length} ${would('updated')}`, `${plan.unchanged.length} already up to date`];
      if (result.skipped) parts.push(`${result.skipped} skipped`);
      app.print(`${opts.dryRun ? 'Dry run, nothing written: ' : ''}${parts.join(', ')} (${format}).`);
      if (result.ignoredColumns?.length) app.print(`ignored columns: ${clean(result.ignoredColumns.join(', '))}`);
      if (plan.spreadDays > 0 && plan.creates.length > 0) {
        app.print(`First check-ins of the new people are spread over the next ${plan.spreadDays} days (their added dates are staggered), so they do not all fall due at once.`);
      }
      if (!opts.dryRun) await autocommit(app, net, [...plan.creates.map((c) => c.file), ...plan.updates.map((u) => u.contact.file)], `import ${path.basename(file)}`);
    });

  program
    .command('export')
    .description('write the network as JSON, CSV, vCard or iCalendar')
    .addOption(new Option('-f, --format <format>', 'json, csv, vcard, or ics (follow-ups and check-ins as calendar entries)').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('-o, --output <file>', 'write to FILE instead of stdout')
    .option('-t, --tag <tags>', 'only people with these tags (repeatable or comma-separated; all must match)', collectList)
    .option('--company <names>', 'only people at one of these companies', collectList)
    .option('-e, --expertise <topics>', 'only people who know all these topics', collectList)
    .option('--within <duration>', 'ics: check-ins due within DURATION (default 90d)', '90d')
    .addHelpText(
      'after',
      '\nExamples:\n  pln export --format json > network.json\n  pln export --format vcard --tag mentor --output mentors.vcf\n  pln export --format ics --output ~/calendars/pln.ics',
    )
    .action(async (opts: { format: (typeof EXPORT_FORMATS)[number]; output?: string; tag?: string[]; company?: string[]; expertise?: string[]; within: string }) => {
      const net = app.network();
      const today = app.today;
      const rows = listContacts(net, today, { tag: opts.tag, company: opts.company, expertise: opts.expertise });
      const chosen = rows.map((r) => net.bySlug.get(r.slug)!);
      const io = await import('../../io/index.js');
      let out: string;
      let wrote = `${chosen.length} ${chosen.length === 1 ? 'person' : 'people'}`;
      if (opts.format === 'ics') {
        const slugs = new Set(chosen.map((c) => c.slug));
        const within = parseWithin(opts.within, today);
        const followups = followUpList(net, today).filter((f) => slugs.has(f.slug));
        // An overdue check-in is shown today: a calendar entry in the past helps nobody.
        const checkins = dueList(net, today, { withinDays: within })
          .filter((d) => slugs.has(d.slug))
          .map((d) => ({ slug: d.slug, name: d.name, due_date: d.due_date < today ? today : d.due_date }));
        const now = app.env.PLN_TODAY ? new Date(`${today}T00:00:00Z`) : new Date();
        out = io.exportIcs({ followups, checkins }, now);
        const n = (out.match(/^BEGIN:VEVENT\r?$/gm) ?? []).length;
        wrote = `${n} calendar ${n === 1 ? 'entry' : 'entries'}`;
      } else {
        const people = chosen.map((c) => exportPerson(c, app, opts.format === 'json'));
        out = opts.format === 'json' ? io.exportJson(people) : opts.format === 'csv' ? io.exportCsv(people) : io.exportVcard(people);
      }
      if (opts.output) {
        const abs = app.resolvePath(opts.output);
        assertNotNetworkFile(net.dir, net.config.contactsDir, abs, opts.output);
        // Like `mkdir -p`: a folder on the way that does not exist yet is made (exports/, ~/calendars/).
        try {
          makeFolder(path.dirname(abs), { recursive: true });
        } catch (err) {
          throw new PlnError('file', `${opts.output}: could not make its folder (${(err as NodeJS.ErrnoException).code ?? 'error'}); nothing written`);
        }
        writeAtomic(abs, out, opts.output);
        app.streams.stderr.write(`Wrote ${wrote} to ${opts.output}.\n`);
      } else {
        app.streams.stdout.write(out);
      }
    });
}

const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/**
 * A file to import, read to its end but never past `max` bytes: a pipe
 * (`pln import <(...)`) is read as it comes, a device like /dev/zero stops
 * at the limit instead of filling memory.
 */
function readUpTo(file: string, max: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new PlnError('invalid', `${file}: over 50 MiB; split it first`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

function readImportFile(abs: string, file: string): Buffer {
  let bytes: Buffer;
  try {
    if (fs.statSync(abs).size > MAX_IMPORT_BYTES) throw new PlnError('invalid', `${file}: over 50 MiB; split it first`);
    bytes = readUpTo(abs, MAX_IMPORT_BYTES);
  } catch (err) {
    if (err instanceof PlnError) throw err;
    throw new PlnError('not-found', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return bytes;
}

/** A contact file's text for the backup; null for anything but a regular file. */
function readRegularFile(abs: string): string | null {
  try {
    return fs.lstatSync(abs).isFile() ? fs.readFileSync(abs, 'utf8') : null;
  } catch {
    return null;
  }
}

/**
 * The path a write to `abs` lands on: its nearest existing folder with its
 * symbolic links resolved, then the rest of the path as given.
 */
function landingPath(abs: string): string {
  const rest: string[] = [];
  for (let dir = abs; ; ) {
    rest.unshift(path.basename(dir));
    const parent = path.dirname(dir);
    try {
      return path.join(fs.realpathSync.native(parent), ...rest);
    } catch {
      if (parent === dir) return abs;
      dir = parent;
    }
  }
}

/** A path with every symbolic link on it resolved, as far as it exists. */
function realPath(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return landingPath(p);
  }
}

/**
 * Refuses an export `--output` that would replace a file pln reads as part of
 * the network: `pln.yml`, anything in the contacts folder (it would be read as
 * a contact, or replace one) or in `.pln/`, by name or as the same file under
 * another name. Elsewhere in the network is fine.
 */
function assertNotNetworkFile(networkDir: string, contactsDir: string, abs: string, display: string): void {
  const target = landingPath(abs);
  const root = realPath(networkDir);
  const refuse = (what: string) => usageError(`--output ${display}: ${what}; write the export elsewhere (for example exports/)`);
  // By identity too: on a case-insensitive disk (macOS, Windows) `PLN.YML` is pln.yml.
  if (target === path.join(root, 'pln.yml') || sameEntry(target, path.join(root, 'pln.yml'))) throw refuse("is the network's settings file");
  if (isInside(target, realPath(path.join(networkDir, contactsDir)))) throw refuse('is inside the contacts folder, where every file is a contact');
  if (isInside(target, realPath(path.join(root, '.pln')))) throw refuse("is inside .pln/, pln's own state");
}

/** Whether two paths name the same file (device and inode), as far as both exist. */
function sameEntry(a: string, b: string): boolean {
  try {
    const x = fs.lstatSync(a);
    const y = fs.lstatSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Refuses a new file whose folder inside the network is (or passes through) a symlink. */
function assertPlainFolders(networkDir: string, file: string): void {
  const segments = file.split('/').slice(0, -1);
  let at = networkDir;
  for (const segment of segments) {
    at = path.join(at, segment);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(at);
    } catch {
      return;
    }
    if (!st.isDirectory()) throw new PlnError('file', `${file}: ${path.relative(networkDir, at)} is not a plain folder; not written`);
  }
}

/** Writes every planned file; on any failure, undoes what was written (all or nothing). */
function writePlan(app: App, plan: import('../../io/import-plan.js').ImportPlan): void {
  const net = app.network();
  const created: string[] = [];
  const restored: { abs: string; display: string; text: string }[] = [];
  try {
    for (const u of plan.updates) {
      const abs = path.join(net.dir, u.contact.file);
      const { before, after } = updateFile({ networkDir: net.dir, abs, display: u.contact.file }, (text) => {
        assertWritable(text, u.contact.file, u.contact.slug);
        const edited = u.edit(text);
        // What the reader would refuse is not written (the creates were checked when planned).
        if (Buffer.byteLength(edited, 'utf8') > MAX_FILE_BYTES) throw new PlnError('invalid', `${u.contact.file}: the import would take it over the 1 MiB limit for a contact; not written`);
        return edited;
      });
      if (after !== null) restored.push({ abs, display: u.contact.file, text: before });
    }
    for (const c of plan.creates) {
      assertWritable(c.text, c.file, c.slug);
      assertPlainFolders(net.dir, c.file);
      const abs = path.join(net.dir, c.file);
      createFile(net.dir, abs, c.text, c.file);
      created.push(abs);
    }
  } catch (err) {
    for (const abs of created) removeFile(abs);
    for (const r of restored.reverse()) writeAtomic(r.abs, r.text, r.display);
    throw err instanceof PlnError ? new PlnError(err.kind, `${err.message}; the import was undone, nothing changed`) : err;
  }
  app.invalidate();
}

function exportPerson(c: Contact, app: App, backup: boolean): ExportPerson {
  const net = app.network();
  return {
    slug: c.slug,
    name: c.name,
    emails: c.emails,
    phones: c.phones,
    company: c.company,
    role: c.role,
    location: c.location,
    tags: c.tags,
    expertise: c.expertise,
    links: { ...c.links },
    notes: c.notes || null,
    birthday: c.birthday,
    cadence: c.cadence,
    cadence_days: cadenceDays(effectiveCadence(c, net.config).cadence),
    last_contact: lastContact(c),
    due_date: dueDate(c, net.config, app.today),
    aliases: c.aliases,
    name_parts: namePartsOf(c.frontmatter),
    ...(backup
      ? {
          file: c.file,
          frontmatter: c.frontmatter,
          log: c.log.map((l) => ({ date: l.date, kind: l.kind, text: l.text })),
          followups: c.followups.map((f) => ({ text: f.text, due: f.due, done: f.done, done_date: f.doneDate })),
          text: readRegularFile(path.join(net.dir, c.file)),
        }
      : {}),
  };
}
