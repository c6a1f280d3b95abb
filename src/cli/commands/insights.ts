/** What the network gives back: today, suggest, intro, topics, stats. */
import type { Command } from 'commander';
import { relativeDate, weekday, type IsoDate } from '../../domain/dates.js';
import type { Agenda, IntroResult, Stats, Suggestion, TopicRow } from '../../index/insights.js';
import { resolveWho } from '../../index/network.js';
import { filterNetwork, type PersonFilter } from '../../index/queries.js';
import type { App } from '../app.js';
import { filterOptions, oneOf, positiveInt } from '../options.js';
import { clean, displayWidth, table, truncate, type Column, type Styles } from '../render.js';

const TOPIC_SORTS = ['count', 'name'] as const;

/** The core is loaded only when one of these commands runs. */
const core = () => import('../../index/insights.js');

export function register(program: Command, app: App): void {
  filterOptions(program.command('today').description('the daily agenda: follow-ups, check-ins and birthdays (also bare pln)'))
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln today\n  pln            (the same)\n  pln today --tag mentor\n  pln today --json | jq ".followups"')
    .action(async (opts: { json?: boolean } & PersonFilter) => {
      const { todayAgenda } = await core();
      const net = filterNetwork(app.network(), opts);
      const agenda = todayAgenda(net, app.today);
      if (opts.json) return app.printJson(agenda);
      if (net.contacts.length === 0) return app.print('No contacts yet: add one with pln add "Name".');
      app.page(renderToday(agenda, app));
    });

  filterOptions(program.command('suggest'))
    .argument('[n]', 'how many people to suggest', '5')
    .description('whom to reach out to now, each with the reasons')
    .option('--json', 'print JSON (every field of the ranking, reasons included)')
    .addHelpText(
      'after',
      '\nRanked by how overdue the check-in is against its cadence, follow-ups you owe,\nexpertise in your goals (pln.yml goals), and whose turn it is to give.\n\nExamples:\n  pln suggest\n  pln suggest 10\n  pln suggest 3 --json | jq -r ".[].command"',
    )
    .action(async (n: string, opts: { json?: boolean } & PersonFilter) => {
      const limit = positiveInt(n, 'N');
      const { suggest } = await core();
      const rows = suggest(filterNetwork(app.network(), opts), app.today, limit);
      if (opts.json) return app.printJson(rows);
      if (rows.length === 0) return app.print('No one needs you right now: no check-ins or follow-ups due. All caught up.');
      app.page(renderSuggestions(rows, app));
    });

  program
    .command('intro')
    .argument('<target...>', 'a person (WHO), a company, or a topic')
    .description('who can introduce you to a person, company or topic, as paths')
    .option('-n, --limit <n>', 'show at most N paths', '10')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nPaths follow company, past_companies, knows and introduced_by; shortest first,\nthen those whose first person is one you are in touch with.\n\nExamples:\n  pln intro charles\n  pln intro "Acme Corp"\n  pln intro kubernetes --json',
    )
    .action(async (words: string[], opts: { limit: string; json?: boolean }) => {
      const limit = positiveInt(opts.limit, '--limit');
      const { introPaths } = await core();
      const net = app.network();
      const target = words.join(' ');
      let result = introPaths(net, target, app.today);
      // Nothing but an ambiguous name: ask which person (or list them and fail).
      if (result.kinds.length === 0 && resolveWho(net.contacts, target).kind === 'many') {
        const c = await app.resolve(target);
        result = introPaths(net, c.slug, app.today);
      }
      if (opts.json) return app.printJson({ ...result, paths: result.paths.slice(0, limit) });
      app.page(renderIntro(result, limit, app));
    });

  program
    .command('topics')
    .description('every expertise topic with how many people know it and how many are warm')
    .option('--gaps', 'only topics no one you are in touch with knows (your goals included)')
    .option('-s, --sort <key>', 'sort by count (most known first) or name', 'count')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln topics\n  pln topics --gaps\n  pln topics --sort name --json | jq -r ".[].topic"')
    .action(async (opts: { gaps?: boolean; sort: string; json?: boolean }) => {
      const sort = oneOf('--sort', opts.sort, TOPIC_SORTS);
      const { topicList } = await core();
      let rows = topicList(app.network(), app.today);
      if (opts.gaps) rows = rows.filter((r) => r.warm === 0);
      if (sort === 'name') rows.sort((a, b) => a.topic.localeCompare(b.topic));
      if (opts.json) return app.printJson(rows);
      if (rows.length === 0)
        return app.print(opts.gaps ? 'No gaps: someone you are in touch with knows every topic.' : 'No topics yet: add expertise to your contacts (pln set WHO expertise rust,go).');
      const s = app.styles;
      const columns: Column<TopicRow>[] = [
        {
          header: 'TOPIC',
          value: (r) => clean(r.also.length > 0 ? `${r.topic} (also ${r.also.join(', ')})` : r.topic),
          style: (t, r) => (r.goal && r.warm === 0 ? s.overdue(t) : r.goal ? s.title(t) : t),
          flex: true,
          min: 12,
        },
        { header: 'GOAL', value: (r) => (r.goal ? 'goal' : ''), style: (t) => s.dim(t) },
        { header: 'PEOPLE', value: (r) => String(r.count), align: 'right' },
        { header: 'WARM', value: (r) => String(r.warm), align: 'right', style: (t, r) => (r.warm === 0 ? s.dim(t) : s.ok(t)) },
        { header: '', value: (r) => coverageBar(r.count, r.warm, 20), style: (t, r) => styleBar(t, r.warm, s) },
      ];
      app.page(table(rows, columns, app.output, s));
    });

  program
    .command('stats')
    .description('the shape and health of your network: activity, topics, give and get')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln stats\n  pln stats --json | jq ".balance"')
    .action(async (opts: { json?: boolean }) => {
      const { networkStats } = await core();
      const stats = networkStats(app.network(), app.today);
      if (opts.json) return app.printJson(stats);
      if (stats.people === 0) return app.print('No contacts yet: add one with pln add "Name".');
      app.page(renderStats(stats, app));
    });
}

