/** The daily questions: due, followups, list, show, who, search. */
import type { Command } from 'commander';
import { usageError } from '../../domain/errors.js';
import { relativeDate } from '../../domain/dates.js';
import { dueList, followUpList, isFiltered, listContacts, personFilter, showRecord, LIST_SORTS, type PersonFilter, type DueRow, type FollowUpRow, type ListRow } from '../../index/queries.js';
import { MAX_QUERY_CHARS, MAX_QUERY_WORDS, withWarmth, type WarmWhoRow, type WhoRow } from '../../index/who.js';
import type { App } from '../app.js';
import { filterOptions, oneOf, parseWithin, positiveInt } from '../options.js';
import { clean, dueStatus, table, truncate, type Column } from '../render.js';

export function register(program: Command, app: App): void {
  filterOptions(program.command('due').description('people whose check-in is due, most overdue first'))
    .option('--within <duration>', 'also people due in the next DURATION (7d, 2w, 1m)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln due\n  pln due --within 7d --tag mentor\n  pln due --company acme\n  pln due --json | jq -r ".[].slug"')
    .action((opts: { within?: string; json?: boolean } & PersonFilter) => {
      const net = app.network({ tiers: isFiltered(opts) ? ['profile'] : [] });
      const today = app.today;
      const rows = dueList(net, today, { withinDays: opts.within ? parseWithin(opts.within, today) : 0, tag: opts.tag, company: opts.company, expertise: opts.expertise });
      if (opts.json) return app.printJson(rows);
      if (rows.length === 0) return app.print(opts.within ? 'No one is due for a check-in in that time.' : 'No one is due for a check-in. All caught up.');
      const s = app.styles;
      const narrow = app.output.width < 72;
      const columns: Column<DueRow>[] = [
        { header: 'NAME', value: (r) => clean(r.name), style: (t) => s.name(t), flex: true, min: 12 },
        // Narrow terminals get the date alone rather than "(7 mont…".
        { header: 'LAST CONTACT', value: (r) => (r.last_contact ? (narrow ? r.last_contact : `${r.last_contact} (${relativeDate(r.last_contact, today)})`) : 'never'), flex: true, min: 10 },
        { header: 'EVERY', value: (r) => (r.cadence_days === null ? '' : `${r.cadence_days}d`), align: 'right' },
        {
          header: 'STATUS',
          value: (r) => dueStatus(r.days_overdue),
          style: (t, r) => (r.days_overdue > 0 ? s.overdue(t) : r.days_overdue === 0 ? s.soon(t) : s.dim(t)),
        },
      ];
      app.page(table(rows, columns, app.output, s));
    });

  filterOptions(program.command('followups').description('open follow-ups across the network: overdue first, undated last'))
    .option('-a, --all', 'include done follow-ups')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln followups\n  pln followups --tag mentor\n  pln followups --all --json')
    .action((opts: { all?: boolean; json?: boolean } & PersonFilter) => {
      const net = app.network({ tiers: ['more', 'profile'] });
      const today = app.today;
      const rows = followUpList(net, today, { all: opts.all, tag: opts.tag, company: opts.company, expertise: opts.expertise });
      if (opts.json) {
        return app.printJson(rows.map(({ slug, name, text, due, done, overdue, line, file, done_date }) => ({ slug, name, text, due, done, overdue, line, file, done_date })));
      }
      if (rows.length === 0) return app.print('No open follow-ups.');
      const s = app.styles;
      const columns: Column<FollowUpRow>[] = [
        {
          header: 'DUE',
          value: (r) => (r.done ? `done ${r.done_date ?? ''}`.trim() : r.due ? `${r.due} (${relativeDate(r.due, today)})` : '—'),
          style: (t, r) => (r.done ? s.dim(t) : r.overdue ? s.overdue(t) : r.due === today ? s.soon(t) : t),
          min: 10,
          flex: true,
        },
        { header: 'WHO', value: (r) => clean(r.name), style: (t) => s.name(t), flex: true, min: 10 },
        { header: 'FOLLOW-UP', value: (r) => clean(r.text), flex: true, min: 12 },
      ];
      app.page(table(rows, columns, app.output, s));
    });

  filterOptions(program.command('list').alias('ls').description('contacts, filtered and sorted'))
    .option('-s, --sort <key>', `sort by ${LIST_SORTS.join(', ')}`, 'name')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln list\n  pln list --tag mentor --sort last\n  pln list --company acme --json')
    .action((opts: { tag?: string[]; company?: string[]; expertise?: string[]; sort: string; json?: boolean }) => {
      const sort = oneOf('--sort', opts.sort, LIST_SORTS);
      const net = app.network({ tiers: ['profile'] });
      const today = app.today;
      const rows = listContacts(net, today, { tag: opts.tag, company: opts.company, expertise: opts.expertise, sort });
      if (opts.json) return app.printJson(rows);
      if (rows.length === 0) return app.print(net.contacts.length === 0 ? 'No contacts yet: add one with pln add "Name".' : 'No one matches.');
      const s = app.styles;
      const columns: Column<ListRow>[] = [
        { header: 'NAME', value: (r) => clean(r.name), style: (t) => s.name(t), flex: true, min: 12 },
        { header: 'ROLE', value: (r) => clean([r.role, r.company].filter(Boolean).join(' @ ')), flex: true, min: 8 },
        { header: 'TAGS', value: (r) => clean(r.tags.join(', ')), style: (t) => s.tag(t), flex: true, min: 6 },
        { header: 'LAST', value: (r) => (r.last_contact ? relativeDate(r.last_contact, today) : 'never'), style: (t) => s.dim(t) },
      ];
      app.page(table(rows, columns, app.output, s));
    });

  program
    .command('show')
    .argument('<who>', 'slug, name, alias or unique prefix')
    .description('one person: fields, due status, open follow-ups, latest log entries, notes')
    .option('-a, --all', 'the whole log, not only the latest entries')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln show ada\n  pln show ada --all\n  pln show "Ada Lovelace" --json')
    .action(async (who: string, opts: { all?: boolean; json?: boolean }) => {
      const c = await app.resolve(who);
      const rec = showRecord(c, app.network({ tiers: ['profile'] }), app.today);
      if (opts.json) return app.printJson(rec);
      const { renderCard } = await import('./card.js');
      app.page(renderCard(rec, app, { all: opts.all }));
    });

  filterOptions(program.command('who'))
    .argument('<topic...>', 'what you want to learn about')
    .description('who knows a topic: good matches you are in touch with first, with what matched')
    .option('-n, --limit <n>', 'show at most N people (default: 10; with --json, everyone unless given)')
    .option('--cold', 'only people you have lost touch with (not contacted in two cadences, or never)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln who kubernetes\n  pln who rust --cold\n  pln who rust --company acme\n  pln who distributed systems --json')
    .action(async (topic: string[], opts: { limit?: string; cold?: boolean; json?: boolean } & PersonFilter) => {
      checkQuery(topic, 'topic');
      const limit = opts.limit === undefined ? null : positiveInt(opts.limit, '--limit');
      const net = app.network({ tiers: [...app.store().whoTiers(), ...(isFiltered(opts) ? (['profile'] as const) : [])] });
      const today = app.today;
      const [{ warmth }, { buildThesaurus }, { whoWithSynonymsAll }] = await Promise.all([import('../../index/insights.js'), import('../../domain/thesaurus.js'), import('../../index/synonyms.js')]);
      // `k8s` finds kubernetes experts: every spelling the thesaurus (and topic_aliases) knows is asked.
      // Unsorted: withWarmth orders them.
      const found = whoWithSynonymsAll((asks) => app.store().whoKnowsAll(asks), buildThesaurus(net.config.topicAliases), topic.join(' '), false);
      let rows = withWarmth(found, (slug) => warmth(net.bySlug.get(slug)!, net.config, today));
      if (opts.cold) rows = rows.filter((r) => !r.warm && !r.new);
      if (isFiltered(opts)) {
        const keep = personFilter(opts, net.config.topicAliases);
        rows = rows.filter((r) => keep(net.bySlug.get(r.slug)!));
      }
      if (opts.json) return app.printJson(limit === null ? rows : rows.slice(0, limit));
      const query = clean(topic.join(' '));
      if (rows.length === 0) return app.print(opts.cold ? `No one you have lost touch with matches "${query}".` : `No one in your network matches "${query}".`);
      const s = app.styles;
      const columns: Column<WarmWhoRow>[] = [
        { header: 'NAME', value: (r) => clean(r.name), style: (t) => s.name(t), flex: true, min: 12 },
        {
          header: 'LAST CONTACT',
          value: (r) => (r.last_contact ? relativeDate(r.last_contact, today) : r.new ? 'new' : 'never'),
          style: (t, r) => (r.warm ? s.ok(t) : s.dim(t)),
        },
        { header: 'SCORE', value: (r) => r.score.toFixed(2), align: 'right', style: (t) => s.dim(t) },
        {
          header: 'MATCHED',
          value: (r) => clean(r.matches.map((m) => `${m.field}: ${truncate(m.value, 40)}`).join(' · ')),
          flex: true,
          min: 12,
        },
      ];
      app.page(table(rows.slice(0, limit ?? 10), columns, app.output, s));
    });

  program
    .command('search')
    .argument('<query...>', 'words to look for')
    .description('fuzzy search over everything: names, fields, notes, log, follow-ups')
    .option('-n, --limit <n>', 'show at most N people (default: 20; with --json, everyone unless given)')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  pln search rustconf\n  pln search "benchmark paper" --json')
    .action(async (query: string[], opts: { limit?: string; json?: boolean }) => {
      checkQuery(query, 'query');
      const limit = opts.limit === undefined ? null : positiveInt(opts.limit, '--limit');
      const net = app.network();
      const { searchContacts } = await import('../../index/search.js');
      const rows = searchContacts(net.contacts, query.join(' '));
      if (opts.json) return app.printJson(limit === null ? rows : rows.slice(0, limit));
      printMatches(app, rows.slice(0, limit ?? 20), `Nothing matches "${clean(query.join(' '))}".`);
    });
}

