/**
 * What the network gives back: warmth, the daily agenda, whom to reach out
 * to and why, introduction paths, topic coverage, give/get balance and the
 * numbers of `pln stats`. Pure functions of a network and a date; rows are in
 * the JSON shapes the commands print (snake_case).
 */
import { cadenceDays } from '../domain/cadence.js';
import { daysOverdue, dueDate, effectiveCadence, isNew, isOverdue, lastContact, type Config, type Contact } from '../domain/contact.js';
import { addMonths, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import { fold, words } from '../domain/text.js';
import { buildThesaurus, canonicalTopic, synonymsOf, type Thesaurus } from '../domain/thesaurus.js';
import { resolveWho, type Network } from './network.js';

// ---- warmth ----------------------------------------------------------------

/** How long someone with cadence `none` stays warm after the last contact. */
export const WARM_DAYS_WITHOUT_CADENCE = 180;
/** Bounds of the warm window for people with a cadence, in days. */
export const WARM_DAYS_MIN = 30;
export const WARM_DAYS_MAX = 365;

/** Whether you are in touch with someone, and since when. */
export interface Warmth {
  warm: boolean;
  /** Never contacted and added less than a cadence ago: neither warm nor cold. */
  new: boolean;
  last_contact: IsoDate | null;
  /** Days from the last contact to today; null when never in touch. */
  days_since: number | null;
  /** How many days after the last contact someone stays warm. */
  window_days: number;
}

/**
 * The one definition of "warm" (in touch), used by who, suggest, intro,
 * topics and stats: the last contact is at most two effective cadences ago,
 * and never less than WARM_DAYS_MIN nor more than WARM_DAYS_MAX days; with
 * cadence `none`, at most WARM_DAYS_WITHOUT_CADENCE days ago. One missed
 * check-in makes someone overdue, not a stranger; two make them cold.
 * Someone never contacted is cold, unless new (see `isNew`).
 */
export function warmth(c: Contact, config: Config, today: IsoDate): Warmth {
  const days = cadenceDays(effectiveCadence(c, config).cadence);
  const window = days === null ? WARM_DAYS_WITHOUT_CADENCE : Math.min(WARM_DAYS_MAX, Math.max(WARM_DAYS_MIN, 2 * days));
  const last = lastContact(c);
  if (last === null) return { warm: false, new: isNew(c, config, today), last_contact: null, days_since: null, window_days: window };
  const since = daysBetween(last, today);
  return { warm: since <= window, new: false, last_contact: last, days_since: since, window_days: window };
}

/** Shorthand for `warmth(...).warm`. */
export function isWarm(c: Contact, config: Config, today: IsoDate): boolean {
  return warmth(c, config, today).warm;
}

// ---- give and get ----------------------------------------------------------

/** How often you helped someone (`gave` log entries) and they helped you (`got`). */
export interface Balance {
  gave: number;
  got: number;
}

/** One person's give/get balance, from the kinds of their log entries. */
export function balanceOf(c: Contact): Balance {
  let gave = 0;
  let got = 0;
  for (const e of c.log) {
    if (e.kind === 'gave') gave++;
    else if (e.kind === 'got') got++;
  }
  return { gave, got };
}

/** The balance over the whole network. */
export function networkBalance(contacts: readonly Contact[]): Balance {
  const total = { gave: 0, got: 0 };
  for (const c of contacts) {
    const b = balanceOf(c);
    total.gave += b.gave;
    total.got += b.got;
  }
  return total;
}

// ---- topics ----------------------------------------------------------------

/** Words of a topic, folded, with a plural `s` dropped ("compilers" ~ "compiler"). */
function topicWords(topic: string): string[] {
  return words(topic).map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}

/** The key two spellings of one topic share: "Distributed  Systems" ~ "distributed system". */
export function topicKey(topic: string): string {
  return topicWords(topic).join(' ');
}

const plainTopicKey = topicKey;

/**
 * Whether an expertise entry covers a topic (a goal, or what `intro` was
 * asked for): the topic's words appear in a row among the entry's words
 * ("systems" is covered by "distributed systems"), or the topic is the
 * acronym of the entry ("ml" for "machine learning").
 */
export function topicMatches(topic: string, expertise: string): boolean {
  const t = topicWords(topic);
  const e = topicWords(expertise);
  if (t.length === 0 || e.length === 0) return false;
  if (t.length === 1 && e.length > 1 && e.map((w) => w[0]).join('') === t[0]) return true;
  for (let i = 0; i + t.length <= e.length; i++) {
    if (t.every((w, j) => e[i + j] === w)) return true;
  }
  return false;
}

/**
 * The test of an expertise entry for a topic, its synonyms included (`k8s`
 * covers kubernetes; `pg` postgresql): what goals, `intro TOPIC` and the
 * `--expertise` filter ask.
 */
export function topicTest(thesaurus: Thesaurus, topic: string): (expertise: string) => boolean {
  const spellings = [topic, ...(synonymsOf(thesaurus, topic) ?? [])];
  return (e) => spellings.some((t) => topicMatches(t, e));
}

/** A goal as written in `pln.yml`, with the test of an expertise entry for it (topicTest). */
export interface GoalTest {
  goal: string;
  covers: (expertise: string) => boolean;
}

/** The goals someone's expertise covers, as written in `pln.yml`, synonyms included. */
export function goalsKnown(c: Contact, goals: readonly GoalTest[]): string[] {
  return goals.filter((g) => c.expertise.some(g.covers)).map((g) => g.goal);
}

export interface TopicRow {
  /** The most common spelling in the network (a goal's spelling when nobody knows it). */
  topic: string;
  /** How many people list it in `expertise`. */
  count: number;
  /** How many of them are warm. */
  warm: number;
  /** It is one of the goals in `pln.yml`. */
  goal: boolean;
  /** Who knows it, by slug. */
  people: string[];
  /** The other spellings in the network the thesaurus counts as this topic (`k8s` for kubernetes). */
  also: string[];
}

/**
 * Every expertise topic with how many people know it and how many of them
 * are warm, most known first; goals nobody knows are listed with count 0,
 * so the gaps show.
 */
export function topicList(net: Network, today: IsoDate): TopicRow[] {
  // Synonyms (`k8s`, `kubernetes`) are one topic, under the key of the canonical word.
  const thesaurus = buildThesaurus(net.config.topicAliases);
  const topicKey = (t: string) => plainTopicKey(canonicalTopic(thesaurus, t));
  const byKey = new Map<string, { spellings: Map<string, number>; people: Set<string>; warm: number }>();
  for (const c of net.contacts) {
    const warm = isWarm(c, net.config, today);
    const seen = new Set<string>();
    for (const e of c.expertise) {
      const key = topicKey(e);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { spellings: new Map(), people: new Set(), warm: 0 }));
      entry.spellings.set(e, (entry.spellings.get(e) ?? 0) + 1);
      entry.people.add(c.slug);
      if (warm) entry.warm++;
    }
  }
  const goalKeys = new Map(net.config.goals.map((g) => [topicKey(g), g]));
  const rows: TopicRow[] = [];
  for (const [key, entry] of byKey) {
    // Map order is insertion order, so ties go to the spelling seen first.
    let topic = '';
    let best = 0;
    for (const [spelling, n] of entry.spellings) if (n > best) [topic, best] = [spelling, n];
    const also = [...new Set([...entry.spellings.keys()].filter((s) => plainTopicKey(s) !== plainTopicKey(topic)).map((s) => s.toLowerCase()))];
    rows.push({ topic, count: entry.people.size, warm: entry.warm, goal: goalKeys.has(key), people: [...entry.people].sort(), also });
  }
  for (const [key, goal] of goalKeys) {
    if (key !== '' && !byKey.has(key)) rows.push({ topic: goal, count: 0, warm: 0, goal: true, people: [], also: [] });
  }
  return rows.sort((a, b) => b.count - a.count || b.warm - a.warm || compareText(a.topic, b.topic));
}

