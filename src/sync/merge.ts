/**
 * Three-way merge of one contact file: the common version and the two sides
 * (this machine's, "ours", and the other machine's, "theirs") in, one file out.
 *
 * git's line merge conflicts whenever both machines touch neighbouring lines:
 * two log entries on the same day, two follow-ups at the end of a section,
 * `company` on one machine and `role` just below it on the other. Here the
 * file is merged by meaning instead: the frontmatter key by key, the Log and
 * Follow-ups sections as sets of lines, and only the free notes line by line.
 * The result is ours' text with the other side's changes spliced in, so the
 * formatting both machines wrote survives. Pure: strings in, strings out.
 */
import { isMap, isPair, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { fold } from '../domain/text.js';
import { addListItems, removeListItems } from '../file/edit.js';
import { detectEol, MAX_ALIASES, parseYaml, splitFrontmatter } from '../file/frontmatter.js';
import { findConflict, lineAtOffset, logLineDate, scanSections, SECTION_LINE, HEADING_LINE, stripTaskDates, TASK_RE, type SectionKind } from '../file/grammar.js';

/** One thing the two sides changed in incompatible ways. */
export interface MergeConflict {
  /** The frontmatter key (dotted for nested keys: `links.github`). */
  key?: string;
  /** Where the clash is: `body` (notes), `log`, `follow-ups`, `frontmatter` or `file`. */
  section?: string;
  /** What clashed, in words a user can act on. */
  message: string;
  /** Our value (a key) or our lines (a body clash), as text. */
  ours?: string;
  /** Their value or lines, as text. */
  theirs?: string;
}

/** The merged file; when `conflicts` is not empty, `text` carries conflict markers. */
export interface MergeResult {
  text: string;
  conflicts: MergeConflict[];
}

/** This machine's version (`ours`) or the other machine's (`theirs`). */
export type MergeSide = 'ours' | 'theirs';

/** How to settle conflicts that a person has already decided. */
export interface MergeOptions {
  /** Settle a conflicting key (dotted name) by taking one side's value. */
  resolveKeys?: Record<string, MergeSide>;
  /** Settle clashing edits of the notes by taking one side's lines. */
  resolveBody?: MergeSide;
  /**
   * Settle for this machine only these clashes of the notes (see bodyClashKey):
   * those a person has decided; the others stay conflicts.
   */
  resolveBodyOurs?: readonly string[];
  /** Settle every conflict by one side; a file that cannot be merged becomes that side's file. */
  prefer?: MergeSide;
  /** Names written after `<<<<<<<` and `>>>>>>>` (default `ours`, `theirs`). */
  labels?: { ours: string; theirs: string };
  /** Length of the conflict markers (git's `%L`, default 7). */
  markerSize?: number;
}

/** Keys that hold lists even when written as a single string (`tags: mentor`). */
const LIST_KEYS = new Set(['tags', 'aliases', 'expertise', 'knows', 'past_companies', 'email', 'phone']);

/** Marks the place of a Log or Follow-ups section's lines in the notes merge. */
const PLACEHOLDER = '\u0000pln-section ';

type Value = string | null | Value[] | { [key: string]: Value };
type Obj = { [key: string]: Value };

/**
 * Merges three versions of a contact file. Both sides' log entries and
 * follow-ups are kept, keys changed on one side take that side's value, lists
 * are merged as sets; a key changed two ways, clashing notes or a side that
 * cannot be read are reported as conflicts, never guessed.
 */
/**
 * `pln.yml` merged key by key, as a contact's frontmatter is: a key changed
 * on one machine and keys added on both are all kept; the same key set two
 * ways is a conflict naming it. Null when the file cannot be merged so (a
 * `---` or `...` line of its own, no final line break, not a map): then it
 * is a clash about the whole file.
 */
export function mergeSettingsFiles(base: string, ours: string, theirs: string, options: MergeOptions = {}): MergeResult | null {
  const texts = [base, ours, theirs];
  if (texts.some((t) => /^(?:---|\.\.\.)[ \t]*\r?$/m.test(t) || (t !== '' && !t.endsWith('\n')) || t.charCodeAt(0) === 0xfeff)) return null;
  const eol = ours.includes('\r\n') ? '\r\n' : '\n';
  const wrap = (t: string) => `---${eol}${t}---${eol}`;
  const merged = mergeContactFiles(wrap(base), wrap(ours), wrap(theirs), options);
  if (merged.conflicts.some((c) => c.section !== 'frontmatter')) return null;
  const open = `---${eol}`;
  if (!merged.text.startsWith(open) || !merged.text.endsWith(open)) return null;
  const text = merged.text.slice(open.length, merged.text.length - open.length);
  // The key merge keeps values, not every comment: a comment either side wrote or kept that
  // the result lost makes it a clash about the whole file, as before, so nothing is lost unseen.
  const kept = new Set(text.split(/\r?\n/));
  const baseLines = new Set(base.split(/\r?\n/));
  const dropped = (side: string, other: string) => {
    const otherLines = new Set(other.split(/\r?\n/));
    return side.split(/\r?\n/).some((l) => l.includes('#') && !kept.has(l) && (!baseLines.has(l) || otherLines.has(l)));
  };
  if (dropped(ours, theirs) || dropped(theirs, ours)) return null;
  return { text, conflicts: merged.conflicts };
}

export function mergeContactFiles(base: string, ours: string, theirs: string, options: MergeOptions = {}): MergeResult {
  if (ours === theirs || base === theirs) return { text: ours, conflicts: [] };
  if (base === ours) return { text: theirs, conflicts: [] };
  const crlf = detectEol(ours) === '\r\n';
  const bom = ours.charCodeAt(0) === 0xfeff;
  const finish = (s: string): string => (bom ? '\ufeff' : '') + (crlf ? s.replace(/\n/g, '\r\n') : s);
  const b = readSide(normalize(base), 'the common version');
  const o = readSide(normalize(ours), 'your version');
  const t = readSide(normalize(theirs), 'their version');
  if (o.raw === t.raw) return { text: ours, conflicts: [] };
  const m = new Markers(options);

  const unreadable = [o, t, b].find((s) => s.error !== undefined);
  if (unreadable) {
    if (options.prefer) return { text: options.prefer === 'ours' ? ours : theirs, conflicts: [] };
    return {
      text: finish(m.block(o.raw, t.raw)),
      conflicts: [{ section: 'file', message: `${unreadable.who} cannot be merged: ${unreadable.error}` }],
    };
  }

  const conflicts: MergeConflict[] = [];
  const front = mergeFront(b, o, t, options, m, conflicts);
  const body = mergeBody(b, o, t, options, m, conflicts);
  if (front === null) {
    // The frontmatter could not be spliced: the only honest answer is the whole file.
    if (options.prefer) return { text: options.prefer === 'ours' ? ours : theirs, conflicts: [] };
    return { text: finish(m.block(o.raw, t.raw)), conflicts };
  }
  let text = front;
  if (body !== '' && text !== '' && !text.endsWith('\n')) text += '\n';
  return { text: finish(text + body), conflicts };
}

function normalize(s: string): string {
  return (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s).replace(/\r\n/g, '\n');
}

// ---- reading one side ---------------------------------------------------------

interface Front {
  open: string;
  yaml: string;
  close: string;
  root: YAMLMap | null;
  obj: Obj;
}

interface Side {
  who: string;
  raw: string;
  front: Front | null;
  body: string;
  error?: string;
}

function readSide(raw: string, who: string): Side {
  const side: Side = { who, raw, front: null, body: raw };
  const marker = findConflict(raw);
  if (marker !== -1) return { ...side, error: `it has git conflict markers (line ${lineAtOffset(raw, marker)})` };
  const split = splitFrontmatter(raw);
  if (split.kind === 'unclosed') return { ...side, error: 'its frontmatter is never closed' };
  if (split.kind === 'language') return { ...side, error: `its frontmatter is "${split.language}", not YAML` };
  if (split.kind === 'none') return side;
  const yaml = raw.slice(split.yamlStart, split.yamlEnd);
  const front: Front = { open: raw.slice(0, split.yamlStart), yaml, close: raw.slice(split.yamlEnd, split.bodyStart), root: null, obj: {} };
  try {
    const { doc } = parseYaml(yaml);
    if (doc.errors.length > 0) return { ...side, error: `its frontmatter is not valid YAML (${doc.errors[0]!.message.split('\n')[0]})` };
    const root = doc.contents;
    if (root !== null && !(isScalar(root) && (root.value === null || root.value === ''))) {
      if (!isMap(root) || !root.items.every((p) => isPair(p) && isScalar(p.key))) return { ...side, error: 'its frontmatter is not a map of keys' };
      front.root = root;
      front.obj = doc.toJS({ maxAliasCount: MAX_ALIASES }) as Obj;
    }
  } catch (err) {
    return { ...side, error: `its frontmatter cannot be read (${(err as Error).message.split('\n')[0]})` };
  }
  return { ...side, front, body: raw.slice(split.bodyStart) };
}

// ---- conflict markers ------------------------------------------------------------

class Markers {
  private readonly open: string;
  private readonly mid: string;
  private readonly close: string;
  constructor(options: MergeOptions) {
    const size = options.markerSize ?? 7;
    const labels = options.labels ?? { ours: 'ours', theirs: 'theirs' };
    this.open = `${'<'.repeat(size)} ${labels.ours}`;
    this.mid = '='.repeat(size);
    this.close = `${'>'.repeat(size)} ${labels.theirs}`;
  }

  /** Both texts between markers; each side's text ends with a line break. */
  block(ours: string, theirs: string): string {
    const nl = (s: string): string => (s === '' || s.endsWith('\n') ? s : `${s}\n`);
    return `${this.open}\n${nl(ours)}${this.mid}\n${nl(theirs)}${this.close}\n`;
  }

  lines(ours: string[], theirs: string[]): string[] {
    return [this.open, ...ours, this.mid, ...theirs, this.close];
  }
}

// ---- frontmatter -------------------------------------------------------------------

interface Edit {
  from: number;
  to: number;
  text: string;
}

interface KeyConflict {
  path: string[];
  ours: Value | undefined;
  theirs: Value | undefined;
}

interface FrontMerge {
  edits: Edit[];
  listOps: { key: string; add: string[]; remove: string[] }[];
  listKeys: Set<string>;
  conflicts: KeyConflict[];
}

/** Thrown when a change cannot be made as a splice of whole key lines. */
class Unspliceable extends Error {}

/**
 * The merged frontmatter block (fences included), '' for none, or null when
 * the sides cannot be combined by splicing key lines.
 */
function mergeFront(b: Side, o: Side, t: Side, options: MergeOptions, m: Markers, out: MergeConflict[]): string | null {
  const whole = (s: Side): string => (s.front ? s.front.open + s.front.yaml + s.front.close : '');
  if (!o.front || !t.front) {
    // Frontmatter added or removed as a whole on one side.
    if (!o.front && !t.front) return '';
    const changed = o.front ? o : t;
    const other = o.front ? t : o;
    if (b.front && whole(b) !== whole(changed)) {
      if (options.prefer) return whole(options.prefer === 'ours' ? o : t);
      out.push({ section: 'frontmatter', message: `the frontmatter was removed on ${other === o ? 'this machine' : 'the other machine'} and changed on the other` });
      return null;
    }
    return b.front ? '' : whole(changed);
  }
  const state: FrontMerge = { edits: [], listOps: [], listKeys: new Set(), conflicts: [] };
  let expected: Obj;
  let yaml: string;
  try {
    expected = mergeMap([], b.front?.obj ?? {}, o.front.obj, t.front.obj, o.front.root, t.front.root, o.front.yaml, t.front.yaml, options, state);
    yaml = applyEdits(o.front.yaml, state.edits);
    yaml = applyListOps(yaml, state.listOps);
    verify(yaml, expected, state.listKeys);
  } catch (err) {
    // Anything unexpected is a conflict too: a merge must never guess.
    const why = err instanceof Unspliceable ? err.message : (err as Error).message.split('\n')[0];
    out.push({ section: 'frontmatter', message: `the frontmatter changed on both machines in a way that cannot be combined key by key (${why})` });
    return null;
  }
  for (const c of state.conflicts) out.push(describeKeyConflict(c));
  if (state.conflicts.length > 0) {
    try {
      yaml = markKeys(yaml, t.front, state.conflicts, m);
    } catch {
      yaml = m.block(yaml, t.front.yaml);
    }
  }
  return o.front.open + yaml + o.front.close;
}

function has(obj: Obj | undefined, key: string): boolean {
  return obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key);
}

