/** `pln import FILE` and `pln export --format F`. */
import { Option, type Command } from 'commander';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lastContact, dueDate, effectiveCadence, type Contact } from '../../domain/contact.js';
import { cadenceDays } from '../../domain/cadence.js';
import { PlnError } from '../../domain/errors.js';
import { listContacts, dueList, followUpList } from '../../index/queries.js';
import type { ExportPerson, ImportFormat, ImportResult } from '../../io/types.js';
import { createFile, readOptional, updateFile, writeAtomic } from '../../store/folder.js';
import type { App } from '../app.js';
import { collectList, parseWithin } from '../options.js';
import { clean } from '../render.js';
import { assertWritable, autocommit } from '../write.js';
import { packageTemplates } from './manage.js';

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
    .addHelpText('after', '\nExamples:\n  pln import ~/Downloads/Connections.csv --tag linkedin --dry-run\n  pln import contacts.vcf\n  pln import people.csv --format csv')
    .action(async (file: string, opts: { format?: ImportFormat; tag: string[]; dryRun?: boolean }) => {
      const net = app.network();
      const text = readImportFile(app.resolvePath(file), file);
      const io = await import('../../io/index.js');
      const format = opts.format ?? io.detectFormat(text);
      if (!format) throw new PlnError('invalid', `${file}: not a format pln reads (LinkedIn Connections.csv, vCard, CSV with a header row, or JSON); name it with --format`);
      let result: ImportResult;
      try {
        result = io.parsers[format](text);
      } catch (err) {
        if (err instanceof PlnError) throw new PlnError('invalid', `${file}: ${err.message}`);
        throw err;
      }
      const { planImport } = await import('../../index/import-plan.js');
      const template = readOptional(path.join(net.dir, 'templates', 'contact.md')) ?? fs.readFileSync(path.join(packageTemplates(), 'contact.md'), 'utf8');
      const plan = planImport(net.contacts, net.config, result.people, { today: app.today, tags: opts.tag, template });
      for (const w of result.warnings) app.warn(`${file}: ${clean(w)}`);

      const s = app.styles;
      for (const c of plan.creates) app.print(`${s.added('+')} ${clean(c.name)} ${s.dim(`(${c.file})`)}${c.fields.length ? `: ${c.fields.join(', ')}` : ''}`);
      for (const u of plan.updates) app.print(`${s.soon('~')} ${clean(u.contact.name)} ${s.dim(`(${u.contact.file})`)}: ${clean(u.changes.join(', '))}`);
      if (!opts.dryRun) writePlan(app, plan);
      const would = (done: string) => (opts.dryRun ? `would be ${done}` : done);
      const parts = [`${plan.creates.length} ${would('created')}`, `${plan.updates.length} ${would('updated')}`, `${plan.unchanged.length} already up to date`];
      if (result.skipped) parts.push(`${result.skipped} skipped (no name)`);
      app.print(`${opts.dryRun ? 'Dry run, nothing written: ' : ''}${parts.join(', ')} (${format}).`);
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
    .addHelpText('after', '\nExamples:\n  pln export --format json > network.json\n  pln export --format vcard --tag mentor --output mentors.vcf\n  pln export --format ics --output ~/calendars/pln.ics')
    .action(async (opts: { format: (typeof EXPORT_FORMATS)[number]; output?: string; tag?: string[]; company?: string[]; expertise?: string[]; within: string }) => {
      const net = app.network();
      const today = app.today;
      const rows = listContacts(net, today, { tag: opts.tag, company: opts.company, expertise: opts.expertise });
      const chosen = rows.map((r) => net.bySlug.get(r.slug)!);
      const io = await import('../../io/index.js');
      let out: string;
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
      } else {
        const people = chosen.map((c) => exportPerson(c, app));
        out = opts.format === 'json' ? io.exportJson(people) : opts.format === 'csv' ? io.exportCsv(people) : io.exportVcard(people);
      }
      if (opts.output) {
        const abs = app.resolvePath(opts.output);
        writeAtomic(abs, out, opts.output);
        app.streams.stderr.write(`Wrote ${chosen.length} people to ${opts.output}.\n`);
      } else {
        app.streams.stdout.write(out);
      }
    });
}

function readImportFile(abs: string, file: string): string {
  let bytes: Buffer;
  try {
    if (fs.statSync(abs).size > 50 * 1024 * 1024) throw new PlnError('invalid', `${file}: over 50 MiB; split it first`);
    bytes = fs.readFileSync(abs);
  } catch (err) {
    if (err instanceof PlnError) throw err;
    throw new PlnError('not-found', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new PlnError('invalid', `${file}: not UTF-8 text (export it as UTF-8)`);
  }
}

/** Writes every planned file; on any failure, undoes what was written (all or nothing). */
function writePlan(app: App, plan: import('../../index/import-plan.js').ImportPlan): void {
  const net = app.network();
  const created: string[] = [];
  const restored: { abs: string; display: string; text: string }[] = [];
  try {
    for (const u of plan.updates) {
      const abs = path.join(net.dir, u.contact.file);
      const { before, after } = updateFile({ networkDir: net.dir, abs, display: u.contact.file }, (text) => {
        assertWritable(text, u.contact.file, u.contact.slug);
        return u.edit(text);
      });
      if (after !== null) restored.push({ abs, display: u.contact.file, text: before });
    }
    for (const c of plan.creates) {
      const abs = path.join(net.dir, c.file);
      createFile(net.dir, abs, c.text, c.file);
      created.push(abs);
    }
  } catch (err) {
    for (const abs of created) fs.rmSync(abs, { force: true });
    for (const r of restored.reverse()) writeAtomic(r.abs, r.text, r.display);
    throw err instanceof PlnError ? new PlnError(err.kind, `${err.message}; the import was undone, nothing changed`) : err;
  }
  app.invalidate();
}

function exportPerson(c: Contact, app: App): ExportPerson {
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
  };
}