/** How well the network covers one goal: people whose expertise covers it, and the warm ones. */
export interface GoalCoverage {
  goal: string;
  count: number;
  warm: number;
  people: string[];
}

/** Coverage of each goal in `pln.yml`, in the order written. */
export function goalCoverage(net: Network, today: IsoDate): GoalCoverage[] {
  const thesaurus = buildThesaurus(net.config.topicAliases);
  return net.config.goals.map((goal) => {
    const covers = topicTest(thesaurus, goal);
    const people = net.contacts.filter((c) => c.expertise.some(covers));
    return {
      goal,
      count: people.length,
      warm: people.filter((c) => isWarm(c, net.config, today)).length,
      people: people.map((c) => c.slug).sort(),
    };
  });
}

// ---- suggest ---------------------------------------------------------------

/** Weights of the ranking in `suggest`; the reasons name each part that counted. */
export const SUGGEST_WEIGHTS = {
  /** Due today; grows by this much again per whole cadence overdue, up to `overdueCap`. */
  due: 1,
  overdueCap: 3,
  /** Not due yet, but within `soonDays`. */
  dueSoon: 0.25,
  soonDays: 7,
  /** An open follow-up due today or overdue. */
  followUpDue: 1.5,
  /** An open follow-up due within `soonDays`. */
  followUpSoon: 0.5,
  /** An open follow-up with no date. */
  followUpOpen: 0.2,
  /** Per goal their expertise covers, at most two. */
  goal: 0.75,
  /** They gave you more than you gave them. */
  owe: 0.5,
} as const;