function get(obj: Obj | undefined, key: string): Value | undefined {
  return has(obj, key) ? obj![key] : undefined;
}

/** Deep equality of plain YAML values; `undefined` means absent. */
function same(a: Value | undefined, b: Value | undefined): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: Value | undefined): string {
  if (v === undefined) return '\u0000absent';
  if (v === null || typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  return `{${Object.keys(v)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
    .join(',')}}`;
}

function isObj(v: Value | undefined): v is Obj {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** The value as a list of strings, or null when it is not list-like for this key. */
function asList(key: string, v: Value | undefined): string[] | null {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.every((i): i is string => typeof i === 'string') ? v : null;
  if (typeof v === 'string' && LIST_KEYS.has(key)) return v.trim() === '' ? [] : [v];
  return null;
}

function isListish(key: string, b: Value | undefined, o: Value | undefined, t: Value | undefined): boolean {
  if (!LIST_KEYS.has(key) && !Array.isArray(o) && !Array.isArray(t)) return false;
  return asList(key, b) !== null && asList(key, o) !== null && asList(key, t) !== null;
}

/** Set union with removals honoured: ours' order, then their additions. */
function mergeList(b: string[], o: string[], t: string[]): { merged: string[]; add: string[]; remove: string[] } {
  const inBase = new Set(b.map(fold));
  const inTheirs = new Set(t.map(fold));
  const inOurs = new Set(o.map(fold));
  const remove = b.filter((i) => !inTheirs.has(fold(i)));
  const dropped = new Set(remove.map(fold));
  const add: string[] = [];
  const seen = new Set<string>();
  for (const i of t) {
    const f = fold(i.trim());
    if (i.trim() === '' || inBase.has(fold(i)) || inOurs.has(fold(i)) || seen.has(f)) continue;
    seen.add(f);
    add.push(i.trim());
  }
  return { merged: [...o.filter((i) => !dropped.has(fold(i))), ...add], add, remove };
}

/**
 * Merges one map key by key, collecting splices into ours' YAML text, and
 * returns the value the merged map must read as (checked after splicing).
 */
function mergeMap(path: string[], b: Obj | undefined, o: Obj, t: Obj, oNode: YAMLMap | null, tNode: YAMLMap | null, oText: string, tText: string, options: MergeOptions, st: FrontMerge): Obj {
  const expected: Obj = {};
  const keys = [...Object.keys(o), ...Object.keys(t).filter((k) => !has(o, k))];
  const inserts: string[] = [];
  const takeTheirs = (k: string): void => {
    const oPair = oNode ? findPair(oNode, k) : undefined;
    if (!has(t, k)) {
      if (oPair) st.edits.push({ ...pairSpan(oText, oPair, oNode!), text: '' });
      return;
    }
    const tPair = findPair(tNode!, k)!;
    const span = pairSpan(tText, tPair, tNode!);
    const lines = reindent(ensureNl(tText.slice(span.from, span.to)), span.indent, oNode ? (mapIndent(oText, oNode) ?? span.indent) : span.indent);
    if (oPair) st.edits.push({ ...pairSpan(oText, oPair, oNode!), text: lines });
    else inserts.push(lines);
  };
  for (const k of keys) {
    const bv = get(b, k);
    const ov = get(o, k);
    const tv = get(t, k);
    const dotted = [...path, k].join('.');
    if (same(ov, tv) || same(tv, bv)) {
      if (ov !== undefined) expected[k] = ov;
      continue;
    }
    if (same(ov, bv)) {
      takeTheirs(k);
      if (tv !== undefined) expected[k] = tv;
      continue;
    }
    // Changed on both sides, differently.
    if (path.length === 0 && isListish(k, bv, ov, tv)) {
      const list = mergeList(asList(k, bv)!, asList(k, ov)!, asList(k, tv)!);
      st.listKeys.add(k);
      if (list.add.length > 0 || list.remove.length > 0) st.listOps.push({ key: k, add: list.add, remove: list.remove });
      expected[k] = list.merged;
      continue;
    }
    const oChild = oNode ? findPair(oNode, k)?.value : undefined;
    const tChild = tNode ? findPair(tNode, k)?.value : undefined;
    if (isObj(ov) && isObj(tv) && (bv === undefined || isObj(bv)) && isBlockMap(oChild) && isBlockMap(tChild)) {
      expected[k] = mergeMap([...path, k], bv === undefined ? undefined : (bv as Obj), ov, tv, oChild, tChild, oText, tText, options, st);
      continue;
    }
    const settled = options.resolveKeys?.[dotted] ?? options.prefer;
    if (settled === 'theirs') {
      takeTheirs(k);
      if (tv !== undefined) expected[k] = tv;
      continue;
    }
    if (settled !== 'ours') st.conflicts.push({ path: [...path, k], ours: ov, theirs: tv });
    if (ov !== undefined) expected[k] = ov;
  }
  if (inserts.length > 0) {
    let at = oText.length;
    if (oNode && path.length > 0) {
      const last = oNode.items[oNode.items.length - 1] as Pair;
      at = pairSpan(oText, last, oNode).to;
    }
    const lead = at > 0 && oText[at - 1] !== '\n' ? '\n' : '';
    st.edits.push({ from: at, to: at, text: lead + inserts.join('') });
  }
  return expected;
}

function isBlockMap(n: unknown): n is YAMLMap {
  return isMap(n) && !n.flow && n.items.length > 0;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key) as Pair | undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

function ensureNl(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

/** The whole lines a key and its value occupy, and the key's indentation. */
function pairSpan(text: string, pair: Pair, map: YAMLMap): { from: number; to: number; indent: string } {
  if (map.flow) throw new Unspliceable('a map is written in {braces}');
  const key = pair.key as Node;
  const from = lineStart(text, key.range![0]);
  const indent = text.slice(from, key.range![0]);
  if (indent.trim() !== '') throw new Unspliceable('two keys share a line');
  const value = pair.value as Node | null;
  let end = value?.range && value.range[1] > value.range[0] ? value.range[1] : key.range![1];
  while (end > key.range![1] && /\s/.test(text[end - 1]!)) end--;
  return { from, to: lineEnd(text, end - 1), indent };
}

function mapIndent(text: string, map: YAMLMap): string | null {
  const first = map.items[0] as Pair | undefined;
  if (!first) return null;
  const key = first.key as Node;
  return text.slice(lineStart(text, key.range![0]), key.range![0]);
}

function reindent(lines: string, from: string, to: string): string {
  if (from === to) return lines;
  return lines
    .split('\n')
    .map((l) => (l !== '' && l.startsWith(from) ? to + l.slice(from.length) : l))
    .join('\n');
}

function applyEdits(text: string, edits: Edit[]): string {
  // Right to left so offsets stay valid; a replacement before an insert at its start.
  const sorted = [...edits].sort((a, b) => b.from - a.from || b.to - a.to);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.from) + e.text + out.slice(e.to);
  return out;
}

/** List merges go through the same edits `pln tag` uses, so lists keep their style. */
function applyListOps(yaml: string, ops: FrontMerge['listOps']): string {
  if (ops.length === 0) return yaml;
  let file = `---\n${ensureNl(yaml === '' ? '' : yaml)}---\n`;
  if (yaml === '') file = '---\n---\n';
  try {
    for (const op of ops) {
      if (op.remove.length > 0) file = removeListItems(file, op.key, op.remove);
      if (op.add.length > 0) file = addListItems(file, op.key, op.add);
    }
  } catch (err) {
    throw new Unspliceable((err as Error).message);
  }
  const split = splitFrontmatter(file);
  if (split.kind !== 'ok') throw new Unspliceable('the merged frontmatter is not closed');
  return file.slice(split.yamlStart, split.yamlEnd);
}

/** The spliced YAML must read as exactly the merged values, or we refuse it. */
function verify(yaml: string, expected: Obj, listKeys: Set<string>): void {
  let actual: Obj = {};
  try {
    const { doc } = parseYaml(yaml);
    if (doc.errors.length > 0) throw new Unspliceable('the merged frontmatter is not valid YAML');
    const root = doc.contents;
    if (root !== null && !(isScalar(root) && (root.value === null || root.value === ''))) actual = doc.toJS({ maxAliasCount: MAX_ALIASES }) as Obj;
  } catch (err) {
    if (err instanceof Unspliceable) throw err;
    throw new Unspliceable((err as Error).message.split('\n')[0]!);
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const k of keys) {
    const ok = listKeys.has(k) ? same(asList(k, get(expected, k)), asList(k, get(actual, k))) : same(get(expected, k), get(actual, k));
    if (!ok) throw new Unspliceable(`"${k}" would not read back as merged`);
  }
}

function show(v: Value | undefined): string {
  if (v === undefined) return 'removed';
  if (v === null || v === '') return 'empty';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${k}: ${show(x)}`)
    .join(', ')}}`;
}

function describeKeyConflict(c: KeyConflict): MergeConflict {
  const key = c.path.join('.');
  const ours = show(c.ours);
  const theirs = show(c.theirs);
  let message = `${key} changed on both machines (yours: ${ours}, theirs: ${theirs})`;
  if (c.ours === undefined) message = `${key} was removed on this machine and changed on the other (theirs: ${theirs})`;
  if (c.theirs === undefined) message = `${key} was changed on this machine (yours: ${ours}) and removed on the other`;
  return { key, section: 'frontmatter', message, ours, theirs };
}

/** Puts each conflicting top-level key between conflict markers, theirs' lines below ours'. */
function markKeys(yaml: string, theirs: Front, conflicts: KeyConflict[], m: Markers): string {
  const { doc } = parseYaml(yaml);
  const root = isMap(doc.contents) ? doc.contents : null;
  const edits: Edit[] = [];
  for (const key of new Set(conflicts.map((c) => c.path[0]!))) {
    const oPair = root ? findPair(root, key) : undefined;
    const tPair = theirs.root ? findPair(theirs.root, key) : undefined;
    const tLines = tPair ? theirs.yaml.slice(pairSpan(theirs.yaml, tPair, theirs.root!).from, pairSpan(theirs.yaml, tPair, theirs.root!).to) : '';
    if (oPair) {
      const span = pairSpan(yaml, oPair, root!);
      edits.push({ from: span.from, to: span.to, text: m.block(yaml.slice(span.from, span.to), tLines) });
    } else {
      const lead = yaml !== '' && !yaml.endsWith('\n') ? '\n' : '';
      edits.push({ from: yaml.length, to: yaml.length, text: lead + m.block('', tLines) });
    }
  }
  return applyEdits(yaml, edits);
}

// ---- body -----------------------------------------------------------------------

interface BodyModel {
  /** Notes lines, with one placeholder line where each Log/Follow-ups section's items sit. */
  lines: string[];
  /** Lines under each section heading, by section id (`log 0`, `followups 0`, ...). */
  sections: Map<string, string[]>;
  finalNewline: boolean;
}

function modelBody(body: string): BodyModel {
  const finalNewline = body.endsWith('\n');
  // The lines of the body; scanSections gives one more, empty, after a final line break.
  const count = body === '' ? 0 : body.split('\n').length - (finalNewline ? 1 : 0);
  const lines: string[] = [];
  const sections = new Map<string, string[]>();
  const counts: Record<SectionKind, number> = { log: 0, followups: 0 };
  let current: string[] | null = null;
  if (count > 0) {
    scanSections(body, 0, (start, end, section, role, index) => {
      if (index >= count) return;
      // Bodies here have LF line ends: a CR left at the end of a line is the line's own.
      const line = body.slice(start, body.charCodeAt(end) === 13 ? end + 1 : end);
      if (role === HEADING_LINE || role === SECTION_LINE) {
        current = null;
        lines.push(line);
        if (role === SECTION_LINE) {
          const id = `${section!} ${counts[section!]++}`;
          lines.push(PLACEHOLDER + id);
          current = [];
          sections.set(id, current);
        }
        return;
      }
      (current ?? lines).push(line);
    });
  }
  return { lines, sections, finalNewline };
}

function placeholderId(line: string): string | null {
  return line.startsWith(PLACEHOLDER) ? line.slice(PLACEHOLDER.length) : null;
}

function mergeBody(b: Side, o: Side, t: Side, options: MergeOptions, m: Markers, out: MergeConflict[]): string {
  const bm = modelBody(b.body);
  const om = modelBody(o.body);
  const tm = modelBody(t.body);
  const settled = options.resolveBody ?? options.prefer;
  /** How many clashes so far had each text on the other machine's side. */
  const clashesSeen = new Map<string, number>();
  const merged: string[] = [];
  const emitted = new Set<string>();
  const sectionOf = (id: string): string[] => {
    emitted.add(id);
    const oLines = om.sections.get(id);
    const tLines = tm.sections.get(id);
    if (oLines && tLines) return mergeSection(id.split(' ')[0] as SectionKind, bm.sections.get(id) ?? [], oLines, tLines);
    return oLines ?? tLines ?? [];
  };
  const expand = (lines: string[], side: (id: string) => string[] | undefined): string[] =>
    lines.flatMap((l) => {
      const id = placeholderId(l);
      return id === null ? [l] : (side(id) ?? []);
    });

  for (const chunk of diff3(bm.lines, om.lines, tm.lines)) {
    if (chunk.kind === 'ok') {
      merged.push(...expand(chunk.lines, sectionOf));
      continue;
    }
    const { ours, theirs } = chunk;
    const oIds = ours.map(placeholderId).filter((x): x is string => x !== null);
    const tIds = theirs.map(placeholderId).filter((x): x is string => x !== null);
    if (chunk.base.length === 0 && oIds.length > 0 && tIds.length > 0 && !oIds.some((id) => tIds.includes(id))) {
      // Each machine added a different section at the same place (say, a first
      // log entry here and a first follow-up there): keep both, ours first.
      merged.push(...expand(ours, sectionOf), ...expand(theirs, sectionOf));
      continue;
    }
    const oText = expand(ours, (id) => om.sections.get(id));
    const tText = expand(theirs, (id) => tm.sections.get(id));
    const theirsText = tText.join('\n');
    const nth = (clashesSeen.get(theirsText) ?? 0) + 1;
    clashesSeen.set(theirsText, nth);
    const side = settled ?? (options.resolveBodyOurs?.includes(bodyClashKey(theirsText, nth)) ? 'ours' : undefined);
    if (side) {
      merged.push(...expand(side === 'ours' ? ours : theirs, sectionOf));
      continue;
    }
    out.push({
      section: 'body',
      message: `the notes changed in the same place on both machines (yours: ${quoteLines(oText)}, theirs: ${quoteLines(tText)})`,
      ours: oText.join('\n'),
      theirs: tText.join('\n'),
    });
    merged.push(...m.lines(oText, tText));
  }

  // A section deleted on one side must not silently take the other side's new items with it.
  for (const [id, baseLines] of bm.sections) {
    if (emitted.has(id) || settled) continue;
    const changed = [om, tm].some((s) => s.sections.has(id) && s.sections.get(id)!.join('\n') !== baseLines.join('\n'));
    if (changed) {
      const log = id.startsWith('log');
      out.push({ section: log ? 'log' : 'follow-ups', message: `the ${log ? 'Log' : 'Follow-ups'} section was removed on one machine and changed on the other` });
    }
  }

  // The final line break follows ours, unless only their side touched the body.
  const finalNewline = o.body === b.body || o.body === '' ? tm.finalNewline : om.finalNewline;
  if (merged.length === 0) return '';
  return merged.join('\n') + (finalNewline ? '\n' : '');
}

/**
 * A clash of the notes, as a decision names it: the other machine's lines
 * (which a decision on this machine leaves as they are) and which clash with
 * those lines it is, in file order (two lines both deleted there clash alike).
 */
export function bodyClashKey(theirs: string, nth: number): string {
  return `${nth}\u0000${theirs}`;
}

function quoteLines(lines: string[]): string {
  const first = lines.find((l) => l.trim() !== '');
  if (first === undefined) return 'removed';
  const short = first.length > 40 ? `${first.slice(0, 39)}…` : first;
  return `"${short}"${lines.filter((l) => l.trim() !== '').length > 1 ? ' …' : ''}`;
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** A follow-up's identity: its text without the checkbox and the due and done dates. */
function taskKey(line: string): string | null {
  const m = TASK_RE.exec(line);
  if (!m) return null;
  return stripTaskDates(m[2]!).replace(/\s+/g, ' ').trim();
}

function isDone(line: string): boolean {
  const m = TASK_RE.exec(line);
  return m !== null && m[1] !== ' ';
}

/**
 * Merges the lines under a Log or Follow-ups heading as a multiset (two
 * calls logged the same day with the same words are two entries): ours'
 * lines in order, minus the copies theirs removed, plus the copies theirs
 * added (log entries at their date, follow-ups at the end). A line both
 * sides added is added once. Blank lines are ours' layout.
 */
function mergeSection(kind: SectionKind, base: string[], ours: string[], theirs: string[]): string[] {
  const inBase = countLines(base);
  const inOurs = countLines(ours);
  const inTheirs = countLines(theirs);
  // How many copies of a line the merge keeps.
  const wanted = (l: string): number => {
    const b = inBase.get(l) ?? 0;
    const o = inOurs.get(l) ?? 0;
    const t = inTheirs.get(l) ?? 0;
    if (o === b) return t;
    if (t === b) return o;
    if (o > b && t > b) return Math.max(o, t);
    if (o < b && t < b) return Math.min(o, t);
    return Math.max(0, o + t - b);
  };
  // Copies theirs adds, in their order.
  const added: string[] = [];
  const addedOf = new Map<string, number>();
  for (const l of theirs) {
    if (isBlank(l)) continue;
    const n = addedOf.get(l) ?? 0;
    if ((inOurs.get(l) ?? 0) + n < wanted(l)) {
      added.push(l);
      addedOf.set(l, n + 1);
    }
  }
  const used = new Set<number>();
  const kept = new Map<string, number>();
  const out: string[] = [];
  for (const l of ours) {
    const n = kept.get(l) ?? 0;
    if (isBlank(l) || n < wanted(l)) {
      kept.set(l, n + 1);
      out.push(l);
      continue;
    }
    // A copy removed on their side; when they changed the line rather than dropped it, the new line takes its place.
    const at = added.findIndex((a, i) => !used.has(i) && correspond(kind, l, a));
    if (at >= 0) {
      used.add(at);
      out.push(added[at]!);
    }
  }
  for (const [i, a] of added.entries()) {
    if (used.has(i)) continue;
    if (kind === 'followups' && taskKey(a) !== null) {
      const same = out.findIndex((l) => taskKey(l) === taskKey(a));
      if (same >= 0) {
        // A ticked follow-up wins over the same one still open; two open ones both stay.
        if (isDone(out[same]!)) continue;
        if (isDone(a)) {
          out[same] = a;
          continue;
        }
      }
      insertAfterLast(out, a, (l) => TASK_RE.test(l));
    } else if (kind === 'log' && logLineDate(a) !== null) {
      insertEntry(out, a);
    } else {
      insertAfterLast(out, a, (l) => !isBlank(l));
    }
  }
  return out;
}

/** How many times each line that is not blank occurs. */
function countLines(lines: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lines) if (!isBlank(l)) counts.set(l, (counts.get(l) ?? 0) + 1);
  return counts;
}

function correspond(kind: SectionKind, old: string, added: string): boolean {
  if (kind === 'followups') {
    const k = taskKey(old);
    return k !== null && k === taskKey(added);
  }
  const d = logLineDate(old);
  return d !== null && d === logLineDate(added);
}

/** Inserts after the last line matching `test`, or as the section's first item. */
function insertAfterLast(lines: string[], line: string, test: (l: string) => boolean): void {
  for (let i = lines.length - 1; i >= 0; i--) {
    if (test(lines[i]!)) {
      lines.splice(i + 1, 0, line);
      return;
    }
  }
  const lastContent = findLastIndex(lines, (l) => !isBlank(l));
  if (lastContent >= 0) lines.splice(lastContent + 1, 0, line);
  // An empty section: after the blank line under the heading, as `pln` writes it.
  else lines.splice(lines.length > 0 && isBlank(lines[0]!) ? 1 : 0, 0, line);
}

/** Inserts a log entry newest first when the section is sorted, else after the last entry. */
function insertEntry(lines: string[], line: string): void {
  const date = logLineDate(line)!;
  const entries = lines.map((l, i) => ({ i, date: logLineDate(l) })).filter((e): e is { i: number; date: string } => e.date !== null);
  const sorted = entries.every((e, k) => k === 0 || entries[k - 1]!.date >= e.date);
  if (entries.length > 0 && sorted) {
    // Same-day entries: ours first, theirs after them.
    const older = entries.find((e) => e.date < date);
    lines.splice(older ? older.i : entries[entries.length - 1]!.i + 1, 0, line);
    return;
  }
  insertAfterLast(lines, line, (l) => logLineDate(l) !== null);
}

function findLastIndex<T>(xs: T[], test: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (test(xs[i]!)) return i;
  return -1;
}

// ---- diff3 over lines ------------------------------------------------------------

type Chunk = { kind: 'ok'; lines: string[] } | { kind: 'clash'; base: string[]; ours: string[]; theirs: string[] };

/** Above this many cells the middle of a diff is treated as one changed block. */
const MAX_DIFF_CELLS = 4_000_000;

/** For each line of `a`, the index of the line of `b` it is matched with (longest common subsequence), or -1. */
function matchLines(a: string[], b: string[]): Int32Array {
  const match = new Int32Array(a.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    match[start] = start;
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
    match[endA] = endB;
  }
  const n = endA - start;
  const w = endB - start;
  if (n === 0 || w === 0 || n * w > MAX_DIFF_CELLS) return match;
  // Classic LCS table over the differing middle, then walk it back.
  const table = new Uint32Array((n + 1) * (w + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = w - 1; j >= 0; j--) {
      table[i * (w + 1) + j] = a[start + i] === b[start + j] ? table[(i + 1) * (w + 1) + j + 1]! + 1 : Math.max(table[(i + 1) * (w + 1) + j]!, table[i * (w + 1) + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < w) {
    if (a[start + i] === b[start + j]) {
      match[start + i] = start + j;
      i++;
      j++;
    } else if (table[(i + 1) * (w + 1) + j]! >= table[i * (w + 1) + j + 1]!) i++;
    else j++;
  }
  return match;
}

function sameLines(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}

/** Three-way merge of line arrays: stable runs, one-sided changes taken, two-sided changes as clashes. */
function diff3(base: string[], ours: string[], theirs: string[]): Chunk[] {
  const mo = matchLines(base, ours);
  const mt = matchLines(base, theirs);
  const chunks: Chunk[] = [];
  const ok = (lines: string[]): void => {
    if (lines.length === 0) return;
    const last = chunks[chunks.length - 1];
    if (last?.kind === 'ok') last.lines.push(...lines);
    else chunks.push({ kind: 'ok', lines: [...lines] });
  };
  let i = 0;
  let a = 0;
  let c = 0;
  for (;;) {
    let run = 0;
    while (i + run < base.length && mo[i + run] === a + run && mt[i + run] === c + run) run++;
    if (run > 0) {
      ok(base.slice(i, i + run));
      i += run;
      a += run;
      c += run;
      continue;
    }
    // Next line of base that both sides kept: the end of this unstable stretch.
    let j = i;
    while (j < base.length && (mo[j]! < 0 || mt[j]! < 0)) j++;
    const endA = j < base.length ? mo[j]! : ours.length;
    const endC = j < base.length ? mt[j]! : theirs.length;
    const b = base.slice(i, j);
    const o = ours.slice(a, endA);
    const t = theirs.slice(c, endC);
    if (b.length || o.length || t.length) {
      if (sameLines(o, b)) ok(t);
      else if (sameLines(t, b) || sameLines(o, t)) ok(o);
      else chunks.push({ kind: 'clash', base: b, ours: o, theirs: t });
    }
    if (j >= base.length) break;
    i = j;
    a = endA;
    c = endC;
  }
  return chunks;
}