/** Lines are cut to the width only on a terminal; piped output keeps every word. */
let cutting = true;

function cut(text: string, width: number): string {
  return cutting ? truncate(text, width) : text;
}

/** The width to lay out for: the terminal's, or 80 when piped. */
function layoutWidth(app: App): number {
  cutting = Number.isFinite(app.output.width);
  return cutting ? app.output.width : 80;
}

/**
 * Joins parts with " · " (or ", " for a list of names) into lines no wider
 * than `width`, breaking only between parts; every line starts with
 * `indent`, the first with `first` instead when given. A comma stays at the
 * end of a broken line, a dot does not. A part too long for a line alone is
 * cut with "…".
 */
function wrapParts(parts: string[], width: number, indent: string, opts: { sep?: ' · ' | ', '; first?: string } = {}): string[] {
  const sep = opts.sep ?? ' · ';
  const lines: string[] = [];
  let line = opts.first ?? indent;
  let empty = true;
  for (const part of parts) {
    const next = empty ? line + part : line + sep.trimEnd() + ' ' + part;
    if (!empty && displayWidth(next) > width) {
      lines.push(sep === ', ' ? `${line},` : line);
      line = indent + part;
    } else line = next;
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines.map((l) => cut(l, width));
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Sunday 29 November 2026". */
function longDate(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[weekday(date)]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Wed 2 Dec". */
function shortDate(date: IsoDate): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[weekday(date)]!.slice(0, 3)} ${d} ${MONTHS[m - 1]!.slice(0, 3)}`;
}

/** "1 follow-up", "2 follow-ups"; `many` for irregular plurals. */
function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function renderToday(a: Agenda, app: App): string {
  const s = app.styles;
  const width = layoutWidth(app);
  const out: string[] = [];
  const summary = [
    a.followups.length > 0 ? plural(a.followups.length, 'follow-up') : '',
    a.checkins.length > 0 ? plural(a.checkins.length, 'check-in') : '',
    a.birthdays.length > 0 ? plural(a.birthdays.length, 'birthday') : '',
  ].filter(Boolean);
  out.push(`${s.title(longDate(a.date))}${summary.length > 0 ? s.dim(` · ${summary.join(', ')}`) : ''}`);
  if (summary.length === 0) {
    out.push('', 'Nothing due today: no follow-ups, check-ins or birthdays. Enjoy the quiet.', s.dim('  (pln suggest looks a little further ahead)'));
    return out.join('\n');
  }
  const command = (cmd: string) => s.dim(cut(`    → ${cmd}`, width));
  const item = (name: string, rest: string, status: string, style: (t: string) => string) => {
    const head = `  ${clean(name)}`;
    const tail = status ? ` · ${status}` : '';
    const line = cut(`${head}${rest ? `: ${clean(rest)}` : ''}`, Math.max(displayWidth(head) + 4, width - displayWidth(tail)));
    return `${s.name(line.slice(0, head.length))}${line.slice(head.length)}${tail ? ` · ${style(status)}` : ''}`;
  };

  if (a.followups.length > 0) {
    out.push('', s.heading('Follow-ups due'));
    for (const f of a.followups) {
      const status =
        f.days_overdue === 0
          ? 'due today'
          : `${relativeDate(f.due, a.date)
              .replace(/ ago$/, '')
              .replace(/^yesterday$/, '1 day')} overdue`;
      out.push(item(f.name, f.text, status, f.overdue ? s.overdue : s.soon), command(f.command));
    }
  }
  if (a.checkins.length > 0) {
    out.push('', s.heading('Reconnect with'));
    for (const c of a.checkins) {
      const [first, ...more] = wrapParts([clean(c.name), ...c.reasons], width, '    ', { first: '  ' });
      const name = `  ${clean(c.name)}`;
      out.push(first!.startsWith(name) ? s.name(name) + first!.slice(name.length) : first!, ...more, command(c.command));
    }
  }
  if (a.birthdays.length > 0) {
    out.push('', s.heading('Birthdays this week'));
    for (const b of a.birthdays) {
      const when = b.days_until === 0 ? 'today' : b.days_until === 1 ? `tomorrow, ${shortDate(b.date)}` : shortDate(b.date);
      const age = b.turns !== null ? ` (turns ${b.turns})` : '';
      out.push(item(b.name, '', `${when}${age}`, b.days_until === 0 ? s.soon : (t) => t), command(b.command));
    }
  }
  return out.join('\n');
}

function renderSuggestions(rows: Suggestion[], app: App): string {
  const s = app.styles;
  const width = layoutWidth(app);
  const out: string[] = [];
  const numberWidth = String(rows.length).length + 2;
  const indent = ' '.repeat(numberWidth);
  rows.forEach((r, i) => {
    if (i > 0) out.push('');
    const last = r.last_contact ? `last contact ${relativeDate(r.last_contact, app.today)}` : 'never contacted';
    const head = `${`${i + 1}.`.padEnd(numberWidth)}${clean(r.name)}`;
    const room = width - displayWidth(head) - 2;
    out.push(`${s.name(cut(head, width))}${room >= displayWidth(last) ? `  ${s.dim(last)}` : ''}`);
    out.push(...wrapParts(r.reasons, width, indent));
    out.push(s.dim(cut(`${indent}→ ${r.command}`, width)));
  });
  return out.join('\n');
}

function renderIntro(r: IntroResult, limit: number, app: App): string {
  const s = app.styles;
  const width = layoutWidth(app);
  const target = clean(r.target);
  const person = r.person;
  if (r.kinds.length === 0 && r.candidates) return `"${target}" could be ${r.candidates.map(clean).join(', ')} (named in someone's knows, not in the network); give more of the name.`;
  if (r.kinds.length === 0) return `No one in your network is, works at, or knows "${target}".`;
  const out: string[] = [];
  const what = r.kinds.map((k) => (k === 'person' ? 'a person' : k === 'company' ? 'a company' : 'a topic')).join(', ');
  // One reading only: name it as the network writes it ("Acme Corp" for "acme").
  const company = r.paths.find((p) => p.target_kind === 'company')?.reason.replace(/^formerly /, '');
  const title = r.kinds.length > 1 ? `"${target}"` : person ? clean(person.name) : company ? clean(company) : `"${target}"`;
  out.push(`${s.title(`Introductions to ${title}`)} ${s.dim(`(${what})`)}`);
  if (person?.in_network) {
    const last = person.last_contact ? `last contact ${relativeDate(person.last_contact, app.today)}` : 'never contacted';
    out.push(s.dim(cut(`${clean(person.name)} is in your network (${person.warm ? 'in touch' : person.new ? 'new' : 'lost touch'}, ${last}).`, width)));
  }
  if (r.paths.length === 0) {
    const who = person ? clean(person.name) : target;
    out.push('', `No one in your network links to ${who} yet.`, s.dim(`  Add whoever knows them to a contact's knows: list (pln set WHO knows ${person?.slug ?? 'SLUG'}).`));
    return out.join('\n');
  }
  out.push('');
  for (const p of r.paths.slice(0, limit)) {
    out.push(`  ${cut(clean(p.text), width - 2)}`);
    const first = p.path[0]!;
    const ask = p.hops === 1 ? first.name : `ask ${first.name}`;
    const touch = first.warm ? 'in touch' : first.new ? 'new' : first.in_network ? 'lost touch' : 'not in your network';
    const last = first.last_contact ? `, last contact ${relativeDate(first.last_contact, app.today)}` : first.in_network ? ', never contacted' : '';
    const detail = cut(`    ${clean(ask)}: ${touch}${last}`, width);
    out.push(first.warm ? s.ok(detail) : s.dim(detail));
  }
  if (r.paths.length > limit) out.push('', s.dim(`(${r.paths.length - limit} more: pln intro ${target.includes(' ') ? `"${target}"` : target} --limit ${r.paths.length})`));
  return out.join('\n');
}

/** A bar of `total` cells, the first `warm` of them solid: ██░░. */
function coverageBar(total: number, warm: number, max: number): string {
  const cells = Math.min(total, max);
  const solid = Math.min(warm, cells);
  return '█'.repeat(solid) + '░'.repeat(cells - solid);
}

function styleBar(bar: string, warm: number, s: Styles): string {
  const solid = Math.min(warm, bar.length);
  return s.ok(bar.slice(0, solid)) + s.dim(bar.slice(solid));
}

/** "mentor 2 · peer 2 · +9 more" fitted to `room` columns. */
function fitCounts(items: { value: string; count: number }[], room: number): string {
  const parts = items.map((i) => `${clean(i.value)} ${i.count}`);
  let shown = parts.length;
  const text = (n: number) => parts.slice(0, n).join(' · ') + (n < parts.length ? `${n > 0 ? ' · ' : ''}+${parts.length - n} more` : '');
  while (shown > 0 && displayWidth(text(shown)) > room) shown--;
  return text(shown);
}

const MONTH_ABBR = MONTHS.map((m) => m.slice(0, 3));
/** Topics shown in stats; `pln topics` lists them all. */
const STATS_TOPICS = 8;

function renderStats(st: Stats, app: App): string {
  const s = app.styles;
  const width = layoutWidth(app);
  const out: string[] = [];
  const pct = (n: number) => `${Math.round((100 * n) / Math.max(1, st.people))}%`;
  out.push(`${s.title('Your network')} ${s.dim(`on ${longDate(st.date)}`)}`);
  out.push(`  ${plural(st.people, 'person', 'people')} · ${st.warm} in touch (${pct(st.warm)}) · ${st.cold} to reconnect with${st.new ? ` · ${st.new} new` : ''}`);

  // Check-ins: one bar split by status.
  out.push('', s.heading('Check-ins'));
  const statuses: [string, number, (t: string) => string][] = [
    ['new', st.new, s.dim],
    ['on track', st.on_track, s.ok],
    ['due today', st.due_today, s.soon],
    ['overdue', st.overdue, s.overdue],
    ['no cadence', st.no_cadence, s.dim],
  ];
  const barMax = Math.max(10, Math.min(40, width - 30));
  const maxStatus = Math.max(1, ...statuses.map(([, n]) => n));
  for (const [label, n, style] of statuses) {
    if (n === 0 && label !== 'overdue') continue;
    const bar = '█'.repeat(Math.round((n / maxStatus) * barMax)) || (n > 0 ? '▏' : '');
    out.push(`  ${label.padEnd(11)}${String(n).padStart(4)}  ${s.dim(pct(n).padStart(4))}  ${style(bar)}`);
  }

  out.push('', s.heading('People'));
  for (const [label, items] of [
    ['tags', st.by_tag],
    ['companies', st.by_company],
    ['locations', st.by_location],
  ] as const) {
    if (items.length === 0) continue;
    out.push(`  ${s.dim(label.padEnd(11))}${fitCounts(items, width - 13)}`);
  }

  // Interactions per month, oldest first; the year shows on January and on the first row.
  const total = st.interactions;
  out.push('', `${s.heading('Interactions per month')} ${s.dim(`(${total} in the last 12 months)`)}`);
  const maxMonth = Math.max(1, ...st.interactions_by_month.map((m) => m.count));
  const monthBar = Math.max(10, Math.min(50, width - 16));
  st.interactions_by_month.forEach((m, i) => {
    const [y, mo] = m.month.split('-') as [string, string];
    const label = `${MONTH_ABBR[Number(mo) - 1]}${i === 0 || mo === '01' ? ` ${y}` : ''}`;
    const bar = '█'.repeat(Math.round((m.count / maxMonth) * monthBar));
    out.push(`  ${s.dim(label.padEnd(9))}${String(m.count).padStart(3)}${bar ? ` ${s.tag(bar)}` : ''}`);
  });

  // Topic coverage: the most known topics and every goal; a goal no one warm knows stands out.
  out.push('', `${s.heading('Topic coverage')} ${s.dim('(people who know it · in touch)')}`);
  const shown = st.topics.filter((t, i) => i < STATS_TOPICS || t.goal);
  const topicWidth = Math.min(28, Math.max(...shown.map((t) => displayWidth(clean(t.topic)))));
  const barRoom = Math.max(5, width - topicWidth - 20);
  for (const t of shown) {
    const label = cut(clean(t.topic), topicWidth);
    const padded = label + ' '.repeat(topicWidth - displayWidth(label));
    const style = t.goal && t.warm === 0 ? s.overdue : t.goal ? s.title : (x: string) => x;
    const counts = `${String(t.count).padStart(3)} · ${String(t.warm).padEnd(3)}`;
    out.push(`  ${style(padded)}  ${s.dim(t.goal ? 'goal' : '    ')}${counts}${styleBar(coverageBar(t.count, t.warm, barRoom), t.warm, s)}`);
  }
  const rest = st.topics.length - shown.length;
  if (rest > 0) out.push(s.dim(`  … ${rest} more: pln topics`));
  if (st.goals.length > 0) {
    const cold = st.goals_without_warm;
    if (cold.length === 0) out.push(`  ${s.ok('Every goal has someone you are in touch with.')}`);
    else {
      out.push(s.overdue(cut(`  Goals with no one in touch: ${cold.map(clean).join(', ')}`, width)));
      out.push(s.dim(cut(`  (pln who ${cold[0]!.includes(' ') ? `"${clean(cold[0]!)}"` : clean(cold[0]!)} --cold: whom to reconnect with)`, width)));
    }
  }

  const d = st.diversity;
  out.push('', s.heading('Reach'));
  const spans = [plural(d.companies, 'company', 'companies'), plural(d.locations, 'location')];
  if (d.sectors > 0) spans.splice(1, 0, plural(d.sectors, 'sector'));
  out.push(`  People you are in touch with span ${spans.join(', ')}.`);

  out.push('', s.heading('Give and get'));
  const b = st.balance;
  // A difference of one or two in a dozen is noise: call it even.
  const even = Math.abs(b.gave - b.got) <= Math.max(1, Math.round((b.gave + b.got) / 10));
  const verdict = b.gave + b.got === 0 ? 'none logged yet (pln log WHO --gave / --got)' : even ? 'about even' : b.got > b.gave ? 'you have received more than you gave' : 'you give more than you get';
  out.push(`  You gave ${b.gave} · got ${b.got}: ${verdict}.`);
  if (st.owed.length > 0) {
    out.push(
      ...wrapParts(
        st.owed.map((o) => clean(o.name)),
        width,
        '    ',
        { sep: ', ', first: '  Your turn to give: ' },
      ),
    );
  }
  return out.join('\n');
}