export interface Suggestion {
  slug: string;
  name: string;
  score: number;
  /** Why, most important first: "overdue 3 weeks", "knows rust (your goal)", ... */
  reasons: string[];
  last_contact: IsoDate | null;
  due_date: IsoDate | null;
  days_overdue: number | null;
  cadence_days: number | null;
  warm: boolean;
  /** The goals their expertise covers. */
  goals: string[];
  /** Open follow-ups due today or earlier. */
  followups_due: number;
  balance: Balance;
  /** A command to act on it. */
  command: string;
}

/**
 * Whom to reach out to now, best first. Someone is a candidate when their
 * check-in is due (or due within a week) or a follow-up with them is open;
 * covering a goal and having given you more than you gave them raise the
 * rank but never make someone a candidate alone. Ties: most overdue, then name.
 */
export function suggest(net: Network, today: IsoDate, limit = Infinity): Suggestion[] {
  return rankCandidates(net, today)
    .slice(0, limit)
    .map(({ contact, firstDueFollowUp, ...s }) => {
      const handle = handleOf(contact, net.contacts);
      return { ...s, command: firstDueFollowUp > 0 ? `pln done ${handle} ${firstDueFollowUp}` : `pln log ${handle} "caught up"` };
    });
}

type Candidate = Omit<Suggestion, 'command'> & { contact: Contact; firstDueFollowUp: number };

/** Everyone worth reaching out to, ranked; commands are added to the few shown (resolving handles costs). */
function rankCandidates(net: Network, today: IsoDate): Candidate[] {
  const W = SUGGEST_WEIGHTS;
  const out: Candidate[] = [];
  const thesaurus = net.config.goals.length > 0 ? buildThesaurus(net.config.topicAliases) : null;
  const goalTests: GoalTest[] = thesaurus ? net.config.goals.map((goal) => ({ goal, covers: topicTest(thesaurus, goal) })) : [];
  for (const c of net.contacts) {
    const days = cadenceDays(effectiveCadence(c, net.config).cadence);
    const overdue = daysOverdue(c, net.config, today);
    const last = lastContact(c);
    const reasons: string[] = [];
    let base = 0;
    if (overdue !== null && overdue >= 0) {
      // Due today counts 1; each whole cadence overdue adds 1 more, up to the cap.
      base += Math.min(W.overdueCap, W.due + (days ? overdue / days : 0));
      reasons.push(last === null ? 'not in touch yet' : overdue === 0 ? 'check-in due today' : `overdue ${spanOf(overdue)}`);
    } else if (overdue !== null && overdue >= -W.soonDays) {
      base += W.dueSoon;
      reasons.push(`check-in due ${inDays(-overdue)}`);
    }
    const open = c.followups.filter((f) => !f.done);
    const dueIndex = open.findIndex((f) => f.due !== null && f.due <= today);
    const followupsDue = open.filter((f) => f.due !== null && f.due <= today).length;
    const nextDue = open
      .filter((f) => f.due !== null)
      .map((f) => f.due!)
      .sort()[0];
    if (followupsDue > 0) {
      base += W.followUpDue;
      reasons.push(followupsDue === 1 ? 'you owe a follow-up' : `you owe ${followupsDue} follow-ups`);
    } else if (nextDue !== undefined && daysBetween(today, nextDue) <= W.soonDays) {
      base += W.followUpSoon;
      reasons.push(`follow-up due ${inDays(daysBetween(today, nextDue))}`);
    } else if (open.some((f) => f.due === null)) {
      base += W.followUpOpen;
      reasons.push('an open follow-up');
    }
    if (base === 0) continue;
    let score = base;
    const goals = goalsKnown(c, goalTests);
    if (goals.length > 0) {
      score += W.goal * Math.min(2, goals.length);
      reasons.push(`knows ${goals.join(', ')} (your goal${goals.length > 1 ? 's' : ''})`);
    }
    const balance = balanceOf(c);
    if (balance.got > balance.gave) {
      score += W.owe;
      reasons.push(`your turn to give (got ${balance.got}, gave ${balance.gave})`);
    }
    out.push({
      contact: c,
      firstDueFollowUp: dueIndex + 1,
      slug: c.slug,
      name: c.name,
      score: Math.round(score * 100) / 100,
      reasons,
      last_contact: last,
      due_date: dueDate(c, net.config, today),
      days_overdue: overdue,
      cadence_days: days,
      warm: isWarm(c, net.config, today),
      goals,
      followups_due: followupsDue,
      balance,
    });
  }
  return out.sort((a, b) => b.score - a.score || (b.days_overdue ?? -Infinity) - (a.days_overdue ?? -Infinity) || compareText(a.name, b.name));
}

