/**
 * `pln sync`: commit local changes, merge the other machine's, push.
 *
 * git work the user asked for fails loudly, and always leaves the repository
 * in a state they can reason about: nothing half-merged, no commit lost. We
 * never run `git pull` (its behaviour depends on `pull.rebase`, `pull.ff`
 * and friends); we fetch, then merge explicitly. Contact files merge through
 * `pln merge-driver`, so entries added on both machines never conflict; when
 * something really does, we explain which file and key, abort the merge, and
 * remember the clash so that the value the person sets next settles it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlnError } from '../domain/errors.js';
import { findConflict, lineAtOffset } from '../file/grammar.js';
import {
  changedFiles,
  commitAll,
  configureMergeDriver,
  countCommits,
  currentBranch,
  fetch,
  firstLine,
  git,
  gitPath,
  hasIndexLock,
  headCommit,
  inProgressOperation,
  isRepo,
  networkTimeoutMs,
  push,
  readBlob,
  remotes,
  repoRoot,
  revParse,
  status,
  trackingRef,
  unmergedPaths,
  upstream,
  type GitResult,
  type Unmerged,
} from './git.js';
import { bodyClashKey, mergeContactFiles, mergeSettingsFiles, type MergeConflict, type MergeOptions, type MergeSide } from './merge.js';
import { CONFIG_FILE, parseConfig } from '../store/config.js';
import { removeFile, replaceWhole } from '../store/files.js';
import { readOptional, withLock, writeAtomic } from '../store/folder.js';

/** Options of one `pln sync`. */
export interface SyncOptions {
  /** The network folder (inside a git working tree). */
  dir: string;
  /** The contacts folder, relative to `dir`. */
  contactsDir: string;
  /** The CLI entry the merge driver runs (`node CLI merge-driver ...`). */
  cliPath: string;
  /** The remote to sync with (default: the branch's upstream, the only remote, or `origin`). */
  remote?: string;
  /** Date of the commits made (default: now). */
  now?: Date;
  /** Settle every conflict by taking one side (`pln sync --ours` / `--theirs`). */
  prefer?: MergeSide;
}

/** A conflict settled by a decision (a value set after the clash was explained, or `prefer`). */
export interface SettledConflict {
  file: string;
  key?: string;
  section?: string;
  side: MergeSide;
}

/** What a sync did. */
export interface SyncReport {
  remote: string;
  branch: string;
  /** The commit made of local changes, if any. */
  committed: { commit: string; message: string; files: string[] } | null;
  /** Commits brought in from the remote. */
  pulled: number;
  /** Commits sent to the remote. */
  pushed: number;
  /** Files the pull changed, relative to the network folder. */
  filesChanged: string[];
  /** A merge commit was made (both machines had new commits). */
  merged: boolean;
  /** The branch's upstream was set by this sync (`push -u`). */
  upstreamSet: boolean;
  /** Conflicts settled by an earlier decision. */
  settled: SettledConflict[];
}

/** Machine-local state under the network folder, never committed. */
const LOCAL_STATE = '.pln';
const RECORD_FILE = 'pln-sync-conflicts.json';