function printMatches(app: App, rows: WhoRow[], empty: string): void {
  if (rows.length === 0) return app.print(empty);
  const s = app.styles;
  const columns: Column<WhoRow>[] = [
    { header: 'NAME', value: (r) => clean(r.name), style: (t) => s.name(t), flex: true, min: 12 },
    { header: 'SCORE', value: (r) => r.score.toFixed(2), align: 'right', style: (t) => s.dim(t) },
    {
      header: 'MATCHED',
      value: (r) => clean(r.matches.map((m) => `${m.field}: ${truncate(m.value, 40)}`).join(' · ')),
      flex: true,
      min: 12,
    },
  ];
  app.page(table(rows, columns, app.output, s));
}

/** A topic or query: some words, and not a pasted page. */
function checkQuery(words: string[], what: string): void {
  const all = words.join(' ').trim().split(/\s+/).filter(Boolean);
  if (all.length === 0) throw usageError(`the ${what} is empty`);
  if (all.length > MAX_QUERY_WORDS) throw usageError(`the ${what} has ${all.length} words; use at most ${MAX_QUERY_WORDS}`);
  const length = [...all.join(' ')].length;
  if (length > MAX_QUERY_CHARS) throw usageError(`the ${what} has ${length} characters; use at most ${MAX_QUERY_CHARS}`);
}