/** "tomorrow", "in 5 days". */
function inDays(days: number): string {
  return days === 1 ? 'tomorrow' : `in ${spanOf(days)}`;
}

/** "5 days", "3 weeks", "2 months", "1 year": a friendly length of time. */
export function spanOf(days: number): string {
  const n = Math.abs(days);
  const unit = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  if (n < 14) return unit(n, 'day');
  if (n < 60) return unit(Math.round(n / 7), 'week');
  if (n < 730) return unit(Math.round(n / 30.44), 'month');
  return unit(Math.round(n / 365.25), 'year');
}

/**
 * The shortest way to name someone on the command line: their first name
 * when it resolves to them alone and needs no quoting, else the slug.
 */
export function handleOf(c: Contact, contacts: readonly Contact[]): string {
  const first = words(c.name)[0];
  if (first && /^[a-z0-9][a-z0-9-]*$/.test(first)) {
    const r = resolveWho(contacts, first);
    if (r.kind === 'one' && r.contact === c) return first;
  }
  return /^[A-Za-z0-9._-]+$/.test(c.slug) ? c.slug : `'${c.slug.replace(/'/g, `'\\''`)}'`;
}

// ---- today -----------------------------------------------------------------

export interface AgendaFollowUp {
  slug: string;
  name: string;
  text: string;
  due: IsoDate;
  overdue: boolean;
  /** 0 = due today. */
  days_overdue: number;
  line: number;
  command: string;
}

export interface Birthday {
  slug: string;
  name: string;
  /** As written: `MM-DD` or `YYYY-MM-DD`. */
  birthday: string;
  /** The next occurrence, today or later. */
  date: IsoDate;
  days_until: number;
  /** Age on that day, when the birth year is known. */
  turns: number | null;
  command: string;
}

export interface Agenda {
  date: IsoDate;
  followups: AgendaFollowUp[];
  checkins: Suggestion[];
  birthdays: Birthday[];
}

/** How many check-ins the agenda offers: a few worth doing, not the whole backlog. */
export const AGENDA_CHECKINS = 3;
/** Birthdays within this many days, today included, are in the agenda. */
export const BIRTHDAY_DAYS = 7;

/**
 * The daily agenda: open follow-ups due today or overdue (most overdue
 * first), the few check-ins `suggest` ranks highest among people whose
 * check-in is due (and who are not already in the follow-ups), and
 * birthdays in the coming week.
 */
export function todayAgenda(net: Network, today: IsoDate): Agenda {
  const followups: AgendaFollowUp[] = [];
  for (const c of net.contacts) {
    const open = c.followups.filter((f) => !f.done);
    open.forEach((f, i) => {
      if (f.due === null || f.due > today) return;
      followups.push({
        slug: c.slug,
        name: c.name,
        text: f.text,
        due: f.due,
        overdue: isOverdue(f, today),
        days_overdue: daysBetween(f.due, today),
        line: f.line,
        command: `pln done ${handleOf(c, net.contacts)} ${i + 1}`,
      });
    });
  }
  followups.sort((a, b) => a.due.localeCompare(b.due) || compareText(a.name, b.name) || a.line - b.line);
  // People listed for a follow-up are already being contacted today.
  const listed = new Set(followups.map((f) => f.slug));
  const checkins = rankCandidates(net, today)
    .filter((s) => s.days_overdue !== null && s.days_overdue >= 0 && !listed.has(s.slug))
    .slice(0, AGENDA_CHECKINS)
    // The follow-ups are listed above with their own commands: here, the check-in.
    .map(({ contact, firstDueFollowUp: _, ...s }) => ({ ...s, command: `pln log ${handleOf(contact, net.contacts)} "caught up"` }));
  return { date: today, followups, checkins, birthdays: upcomingBirthdays(net, today, BIRTHDAY_DAYS) };
}

/** Birthdays from today through the next `days - 1` days, soonest first. */
export function upcomingBirthdays(net: Network, today: IsoDate, days: number): Birthday[] {
  const out: Birthday[] = [];
  for (const c of net.contacts) {
    if (c.birthday === null) continue;
    const date = nextBirthday(c.birthday, today);
    if (date === null) continue;
    const until = daysBetween(today, date);
    if (until >= days) continue;
    const year = c.birthday.length === 10 ? Number(c.birthday.slice(0, 4)) : null;
    out.push({
      slug: c.slug,
      name: c.name,
      birthday: c.birthday,
      date,
      days_until: until,
      turns: year === null ? null : Number(date.slice(0, 4)) - year,
      command: `pln log ${handleOf(c, net.contacts)} "wished a happy birthday"`,
    });
  }
  return out.sort((a, b) => a.days_until - b.days_until || compareText(a.name, b.name));
}

/** The next date, today or later, of a `MM-DD` or `YYYY-MM-DD` birthday; 29 Feb falls on 28 Feb in other years. */
export function nextBirthday(birthday: string, today: IsoDate): IsoDate | null {
  const m = /^(?:\d{4}-)?(\d{2})-(\d{2})$/.exec(birthday);
  if (!m) return null;
  const year = Number(today.slice(0, 4));
  const on = (y: number): IsoDate | null => {
    const date = `${y}-${m[1]}-${m[2]}`;
    if (isIsoDate(date)) return date;
    return m[1] === '02' && m[2] === '29' ? `${y}-02-28` : null;
  };
  const thisYear = on(year);
  if (thisYear === null) return null;
  return thisYear >= today ? thisYear : on(year + 1);
}

// ---- intro -----------------------------------------------------------------

export type TargetKind = 'person' | 'company' | 'topic';

/** One step of a path: a contact, or someone known only by name from `knows`/`introduced_by`. */
export interface PathNode {
  slug: string;
  name: string;
  in_network: boolean;
  warm: boolean;
  new: boolean;
  last_contact: IsoDate | null;
  company: string | null;
}

export interface IntroPath {
  /** What the path leads to: the person, someone at the company, someone who knows the topic. */
  target_kind: TargetKind;
  /** The people after "you", the first being whom you ask. */
  path: PathNode[];
  /** Edges between consecutive steps: `direct`, `knows`, `introduced`. */
  via: string[];
  /** Why the last person answers the target: "Acme Corp", "formerly Acme Corp", "knows rust". */
  reason: string;
  hops: number;
  /** "you → Ada Lovelace → Charles Babbage (Analytical Engines)". */
  text: string;
}

export interface IntroResult {
  target: string;
  /** Which readings of the target matched anything. */
  kinds: TargetKind[];
  /** The person the target names, when it names one in the network. */
  person: PathNode | null;
  paths: IntroPath[];
  /** When nothing matched: the people outside the network the target could name (a first name several have), by name. */
  candidates?: string[];
}

/** At most this many people between you and the target. */
export const MAX_INTRO_HOPS = 4;

interface Edge {
  to: string;
  via: 'knows' | 'introduced';
}

/**
 * Who can introduce you to a person, a company or a topic. The graph: you
 * know every contact directly; a contact knows the people in their `knows`;
 * `introduced_by` links both ways. People named in `knows` or
 * `introduced_by` without a file of their own are nodes too. The target is
 * matched three ways at once: a person (WHO resolution, or a name in
 * `knows`), a company (current `company` or `past_companies`, folded), and a
 * topic (expertise). Only the shortest paths to each person who answers the
 * target are kept; for a person target, the direct line to them is left out
 * (you are asking who can introduce you). Shortest first, then those whose
 * first step is warm (then with more warm steps), people at the company
 * before those who were, then the most recently contacted first step.
 */
export function introPaths(net: Network, target: string, today: IsoDate): IntroResult {
  const wanted = target.trim();
  const contacts = net.contacts;
  const nodes = new Map<string, PathNode>();
  for (const c of contacts) {
    const w = warmth(c, net.config, today);
    nodes.set(c.slug, { slug: c.slug, name: c.name, in_network: true, warm: w.warm, new: w.new, last_contact: w.last_contact, company: c.company });
  }
  // `knows` and `introduced_by` hold slugs, but a differently cased slug or a
  // full name still means the contact; anything else is someone outside.
  const refs = new Map<string, string>();
  for (const c of contacts) for (const key of [fold(c.slug), fold(c.name), slugLike(c.name)]) if (!refs.has(key)) refs.set(key, c.slug);
  const node = (ref: string): string => {
    if (nodes.has(ref) && nodes.get(ref)!.in_network) return ref;
    const known = refs.get(fold(ref)) ?? refs.get(slugLike(ref));
    if (known) return known;
    const slug = slugLike(ref) || ref;
    if (!nodes.has(slug)) nodes.set(slug, { slug, name: nameFromRef(ref), in_network: false, warm: false, new: false, last_contact: null, company: null });
    return slug;
  };
  const edges = new Map<string, Edge[]>();
  const link = (from: string, to: string, via: Edge['via']) => {
    if (from === to) return;
    const list = edges.get(from) ?? [];
    if (!list.some((e) => e.to === to)) list.push({ to, via });
    edges.set(from, list);
  };
  for (const c of contacts) {
    for (const k of c.knows) link(c.slug, node(k), 'knows');
    if (c.introducedBy) {
      const by = node(c.introducedBy);
      link(by, c.slug, 'introduced');
      link(c.slug, by, 'introduced');
    }
  }

  // Who answers the target, and why: people at the company, then people who know the topic.
  const ends = new Map<string, { kind: TargetKind; reason: string }>();
  const companyMatch = (company: string) => companyKey(company) !== '' && companyKey(company) === companyKey(wanted);
  for (const c of contacts) {
    if (c.company && companyMatch(c.company)) ends.set(c.slug, { kind: 'company', reason: c.company });
    else {
      const past = c.pastCompanies.find(companyMatch);
      if (past) ends.set(c.slug, { kind: 'company', reason: `formerly ${past}` });
    }
  }
  const covers = topicTest(buildThesaurus(net.config.topicAliases), wanted);
  for (const c of contacts) {
    if (ends.has(c.slug)) continue;
    const topic = c.expertise.find(covers);
    if (topic) ends.set(c.slug, { kind: 'topic', reason: `knows ${topic}` });
  }
  const candidates: string[] = [];
  const person = targetPerson(net, wanted, nodes, ends.size > 0, candidates);
  if (person) ends.set(person.slug, { kind: 'person', reason: person.company ?? '' });
  const kinds = new Set([...ends.values()].map((e) => e.kind));

  // Breadth-first from you, keeping every shortest predecessor so that each
  // way of reaching a person at that distance is offered.
  const YOU = '';
  const dist = new Map<string, number>([[YOU, 0]]);
  const preds = new Map<string, { from: string; via: string }[]>();
  let frontier: string[] = [];
  for (const c of contacts) {
    // You are asking for an introduction to this person: not the direct line.
    if (person && c.slug === person.slug) continue;
    dist.set(c.slug, 1);
    preds.set(c.slug, [{ from: YOU, via: 'direct' }]);
    frontier.push(c.slug);
  }
  for (let d = 1; d < MAX_INTRO_HOPS && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const from of frontier) {
      // Whoever answers the target ends a path: a path does not run through them.
      if (ends.has(from)) continue;
      for (const e of edges.get(from) ?? []) {
        const seen = dist.get(e.to);
        if (seen === undefined) {
          dist.set(e.to, d + 1);
          preds.set(e.to, [{ from, via: e.via }]);
          next.push(e.to);
        } else if (seen === d + 1) preds.get(e.to)!.push({ from, via: e.via });
      }
    }
    frontier = next;
  }

  const paths: IntroPath[] = [];
  for (const [slug, end] of ends) {
    if (!dist.has(slug)) continue;
    for (const steps of walkBack(slug, preds, YOU)) {
      const path = steps.map((s) => nodes.get(s.node)!);
      const text = `you → ${path.map((p) => p.name).join(' → ')}${end.reason ? ` (${end.reason})` : ''}`;
      paths.push({ target_kind: end.kind, path, via: steps.map((s) => s.via), reason: end.reason, hops: path.length, text });
    }
  }
  paths.sort(
    (a, b) =>
      a.hops - b.hops ||
      Number(b.path[0]!.warm) - Number(a.path[0]!.warm) ||
      b.path.filter((p) => p.warm).length - a.path.filter((p) => p.warm).length ||
      Number(a.reason.startsWith('formerly ')) - Number(b.reason.startsWith('formerly ')) ||
      (b.path[0]!.last_contact ?? '').localeCompare(a.path[0]!.last_contact ?? '') ||
      compareText(a.text, b.text),
  );
  const order: TargetKind[] = ['person', 'company', 'topic'];
  const found = order.filter((k) => kinds.has(k));
  return { target: wanted, kinds: found, person, paths, ...(found.length === 0 && candidates.length > 1 ? { candidates } : {}) };
}

/**
 * The person a target names: a contact by WHO resolution, or someone named
 * only in `knows`/`introduced_by`. When the target already names a company
 * or a topic, only an exact name, alias, slug or first name counts, so that
 * `intro go` is the language, not Gordon by prefix.
 */
function targetPerson(net: Network, wanted: string, nodes: Map<string, PathNode>, otherMatches: boolean, candidates: string[]): PathNode | null {
  const q = fold(wanted);
  const r = resolveWho(net.contacts, wanted);
  if (r.kind === 'one') {
    const c = r.contact;
    const exact = fold(c.slug) === q || fold(c.name) === q || c.aliases.some((a) => fold(a) === q) || words(c.name)[0] === q;
    if (!otherMatches || exact) return nodes.get(c.slug)!;
  }
  const outside = [...nodes.values()].filter((n) => !n.in_network);
  const named = outside.find((n) => fold(n.slug) === q || fold(n.name) === q || n.slug === slugLike(wanted));
  if (named || otherMatches) return named ?? null;
  // Someone only named in `knows`, by first name or the start of the slug, when no one else outside has it (`charles`).
  const prefix = slugLike(wanted);
  const started = prefix === '' ? [] : outside.filter((n) => words(n.name)[0] === q || n.slug.startsWith(`${prefix}-`));
  if (started.length === 1) return started[0]!;
  candidates.push(...started.map((n) => n.name).sort(compareText));
  return null;
}

/** At most this many routes to one person: enough to choose from, bounded in a dense network. */
const MAX_ROUTES = 20;

/** The shortest routes from `YOU` to `slug` (up to MAX_ROUTES), as the steps after you. */
function walkBack(slug: string, preds: Map<string, { from: string; via: string }[]>, you: string): { node: string; via: string }[][] {
  const out: { node: string; via: string }[][] = [];
  const go = (node: string, tail: { node: string; via: string }[]) => {
    for (const p of preds.get(node) ?? []) {
      if (out.length >= MAX_ROUTES) return;
      const steps = [{ node, via: p.via }, ...tail];
      if (p.from === you) out.push(steps);
      else go(p.from, steps);
    }
  };
  go(slug, []);
  return out;
}

/** Companies compare folded, without punctuation or a trailing "Inc", "Ltd", ... */
function companyKey(name: string): string {
  return words(name)
    .filter((w, i, all) => !(i === all.length - 1 && i > 0 && /^(inc|ltd|llc|gmbh|corp|co|sa|ag|plc)$/.test(w)))
    .join(' ');
}

function slugLike(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `bob-smith` → `Bob Smith`; a name written with spaces stays as written. */
function nameFromRef(ref: string): string {
  if (/\s/.test(ref) || !ref.includes('-')) return ref;
  return ref
    .split('-')
    .filter((w) => w !== '')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ');
}

// ---- stats -----------------------------------------------------------------

export interface Count {
  value: string;
  count: number;
}

export interface MonthCount {
  /** `YYYY-MM`. */
  month: string;
  count: number;
}

export interface Stats {
  date: IsoDate;
  people: number;
  warm: number;
  /** Never contacted, added less than a cadence ago (see `isNew`): neither warm nor cold. */
  new: number;
  cold: number;
  /** Check-in not yet due. */
  on_track: number;
  due_today: number;
  /** Due date before today. */
  overdue: number;
  /** Cadence `none`: never due. */
  no_cadence: number;
  by_tag: Count[];
  by_company: Count[];
  by_location: Count[];
  /** The last 12 months, oldest first, the current month last. */
  interactions_by_month: MonthCount[];
  interactions: number;
  topics: TopicRow[];
  goals: GoalCoverage[];
  /** Goals no warm contact covers. */
  goals_without_warm: string[];
  diversity: {
    /** Distinct companies (current) of warm contacts. */
    companies: number;
    /** Distinct `sector` (or `industry`) values of warm contacts. */
    sectors: number;
    locations: number;
  };
  balance: Balance;
  /** People who gave you more than you gave them, most owed first. */
  owed: { slug: string; name: string; gave: number; got: number }[];
}

/** The shape and health of the network. */
export function networkStats(net: Network, today: IsoDate): Stats {
  const cfg = net.config;
  let warm = 0;
  let fresh = 0;
  let onTrack = 0;
  let dueToday = 0;
  let overdue = 0;
  let noCadence = 0;
  const tags = new Counter();
  const companies = new Counter();
  const locations = new Counter();
  const warmCompanies = new Set<string>();
  const warmSectors = new Set<string>();
  const warmLocations = new Set<string>();
  const first = addMonths(`${today.slice(0, 7)}-01`, -11);
  const months = Array.from({ length: 12 }, (_, i) => addMonths(first, i).slice(0, 7));
  const perMonth = new Map(months.map((m) => [m, 0]));
  const owed: Stats['owed'] = [];
  for (const c of net.contacts) {
    const isW = isWarm(c, cfg, today);
    if (isW) warm++;
    const d = daysOverdue(c, cfg, today);
    // Someone new is neither in touch nor to reconnect with, and not yet on track.
    if (!isW && isNew(c, cfg, today)) fresh++;
    else if (d === null) noCadence++;
    else if (d < 0) onTrack++;
    else if (d === 0) dueToday++;
    else overdue++;
    for (const t of new Set(c.tags)) tags.add(t);
    if (c.company) companies.add(c.company);
    if (c.location) locations.add(c.location);
    if (isW) {
      if (c.company) warmCompanies.add(companyKey(c.company));
      const sector = sectorOf(c);
      if (sector) warmSectors.add(fold(sector));
      if (c.location) warmLocations.add(fold(c.location));
    }
    for (const e of c.log) {
      const m = e.date.slice(0, 7);
      if (e.date <= today && perMonth.has(m)) perMonth.set(m, perMonth.get(m)! + 1);
    }
    const b = balanceOf(c);
    if (b.got > b.gave) owed.push({ slug: c.slug, name: c.name, ...b });
  }
  const goals = goalCoverage(net, today);
  const interactions = months.map((month) => ({ month, count: perMonth.get(month)! }));
  return {
    date: today,
    people: net.contacts.length,
    warm,
    new: fresh,
    cold: net.contacts.length - warm - fresh,
    on_track: onTrack,
    due_today: dueToday,
    overdue,
    no_cadence: noCadence,
    by_tag: tags.sorted(),
    by_company: companies.sorted(),
    by_location: locations.sorted(),
    interactions_by_month: interactions,
    interactions: interactions.reduce((n, m) => n + m.count, 0),
    topics: topicList(net, today),
    goals,
    goals_without_warm: goals.filter((g) => g.warm === 0).map((g) => g.goal),
    diversity: { companies: warmCompanies.size, sectors: warmSectors.size, locations: warmLocations.size },
    balance: networkBalance(net.contacts),
    owed: owed.sort((a, b) => b.got - b.gave - (a.got - a.gave) || compareText(a.name, b.name)),
  };
}

/** The sector of someone's company: the user's own `sector` key, or `industry`. */
function sectorOf(c: Contact): string | null {
  for (const key of ['sector', 'industry']) {
    const v = c.frontmatter[key];
    if (typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return null;
}

/** Counts values that fold alike together, under their first spelling. */
class Counter {
  private readonly counts = new Map<string, Count>();
  add(value: string): void {
    const key = fold(value.trim());
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { value: value.trim(), count: 1 });
  }
  /** Most common first, then alphabetical. */
  sorted(): Count[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count || compareText(a.value, b.value));
  }
}

function compareText(a: string, b: string): number {
  const x = fold(a);
  const y = fold(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