/** Synchronises the network with its git remote; throws a PlnError that says what to do. */
export async function syncNetwork(opts: SyncOptions): Promise<SyncReport> {
  const env = process.env;
  const dir = path.resolve(opts.dir);
  const branch = preflight(dir, opts.contactsDir);
  try {
    configureMergeDriver(dir, opts.contactsDir, opts.cliPath);
  } catch (err) {
    throw new PlnError('git', `could not set up the merge of contact files: ${(err as Error).message}`);
  }
  const committed = commitLocal(dir, opts.contactsDir, opts.now, env);
  let remote: string;
  try {
    remote = pickRemote(dir, branch, opts.remote);
  } catch (err) {
    // Nothing to sync with, but the local commit is made: say so.
    if (err instanceof PlnError && committed) throw new PlnError(err.kind, `${err.message} (your changes are committed locally: ${committed.message})`, err.details);
    throw err;
  }
  const up = upstream(dir, branch);
  const tracked = up !== null && up.remote === remote;
  const targetRef = tracked ? up.ref : `refs/heads/${branch}`;
  const report: SyncReport = { remote, branch, committed, pulled: 0, pushed: 0, filesChanged: [], merged: false, upstreamSet: false, settled: [] };

  // One retry: another machine may push between our fetch and our push.
  for (let attempt = 0; ; attempt++) {
    const fetched = await fetch(dir, remote, env);
    if (fetched.code !== 0) throw networkError('reach', remote, fetched, env);
    const theirs = revParse(dir, trackingRef(remote, targetRef));
    if (theirs) integrate(dir, remote, theirs, targetRef, opts, report);
    const head = headCommit(dir);
    if (!head) return report;
    const ahead = countCommits(dir, theirs, 'HEAD');
    const setUpstream = up === null && !report.upstreamSet;
    if (ahead === 0 && !setUpstream) return report;
    const pushed = await push(dir, remote, branch, targetRef, setUpstream, env);
    if (pushed.code === 0) {
      report.pushed += ahead;
      report.upstreamSet ||= setUpstream;
      return report;
    }
    if (attempt === 0 && isRejected(pushed)) continue;
    throw networkError('push to', remote, pushed, env);
  }
}

/** Refuses to start in a state where committing or merging could go wrong; returns the branch. */
function preflight(dir: string, contactsDir: string): string {
  if (!fs.existsSync(dir)) throw new PlnError('not-found', `${dir} does not exist`);
  if (!isRepo(dir)) throw new PlnError('git', `${dir} is not a git repository; run \`git init\` there (or \`pln init --git\`) and add a remote`);
  const op = inProgressOperation(dir);
  if (op) {
    const how = op === 'merge' ? 'git merge --continue` or `git merge --abort' : `git ${op} --continue\` or \`git ${op} --abort`;
    throw new PlnError('git', `a ${op} is in progress in ${repoRoot(dir)}; finish it with \`${how}\`, then run pln sync again`);
  }
  if (hasIndexLock(dir)) {
    throw new PlnError('git', `another git process is using this repository (${gitPath(dir, 'index.lock')} exists); if none is running, delete that file and run pln sync again`);
  }
  const branch = currentBranch(dir);
  if (!branch) throw new PlnError('git', 'HEAD is detached (not on a branch); switch to your branch first (`git switch main`), then run pln sync again');
  const link = findLinkedContact(dir, path.join(dir, contactsDir));
  if (link) throw new PlnError('file', `${link}: is a symbolic link; pln does not sync links (replace it with the file itself)`);
  const marked = findConflictMarkers(path.join(dir, contactsDir));
  if (marked) {
    const rel = path.relative(dir, marked.file).split(path.sep).join('/');
    throw new PlnError('git', `${rel}:${marked.line}: has git conflict markers; keep the lines you want, delete the <<<<<<< ======= >>>>>>> lines, then run pln sync again`);
  }
  if (unmergedPaths(dir).length > 0) throw new PlnError('git', 'the git index has unresolved conflicts; resolve them (`git status` lists them), then run pln sync again');
  return branch;
}

/** The first contact file (and line) with a conflict marker left in it. */
function findConflictMarkers(contacts: string): { file: string; line: number } | null {
  for (const file of contactFiles(contacts)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const at = findConflict(text);
    if (at !== -1) return { file, line: lineAtOffset(text, at) };
  }
  return null;
}

