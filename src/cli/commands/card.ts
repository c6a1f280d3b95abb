/** `pln show` as a readable card. */
import { CONTACT_KEYS } from '../../domain/contact.js';
import { relativeDate } from '../../domain/dates.js';
import type { ShowRecord } from '../../index/queries.js';
import type { App } from '../app.js';
import { clean, dueStatus, truncate } from '../render.js';
import { wrapLine } from '../wrap.js';

const RECENT_LOG = 5;

/** Keys the card shows in their own way (or not at all, like `name`). */
const SHOWN_KEYS = new Set<string>([...CONTACT_KEYS, 'emails', 'phones', 'links']);

export function renderCard(rec: ShowRecord, app: App, opts: { all?: boolean } = {}): string {
  const s = app.styles;
  const today = app.today;
  const width = Number.isFinite(app.output.width) ? app.output.width : 200;
  const fit = (line: string) => truncate(line, width);
  const out: string[] = [];
  out.push(`${s.title(fit(clean(rec.name)))} ${s.dim(`(${rec.slug})`)}`);
  const job = [rec.role, rec.company].filter(Boolean).join(' at ');
  const sub = [job, rec.location].filter(Boolean).map(clean).join(' · ');
  if (sub) out.push(fit(sub));
  const field = (label: string, value: string, style = (t: string) => t) => {
    if (value) out.push(`${s.dim(`${label}:`.padEnd(11))}${style(fit(clean(value)).slice(0, Math.max(0, width - 11)))}`);
  };
  out.push('');
  field('aliases', rec.aliases.join(', '));
  field('tags', rec.tags.join(', '), s.tag);
  field('expertise', rec.expertise.join(', '));
  field('email', rec.emails.join(', '));
  field('phone', rec.phones.join(', '));
  for (const [k, v] of Object.entries(rec.links)) field(k, v);
  const fm = rec.frontmatter;
  const text = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(', ') : '');
  field('past', text(fm.past_companies));
  field('via', text(fm.introduced_by).replace(/^\[\[|\]\]$/g, ''));
  field('knows', text(fm.knows).replace(/\[\[|\]\]/g, ''));
  field('birthday', text(fm.birthday));
  // The user's own keys, as written (scalars and simple lists only).
  for (const [k, v] of Object.entries(fm)) {
    if (SHOWN_KEYS.has(k)) continue;
    const t = text(v);
    if (t) field(k.length > 10 ? `${k.slice(0, 9)}…` : k, t);
  }
  const source = rec.cadence_source === 'contact' ? '' : ` (${rec.cadence_source})`;
  field('cadence', `${rec.cadence}${source}`);
  field('last', rec.last_contact ? `${rec.last_contact} (${relativeDate(rec.last_contact, today)})` : 'never');
  if (rec.due_date && rec.days_overdue !== null) {
    const status = `${rec.due_date} (${dueStatus(rec.days_overdue)})`;
    field('due', status, rec.days_overdue > 0 ? s.overdue : rec.days_overdue === 0 ? s.soon : s.ok);
  } else field('due', 'never');
  const snooze = text(fm.snooze_until);
  if (snooze && snooze >= today) field('snoozed', `until ${snooze} (pln unset ${rec.slug} snooze_until to wake up early)`);
  const { gave, got } = rec.balance;
  // Only once something was given or received: most cards have neither.
  if (gave + got > 0) field('give/get', `you gave ${gave} · got ${got}${got > gave ? ' (your turn to give)' : ''}`);

  const open = rec.followups.filter((f) => !f.done);
  if (open.length > 0) {
    out.push('', s.heading('Open follow-ups'));
    for (const f of open) {
      const due = f.due ? ` 📅 ${f.due} (${relativeDate(f.due, today)})` : '';
      const line = fit(`  [ ] ${clean(f.text)}${due}`);
      out.push(f.overdue ? s.overdue(line) : line);
    }
  }
  if (rec.log.length > 0) {
    const shown = opts.all ? rec.log : rec.log.slice(0, RECENT_LOG);
    const more = rec.log.length - shown.length;
    out.push('', s.heading(`Log${more > 0 ? ` (latest ${shown.length} of ${rec.log.length}; all: pln show ${rec.slug} --all)` : ''}`));
    for (const e of shown) out.push(...logLines(e, app.output.width, s.dim));
  }
  if (rec.notes) {
    // Notes are read before a meeting: whole, wrapped to the terminal, never cut.
    out.push('', s.heading('Notes'));
    for (const l of rec.notes.split('\n')) out.push(...(l.trim() === '' ? [''] : wrapLine(clean(l).trimEnd(), app.output.width, '  ')));
  }
  out.push('', s.dim(fit(clean(rec.file))));
  return out.join('\n');
}

/** One log entry as the card and `pln log WHO` print it: whole, wrapped under its text. */
export function logLines(e: { date: string; kind: string | null; text: string }, width: number, dim: (t: string) => string = (t) => t): string[] {
  const text = `${e.kind ? `${clean(e.kind)}: ` : ''}${clean(e.text)}`;
  const lines = wrapLine(text, width, `  ${e.date} `, ' '.repeat(13));
  lines[0] = `  ${dim(e.date)}${lines[0]!.slice(2 + e.date.length)}`;
  return lines;
}