/** The first contact file that is a symbolic link (relative to the network), or null. */
function findLinkedContact(networkDir: string, dir: string, depth = 0): string | null {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isSymbolicLink() && e.name.endsWith('.md')) return path.relative(networkDir, p).split(path.sep).join('/');
    if (e.isDirectory() && depth < 16) {
      const found = findLinkedContact(networkDir, p, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function contactFiles(dir: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...contactFiles(p));
    else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

/** `.NAME.md.PID.TIME.tmp`: a temp file a killed write of an older version left next to a contact. */
const LEFTOVER_TEMP = /^\..+\.md\.\d+\.[0-9a-z]+\.tmp$/;

/** Pathspec for everything in the network folder except machine-local state. */
const NETWORK_PATHS = ['.', `:(exclude)${LOCAL_STATE}`];

/** Commits every change in the network folder, named after the people changed. */
function commitLocal(dir: string, contactsDir: string, now: Date | undefined, env: NodeJS.ProcessEnv): SyncReport['committed'] {
  let files: string[];
  let paths: string[];
  let local: string[] = [];
  try {
    // Temp files of killed writes (older versions left them next to the contact) are never committed.
    const entries = status(dir, NETWORK_PATHS).filter((e) => !(e.index === '?' && LEFTOVER_TEMP.test(path.posix.basename(e.path))));
    files = entries.map((e) => e.path);
    // Name the changed files themselves: a pathspec that mentions the ignored
    // `.pln/` folder (even to exclude it) makes `git add` refuse once it exists.
    paths = [...new Set(entries.flatMap((e) => (e.from !== undefined ? [e.path, e.from] : [e.path])))];
    // Machine-local state that someone committed stops being tracked (the files stay).
    local = untrackLocalState(dir, env);
    files.push(...local);
    paths.push(...local);
  } catch (err) {
    throw new PlnError('git', `git status failed: ${(err as Error).message}`);
  }
  if (files.length === 0) return null;
  const message = commitMessage(files, contactsDir);
  try {
    const commit = commitAll(dir, message, paths, { env, staged: local, ...(now ? { date: now } : {}) });
    return commit ? { commit, message, files } : null;
  } catch (err) {
    throw new PlnError('git', `could not commit your changes: ${(err as Error).message}`);
  }
}

/** Takes `.pln/` out of the index when it is tracked; returns the paths taken out (relative to `dir`). */
function untrackLocalState(dir: string, env: NodeJS.ProcessEnv): string[] {
  const listed = git(dir, ['-c', 'core.quotePath=false', 'ls-files', '-z', '--', `:(literal)${LOCAL_STATE}`], { env });
  const tracked = listed.stdout.split('\0').filter((p) => p !== '');
  if (tracked.length === 0) return [];
  const r = git(dir, ['rm', '-r', '--cached', '--quiet', '--', `:(literal)${LOCAL_STATE}`], { env });
  if (r.code !== 0) throw new Error(firstLine(r));
  return tracked;
}

/** `pln: update ada-lovelace, grace-hopper` (and the other files, counted). */
export function commitMessage(files: string[], contactsDir: string): string {
  const isContact = (f: string): boolean => isContactFile(f, contactsDir);
  const people = [...new Set(files.filter(isContact).map((f) => path.posix.basename(f, '.md')))].sort();
  const others = files.filter((f) => !isContact(f));
  const list = (xs: string[]): string => (xs.length > 5 ? `${xs.slice(0, 5).join(', ')} and ${xs.length - 5} more` : xs.join(', '));
  if (people.length === 0) return `pln: update ${list(others)}`;
  const rest = others.length === 0 ? '' : others.length === 1 ? ` and ${others[0]}` : ` and ${others.length} other files`;
  return `pln: update ${list(people)}${rest}`;
}

function pickRemote(dir: string, branch: string, wanted: string | undefined): string {
  const all = remotes(dir);
  if (wanted !== undefined) {
    if (all.includes(wanted)) return wanted;
    throw new PlnError('git', `there is no git remote named "${wanted}"${all.length ? ` (remotes: ${all.join(', ')})` : ''}`);
  }
  const up = upstream(dir, branch);
  if (up && all.includes(up.remote)) return up.remote;
  if (all.length === 1) return all[0]!;
  if (all.includes('origin')) return 'origin';
  if (all.length === 0) throw new PlnError('git', 'this repository has no remote to sync with; add one: `git remote add origin URL`');
  throw new PlnError('git', `several remotes (${all.join(', ')}) and none is this branch's upstream; choose one with --remote`);
}

function isRejected(r: GitResult): boolean {
  return /\[rejected\]|non-fast-forward|fetch first|\[remote rejected\].*(?:stale|changed)/.test(r.stdout + r.stderr);
}

function networkError(what: string, remote: string, r: GitResult, env: NodeJS.ProcessEnv): PlnError {
  const kept = 'your changes are committed locally; run pln sync again when it is reachable';
  if (r.timedOut) {
    const s = networkTimeoutMs(env) / 1000;
    return new PlnError('git', `could not ${what} remote "${remote}": no answer within ${s} s (PLN_GIT_TIMEOUT sets the limit); ${kept}`);
  }
  if (what === 'push to' && isRejected(r)) {
    return new PlnError('git', `could not push to remote "${remote}": it changed again while syncing; run pln sync again`);
  }
  return new PlnError('git', `could not ${what} remote "${remote}" (${firstLine(r)}); ${kept}`);
}

// ---- merging the other machine's commits ------------------------------------------------

/** Merges `theirs` into HEAD; on a conflict, settles what was decided or aborts and explains. */
function integrate(dir: string, remote: string, theirs: string, targetRef: string, opts: SyncOptions, report: SyncReport): void {
  const before = headCommit(dir);
  if (before && countCommits(dir, before, theirs) === 0) return;
  const name = `${remote}/${targetRef.replace(/^refs\/heads\//, '')}`;
  // Options on the command line beat the user's merge.ff and friends.
  // Not committed yet: pln.yml is checked first (see checkMergedSettings).
  const r = git(dir, ['merge', '--no-commit', '--no-edit', '--ff', '--no-squash', '--allow-unrelated-histories', '-m', `pln: merge ${name}`, theirs]);
  if (r.code !== 0) {
    if (inProgressOperation(dir) !== 'merge') {
      throw new PlnError('git', `could not merge ${name} (${firstLine(r)}); nothing was changed, your commit is kept`);
    }
    settleOrAbort(dir, name, opts, report);
  } else if (inProgressOperation(dir) === 'merge') {
    checkMergedSettings(dir, name, opts);
    const done = git(dir, ['commit', '--quiet', '--no-edit']);
    if (done.code !== 0) {
      abort(dir);
      throw new PlnError('git', `could not merge ${name} (${firstLine(done)}); nothing was changed, your commit is kept`);
    }
  }
  const after = headCommit(dir)!;
  report.pulled += countCommits(dir, before, theirs);
  report.merged ||= before !== null && countCommits(dir, theirs, before) > 0;
  report.filesChanged = [...new Set([...report.filesChanged, ...changedFiles(dir, before, after)])];
  clearRecord(dir);
}

/**
 * A pln.yml that git's line merge took without a conflict may still not read
 * back (each machine added `owner:` at a different place: the key twice).
 * Then the merge stops, as for a conflict, naming the file; `--ours` or
 * `--theirs` takes that side's pln.yml whole.
 */
function checkMergedSettings(dir: string, name: string, opts: SyncOptions): void {
  const root = repoRoot(dir);
  const rel = path.relative(root, path.join(dir, CONFIG_FILE)).split(path.sep).join('/');
  const side = (ref: string): string | null => {
    const r = git(root, ['show', `${ref}:${rel}`]);
    return r.code === 0 ? r.stdout : null;
  };
  let merged: string | null;
  try {
    merged = readOptional(path.join(dir, CONFIG_FILE), { display: CONFIG_FILE });
  } catch {
    // Not a file pln reads (too large, a link): every command says so; nothing to check here.
    return;
  }
  if (merged === null) return;
  const ours = side('HEAD');
  const theirs = side('MERGE_HEAD');
  if (ours === null || theirs === null || merged === ours || merged === theirs) return;
  const known = new Set([...parseConfig(ours).problems, ...parseConfig(theirs).problems].map((p) => p.message));
  const fresh = parseConfig(merged).problems.find((p) => !known.has(p.message));
  if (!fresh) return;
  if (opts.prefer) {
    const text = opts.prefer === 'ours' ? ours : theirs;
    withLock(dir, CONFIG_FILE, () => writeAtomic(path.join(dir, CONFIG_FILE), text, CONFIG_FILE, { networkDir: dir }));
    git(root, ['add', '--', rel]);
    return;
  }
  abort(dir);
  throw new PlnError(
    'conflict',
    `could not merge ${name}: ${CONFIG_FILE}: the two machines' changes merged line by line would not read back (${fresh.message}); make ${CONFIG_FILE} the same on both machines, or take one side with pln sync --ours or --theirs`,
    ['Nothing was merged and your commit is kept.'],
  );
}

interface FileClash {
  /** Path relative to the network folder. */
  file: string;
  entry: Unmerged;
  /** A contact file (merged by meaning) rather than any other file. */
  contact: boolean;
  conflicts: MergeConflict[];
  /** The merged text when every conflict was settled. */
  text?: string;
  /** How to settle a clash that is not about text (a deleted file, a file that is not a contact). */
  take?: MergeSide;
  /** A file under `.pln/`: taken out of the index, whatever either side did. */
  untrack?: boolean;
  /** What to remember of its clashes when some stay open (see decisions): all of them, as first explained. */
  explained?: RecordedConflict[];
}

/** Record of the last explained clash: what each side held, to recognise a later decision. */
interface ConflictRecord {
  files: {
    [file: string]: {
      /** Blob of each side (or `deleted`), to recognise a whole-file decision. */
      ours: string;
      theirs: string;
      conflicts: RecordedConflict[];
    };
  };
}

/** One clash as it was explained: each side's value then. */
interface RecordedConflict {
  key?: string;
  section?: string;
  ours?: string;
  theirs?: string;
}

function settleOrAbort(dir: string, name: string, opts: SyncOptions, report: SyncReport): void {
  let clashes: FileClash[];
  let failure: string | null;
  try {
    const root = repoRoot(dir);
    const record = readRecord(dir);
    clashes = unmergedPaths(dir).map((entry) => examine(dir, root, entry, opts, record));
    failure = clashes.every(isSettled) ? settle(dir, root, clashes, opts.now) : null;
  } catch (err) {
    abort(dir);
    throw new PlnError('git', `could not merge ${name} (${(err as Error).message.split('\n')[0]}); nothing was changed, your commit is kept`);
  }
  const open = clashes.filter((c) => !isSettled(c));
  if (open.length === 0 && failure === null) {
    report.settled.push(...describeSettled(clashes, opts.prefer));
    return;
  }
  abort(dir);
  if (open.length === 0) throw new PlnError('git', `could not finish merging ${name} (${failure}); nothing was changed, your commit is kept`);
  writeRecord(dir, clashes);
  throw conflictError(name, open);
}

function isSettled(c: FileClash): boolean {
  return c.text !== undefined || c.take !== undefined || c.untrack === true;
}

/** Works out why one file clashed, and whether an earlier decision settles it. */
function examine(dir: string, root: string, entry: Unmerged, opts: SyncOptions, record: ConflictRecord): FileClash {
  const file = path.relative(dir, path.join(root, entry.path)).split(path.sep).join('/');
  const { 1: base, 2: ours, 3: theirs } = entry.stages;
  const contact = isContactFile(file, opts.contactsDir);
  const clash: FileClash = { file, entry, contact, conflicts: [] };
  const before = record.files[file];
  // A whole-file clash is settled for this machine when its version changed since it was explained.
  const wholeFile = (): MergeSide | undefined => opts.prefer ?? (before && before.theirs === (theirs ?? 'deleted') && before.ours !== (ours ?? 'deleted') ? 'ours' : undefined);
  if (file === LOCAL_STATE || file.startsWith(`${LOCAL_STATE}/`)) {
    // Machine-local state someone committed: never merged, no longer tracked.
    clash.untrack = true;
    return clash;
  }
  const link = ([1, 2, 3] as const).find((k) => entry.modes[k] !== undefined && !/^100(644|755)$/.test(entry.modes[k]!));
  if (link !== undefined && ours && theirs) {
    const where = entry.modes[2] === '120000' ? 'this machine' : entry.modes[3] === '120000' ? 'the other machine' : 'one machine';
    clash.conflicts.push({ section: 'file', message: `turned into a ${entry.modes[link] === '120000' ? 'symbolic link' : 'non-file'} on ${where}` });
    clash.take = wholeFile();
    return clash;
  }
  if (!ours || !theirs) {
    const message = !ours ? 'deleted on this machine and changed on the other' : 'changed on this machine and deleted on the other';
    clash.conflicts.push({ section: 'file', message });
    clash.take = wholeFile();
    return clash;
  }
  // pln.yml is merged key by key, as a contact's frontmatter (when it reads as a plain map).
  const settings = file === CONFIG_FILE;
  const texts = contact || settings ? ([base ? readBlob(dir, base) : '', readBlob(dir, ours), readBlob(dir, theirs)] as const) : null;
  const merge = (options: MergeOptions = {}) => (settings ? mergeSettingsFiles(...texts!, options) : mergeContactFiles(...texts!, options));
  const first = texts ? merge() : null;
  if (!first) {
    clash.conflicts.push({ section: 'file', message: 'changed on both machines in the same place' });
    clash.take = wholeFile();
    return clash;
  }
  clash.conflicts = first.conflicts;
  if (first.conflicts.length === 0) {
    // The merge driver was not used (or not configured when git merged): our merge settles it.
    clash.text = first.text;
    return clash;
  }
  const { options: decided, explained } = decisions(first.conflicts, before?.conflicts ?? []);
  const settled = merge({ ...decided, ...(opts.prefer ? { prefer: opts.prefer } : {}) })!;
  if (settled.conflicts.length === 0) clash.text = settled.text;
  else if (settled.conflicts.every((c) => c.section === 'file')) clash.take = wholeFile();
  if (clash.text === undefined && clash.take === undefined) {
    clash.conflicts = settled.conflicts;
    // Remembered as first explained, decided ones too: a decision holds until every clash is settled.
    clash.explained = explained;
  }
  return clash;
}

/** Whether a path (relative to the network folder) is a contact file. */
function isContactFile(file: string, contactsDir: string): boolean {
  const dir = contactsDir
    .split(path.sep)
    .join('/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  return file.endsWith('.md') && (dir === '' || dir === '.' || file.startsWith(`${dir}/`));
}

/**
 * A clash explained before is settled in favour of this machine when its
 * value changed since (the person set the value they want) while the other
 * machine's stayed the same.
 */
function decisions(now: MergeConflict[], before: RecordedConflict[]): { options: MergeOptions; explained: RecordedConflict[] } {
  const out: MergeOptions = {};
  const bodyOurs: string[] = [];
  const explained: RecordedConflict[] = [];
  // A clash of the notes is known by the other machine's lines and which clash with those lines it is (bodyClashKey).
  const nthNow = new Map<string, number>();
  const nthOf = (c: { theirs?: string }, seen: Map<string, number>) => {
    const n = (seen.get(c.theirs ?? '') ?? 0) + 1;
    seen.set(c.theirs ?? '', n);
    return n;
  };
  const beforeBody = new Map<string, RecordedConflict>();
  const nthBefore = new Map<string, number>();
  for (const p of before) if (p.section === 'body') beforeBody.set(bodyClashKey(p.theirs ?? '', nthOf(p, nthBefore)), p);
  for (const c of now) {
    const key = c.section === 'body' ? bodyClashKey(c.theirs ?? '', nthOf(c, nthNow)) : null;
    const prev = key !== null ? beforeBody.get(key) : before.find((p) => p.key === c.key && p.section === c.section);
    if (!prev || prev.theirs !== c.theirs || prev.ours === c.ours) {
      explained.push({ key: c.key, section: c.section, ours: c.ours, theirs: c.theirs });
      continue;
    }
    explained.push(prev);
    if (c.key !== undefined) out.resolveKeys = { ...out.resolveKeys, [c.key]: 'ours' };
    else if (key !== null) bodyOurs.push(key);
  }
  if (bodyOurs.length > 0) out.resolveBodyOurs = bodyOurs;
  return { options: out, explained };
}

/** Writes settled files (locked and atomic, as every write), stages them and makes the merge commit; returns null or git's complaint. */
function settle(dir: string, root: string, clashes: FileClash[], now: Date | undefined): string | null {
  for (const c of clashes) {
    const abs = path.join(root, c.entry.path);
    let r: GitResult;
    if (c.untrack) {
      r = git(root, ['rm', '--cached', '--quiet', '--', c.entry.path]);
    } else if (c.take !== undefined && (c.entry.renamed !== undefined || c.entry.modes[2] !== c.entry.modes[3])) {
      r = takeWhole(root, c.entry, c.take);
    } else if (c.text !== undefined) {
      const text = c.text;
      withLock(dir, c.entry.path, () => writeAtomic(abs, text, c.entry.path, { networkDir: dir }));
      r = git(root, ['add', '--', c.entry.path]);
    } else {
      const stage = c.take === 'ours' ? 2 : 3;
      r = c.entry.stages[stage] ? git(root, ['checkout', `--${c.take}`, '--', c.entry.path]) : git(root, ['rm', '--quiet', '--', c.entry.path]);
      if (r.code === 0 && c.entry.stages[stage]) r = git(root, ['add', '--', c.entry.path]);
    }
    if (r.code !== 0) return firstLine(r);
  }
  const extraEnv: Record<string, string> = now ? { GIT_AUTHOR_DATE: now.toISOString(), GIT_COMMITTER_DATE: now.toISOString() } : {};
  const commit = git(root, ['commit', '--quiet', '--no-edit'], { extraEnv });
  return commit.code === 0 ? null : firstLine(commit);
}

/**
 * Settles a clash of types (a file on one side, a symlink on the other) by
 * taking one side whole under the file's own name: the copy git left as
 * `PATH~HEAD` (or `PATH~BRANCH`) is removed from the index and the folder.
 */
function takeWhole(root: string, entry: Unmerged, side: MergeSide): GitResult {
  const stage = side === 'ours' ? 2 : 3;
  for (const other of entry.renamed ?? []) {
    const r = git(root, ['rm', '--cached', '--quiet', '--', other]);
    if (r.code !== 0) return r;
    removeFile(path.join(root, other));
  }
  const rm = git(root, ['rm', '--cached', '--quiet', '--', entry.path]);
  if (rm.code !== 0) return rm;
  const abs = path.join(root, entry.path);
  const blob = entry.stages[stage];
  // Whatever git left in the folder (the other side's link, say) goes first: never written through.
  removeFile(abs);
  if (blob === undefined) return rm;
  const add = git(root, ['update-index', '--add', '--cacheinfo', `${entry.modes[stage]},${blob},${entry.path}`]);
  if (add.code !== 0) return add;
  return git(root, ['checkout-index', '--force', '--', entry.path]);
}

function describeSettled(clashes: FileClash[], prefer: MergeSide | undefined): SettledConflict[] {
  const out: SettledConflict[] = [];
  for (const c of clashes) {
    for (const k of c.conflicts) {
      out.push({ file: c.file, ...(k.key !== undefined ? { key: k.key } : {}), ...(k.section !== undefined ? { section: k.section } : {}), side: prefer ?? 'ours' });
    }
  }
  return out;
}

/** Leaves the repository as it was before the merge: nothing in progress, our commit in place. */
function abort(dir: string): void {
  const r = git(dir, ['merge', '--abort']);
  if (r.code !== 0 || inProgressOperation(dir) === 'merge') git(dir, ['reset', '--merge']);
}

function conflictError(name: string, open: FileClash[]): PlnError {
  const all = open.flatMap((c) => c.conflicts.map((k) => ({ clash: c, k })));
  const first = open[0]!;
  const slug = path.posix.basename(first.file, '.md');
  const keysOnly = all.every(({ clash, k }) => clash.contact && k.key !== undefined && !k.key.includes('.'));
  let how: string;
  if (keysOnly && all.length === 1) how = `set the value you want with \`pln set ${slug} ${all[0]!.k.key} VALUE\`, then run \`pln sync\` again`;
  else if (keysOnly) how = `set the values you want with \`pln set\`, then run \`pln sync\` again`;
  else if (open.length === 1 && first.contact) how = `make the file read the way you want (\`pln edit ${slug}\`), then run \`pln sync\` again`;
  else how = 'make each file read the way you want on this machine, then run `pln sync` again';
  const kept = 'Nothing was merged and your commit is kept. To take one side for every conflict instead: pln sync --ours, or pln sync --theirs.';
  if (all.length === 1) return new PlnError('conflict', `could not merge ${name}: ${first.file}: ${all[0]!.k.message}; ${how}`, [kept]);
  const what = (c: FileClash): string => {
    const parts = [...new Set(c.conflicts.map((k) => k.key ?? (k.section === 'body' ? 'notes' : k.section === 'file' ? '' : (k.section ?? ''))))].filter((x) => x !== '');
    return parts.length ? `${c.file} (${parts.join(', ')})` : c.file;
  };
  const details = all.map(({ clash, k }) => `${clash.file}: ${k.message}`);
  return new PlnError('conflict', `could not merge ${name}: ${open.map(what).join(', ')} changed on both machines; ${how}`, [...details, kept]);
}

function recordPath(dir: string): string {
  return gitPath(dir, RECORD_FILE);
}

function readRecord(dir: string): ConflictRecord {
  try {
    const parsed = JSON.parse(fs.readFileSync(recordPath(dir), 'utf8')) as ConflictRecord;
    return parsed && typeof parsed.files === 'object' && parsed.files !== null ? parsed : { files: {} };
  } catch {
    return { files: {} };
  }
}

/** Remembers each side's value in a clash, in the git folder (machine-local, never committed). */
function writeRecord(dir: string, clashes: FileClash[]): void {
  const record: ConflictRecord = { files: {} };
  for (const c of clashes) {
    record.files[c.file] = {
      ours: c.entry.stages[2] ?? 'deleted',
      theirs: c.entry.stages[3] ?? 'deleted',
      conflicts: c.explained ?? c.conflicts.map((k) => ({ key: k.key, section: k.section, ours: k.ours, theirs: k.theirs })),
    };
  }
  try {
    replaceWhole(recordPath(dir), `${JSON.stringify(record, null, 2)}\n`);
  } catch {
    // Only a convenience: without it, the next sync explains the clash again.
  }
}

function clearRecord(dir: string): void {
  try {
    removeFile(recordPath(dir));
  } catch {
    // Nothing to clear.
  }
}

// ---- git work the user did not ask for ---------------------------------------------------

/**
 * Commits `paths` (relative to `dir`) after `pln` wrote them, when `dir` is
 * in a git repository. Never throws: returns a warning to show, or null when
 * it committed or there is no repository.
 */
export function autocommit(dir: string, paths: string[], message: string): string | null {
  try {
    if (!isRepo(dir)) return null;
    const op = inProgressOperation(dir);
    if (op) return `a git ${op} is in progress; ${paths.join(', ')} left uncommitted`;
    if (hasIndexLock(dir)) return `another git process is using the repository; ${paths.join(', ')} left uncommitted`;
    commitAll(dir, message, paths);
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0] || 'git commit failed';
  }
}

/** `git init` (unless already a repository) and the merge driver, for `pln init --git`. */
export function initRepository(dir: string, contactsDir: string, cliPath: string): void {
  if (!isRepo(dir)) {
    const r = git(path.dirname(path.resolve(dir)), ['init', '--quiet', '--', path.resolve(dir)]);
    if (r.code !== 0) throw new PlnError('git', `git init failed: ${firstLine(r)}`);
  }
  configureMergeDriver(dir, contactsDir, cliPath);
}

/**
 * The first commit of a network `pln init --git` just made: everything in it
 * (pln.yml, .gitignore, the merge driver's .gitattributes, sample contacts).
 * Only when the repository has no commit yet; returns a reason when it could
 * not commit (no git identity, say), null when it did or had nothing to do.
 */
export function firstCommit(dir: string): string | null {
  try {
    if (headCommit(dir) !== null) return null;
    commitAll(dir, 'pln: new network', ['.']);
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0] || 'git commit failed';
  }
}
