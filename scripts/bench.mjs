// `npm run bench`: how long `pln` takes, as whole processes, against Node's
// own startup. Generates seeded networks of 1,000 and 10,000 people in a temp
// folder, then times `node -e 0`, `pln --version`, `pln due --json`,
// `pln who rust --json`, `pln list --json` (with the index cache in place)
// and `pln due --json` with the cache removed, interleaved over several
// rounds, and prints medians, each one's ratio to `node -e 0` from the same
// run, and peak memory. With `--baseline DIR` (another checkout of pln, built),
// every `pln` row is also run with DIR's build, interleaved with ours in each
// round on its own copy of the network, and a table compares the two: timings
// drift between runs on a shared machine, so builds are compared within one.
//
//   node scripts/bench.mjs [--rounds 7] [--sizes 1000,10000] [--seed 42] [--keep] [--generator FILE] [--baseline DIR]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'pln.cjs');
const CACHE = path.join('.pln', 'cache');
// The generator dates its logs relative to its own "today"; pinning it keeps runs comparable.
let TODAY = '2026-11-29';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const ROUNDS = Number(option('rounds', '7'));
const SIZES = option('sizes', '1000,10000')
  .split(',')
  .filter((s) => /^\d+$/.test(s))
  .map(Number);
const SEED = Number(option('seed', '42'));
const KEEP = args.includes('--keep');
// The capture row: an mbox of this many messages and about this many MB (0 leaves it out).
const CAPTURE_MESSAGES = Number(option('capture-messages', '20000'));
const CAPTURE_MB = Number(option('capture-mb', '200'));
const CAPTURE_TARGET = { ratio: 2.5, rssMb: 200 };

// Targets: median ratio to `node -e 0`, by network size.
const TARGETS = {
  1000: { version: 1.3, due: 1.5, who: 2.0, list: 1.8, cold: 3, coldWho: 4 },
  10000: { version: 1.3, due: 2.5, who: 3.5, list: 3.0, cold: 7, coldWho: 10 },
};

const COMMANDS = [
  { key: 'node', label: 'node -e 0', argv: ['-e', '0'] },
  { key: 'version', label: 'pln --version', argv: [BIN, '--version'] },
  { key: 'due', label: 'pln due --json', argv: [BIN, 'due', '--json'], network: true },
  { key: 'who', label: 'pln who rust --json', argv: [BIN, 'who', 'rust', '--json'], network: true },
  { key: 'list', label: 'pln list --json', argv: [BIN, 'list', '--json'], network: true },
  { key: 'cold', label: 'pln due --json, no cache', argv: [BIN, 'due', '--json'], network: true, cold: true },
  { key: 'coldWho', label: 'pln who rust --json, no cache', argv: [BIN, 'who', 'rust', '--json'], network: true, cold: true },
];

const env = { ...process.env, NO_COLOR: '1', HOME: os.tmpdir() };
for (const k of ['PLN_DIR', 'PLN_NO_CACHE', 'FORCE_COLOR', 'PAGER']) delete env[k];

const TIME = ['/usr/bin/time', '/bin/time'].find((p) => fs.existsSync(p));

/** Runs one command; returns wall milliseconds (and checks it worked). */
function run(cmd, dir) {
  const argv = cmd.network ? [...cmd.argv, '--dir', dir] : cmd.argv;
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd.label} failed (${r.status}): ${String(r.stderr).slice(0, 500)}`);
  return { ms, stdout: r.stdout };
}

/** Peak resident memory of one run, in MB (null without /usr/bin/time). */
function peakMemory(cmd, dir) {
  if (!TIME) return null;
  const argv = cmd.network ? [...cmd.argv, '--dir', dir] : cmd.argv;
  const r = spawnSync(TIME, ['-f', '%M', process.execPath, ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const kb = Number(String(r.stderr).trim().split('\n').pop());
  return Number.isFinite(kb) ? kb / 1024 : null;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Prints an indented table: the first column to the left, the others to the right. */
function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
}

/** Whether a row runs `pln` (and so is run with the baseline's build too). */
const isPln = (cmd) => cmd.argv[0] === BIN;

/** The command as a build runs it: the baseline's `bin/pln.cjs` in place of ours. */
const forBuild = (cmd, build) => (build.name === 'baseline' && isPln(cmd) ? { ...cmd, label: `${cmd.label} (baseline)`, argv: [build.bin, ...cmd.argv.slice(1)] } : cmd);

/** The checkout named by `--baseline DIR`, checked to be built; null without the option. */
function baselineCheckout() {
  if (!args.includes('--baseline')) return null;
  const value = option('baseline', '');
  if (value === '' || value.startsWith('--')) throw new Error('--baseline needs a folder: another checkout of pln, built');
  const dir = path.resolve(value);
  const missing = ['bin', 'dist'].map((d) => path.join(dir, d, 'pln.cjs')).find((f) => !fs.existsSync(f));
  if (missing) throw new Error(`--baseline ${dir} is not a built checkout of pln: ${missing} is missing (run npm ci && npm run build there)`);
  return { dir, bin: path.join(dir, 'bin', 'pln.cjs'), commit: gitCommit(dir) };
}

/** The short commit of a git checkout's HEAD; null for a folder that is not the top of one. */
function gitCommit(dir) {
  // --show-toplevel too: a plain folder inside another repository would otherwise name that one's HEAD.
  const r = spawnSync('git', ['-C', dir, 'rev-parse', '--show-toplevel', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [top, commit] = r.status === 0 ? r.stdout.trim().split('\n') : [];
  return top && commit && fs.realpathSync(top) === fs.realpathSync(dir) ? commit : null;
}

/** Deletes a build's index cache and puts its warm one back. */
function restoreCache(build) {
  fs.rmSync(path.join(build.net, CACHE), { recursive: true, force: true });
  fs.cpSync(build.warmCache, path.join(build.net, CACHE), { recursive: true });
}

/** Runs every warm command once with a build, which also builds its cache with every part these commands read; keeps that cache to put back after each cold run. */
function warmUp(build) {
  const outputs = {};
  for (const cmd of build.rows) if (!cmd.cold) outputs[cmd.key] = run(forBuild(cmd, build), build.net).stdout;
  fs.cpSync(path.join(build.net, CACHE), build.warmCache, { recursive: true });
  return outputs;
}

/** One timed run of a command with a build on its own network; a cold one without the cache, which is then put back. */
function timed(cmd, build) {
  if (cmd.cold) fs.rmSync(path.join(build.net, CACHE), { recursive: true, force: true });
  const { ms } = run(forBuild(cmd, build), build.net);
  if (cmd.cold) restoreCache(build);
  return ms;
}

/** The baseline's rows against ours: both medians, the change, and both ranges. */
function comparisonRows(ours, baseline) {
  const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
  const rows = [['command', 'baseline', 'ours', 'change', 'baseline min–max', 'ours min–max']];
  for (const cmd of baseline.rows) {
    const [before, now] = [baseline.times[cmd.key], ours.times[cmd.key]];
    const change = Math.round((median(now) / median(before) - 1) * 100);
    rows.push([cmd.label, `${median(before).toFixed(1)} ms`, `${median(now).toFixed(1)} ms`, `${change > 0 ? '+' : ''}${change}%`, range(before), range(now)]);
  }
  return rows;
}

async function main() {
  const genPath = path.resolve(option('generator', path.join(ROOT, 'scripts', 'gen-network.mjs')));
  if (!fs.existsSync(genPath)) throw new Error('scripts/gen-network.mjs is missing: it generates the networks');
  const { generateNetwork, GENERATOR_TODAY } = await import(genPath);
  if (typeof GENERATOR_TODAY === 'string') TODAY = GENERATOR_TODAY;
  env.PLN_TODAY = TODAY;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'pln.cjs'))) throw new Error('no build: run npm run bench (it builds first)');
  const baseline = baselineCheckout();

  console.log(`pln benchmark: ${machine()}`);
  if (baseline) console.log(`baseline: ${baseline.dir}${baseline.commit ? ` at ${baseline.commit}` : ' (not a git checkout)'}`);
  console.log(`${ROUNDS} rounds, interleaved; medians of wall time per process; ratio = median / median of node -e 0 in the same run\n`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-bench-'));
  let failed = 0;
  try {
    for (const n of SIZES) {
      const dir = path.join(root, `net-${n}`);
      // Each build has its own copy of the network, so its own `.pln/cache`. Both
      // share HOME: the compiled-code cache has one file per build.
      const ours = { name: 'ours', bin: BIN, net: dir, warmCache: path.join(root, `cache-${n}`), rows: COMMANDS };
      const other = baseline && { name: 'baseline', bin: baseline.bin, net: `${dir}-baseline`, warmCache: path.join(root, `cache-${n}-baseline`), rows: COMMANDS.filter(isPln) };
      const builds = other ? [ours, other] : [ours];
      fs.mkdirSync(dir, { recursive: true });
      const genStart = Date.now();
      await generateNetwork(dir, n, SEED);
      const genMs = Date.now() - genStart;
      if (other) fs.cpSync(dir, other.net, { recursive: true, preserveTimestamps: true });
      // Files changed in the last 2 s are always parsed again (they could change
      // again within the same mtime tick); a real network's files are older.
      await new Promise((resolve) => setTimeout(resolve, 2500));

      // Only our outputs are checked: the baseline may well print something else.
      const outputs = warmUp(ours);
      if (other) warmUp(other);
      for (const [cold, warm] of [
        ['cold', 'due'],
        ['coldWho', 'who'],
      ]) {
        const coldOut =
          (fs.rmSync(path.join(dir, CACHE), { recursive: true, force: true }),
          run(
            COMMANDS.find((c) => c.key === cold),
            dir,
          ).stdout);
        if (!coldOut.equals(outputs[warm])) throw new Error(`pln ${warm} --json printed something else without the cache`);
      }
      restoreCache(ours);

      for (const build of builds) build.times = Object.fromEntries(build.rows.map((c) => [c.key, []]));
      for (let round = 0; round < ROUNDS; round++) {
        // A pln row runs with both builds back to back, which take turns at going first.
        const order = round % 2 ? [...builds].reverse() : builds;
        for (const cmd of COMMANDS) for (const build of order) if (build.rows.includes(cmd)) build.times[cmd.key].push(timed(cmd, build));
      }
      const times = ours.times;
      const memory = {};
      for (const cmd of COMMANDS) {
        if (cmd.cold) fs.rmSync(path.join(dir, CACHE), { recursive: true, force: true });
        memory[cmd.key] = peakMemory(cmd, dir);
        if (cmd.cold) restoreCache(ours);
      }

      const base = median(times.node);
      const files = fs.readdirSync(path.join(dir, 'contacts'), { recursive: true }).filter((f) => String(f).endsWith('.md'));
      const bytes = files.reduce((sum, f) => sum + fs.statSync(path.join(dir, 'contacts', String(f))).size, 0);
      const cacheBytes = fs.readdirSync(path.join(dir, CACHE)).reduce((sum, f) => sum + fs.statSync(path.join(dir, CACHE, f)).size, 0);
      console.log(
        `N = ${n.toLocaleString('en-US')} people: ${files.length} files, ${(bytes / files.length / 1024).toFixed(1)} KB each on average, ` +
          `cache ${(cacheBytes / 2 ** 20).toFixed(1)} MB (generated in ${(genMs / 1000).toFixed(1)} s)`,
      );
      const rows = [['command', 'median', 'min', 'max', 'ratio', 'target', '', 'peak RSS']];
      for (const cmd of COMMANDS) {
        const m = median(times[cmd.key]);
        const ratio = m / base;
        const target = TARGETS[n]?.[cmd.key];
        const ok = target === undefined ? '' : ratio <= target ? 'met' : 'MISSED';
        if (ok === 'MISSED') failed++;
        rows.push([
          cmd.label,
          `${m.toFixed(1)} ms`,
          `${Math.min(...times[cmd.key]).toFixed(1)}`,
          `${Math.max(...times[cmd.key]).toFixed(1)}`,
          `${ratio.toFixed(2)}×`,
          target === undefined ? '' : `${target}×`,
          ok,
          memory[cmd.key] === null ? 'n/a' : `${memory[cmd.key].toFixed(0)} MB`,
        ]);
      }
      printTable(rows);
      console.log('');
      if (other) {
        console.log(`N = ${n.toLocaleString('en-US')}, ours against the baseline (change = our median / its median - 1):`);
        printTable(comparisonRows(ours, other));
        console.log('');
      }
    }
    if (CAPTURE_MESSAGES > 0) failed += benchCapture(root);
  } finally {
    if (KEEP) console.log(`networks kept in ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(failed === 0 ? 'every target met' : `${failed} target(s) missed`);
}

/** A seeded mbox: `count` messages of about `mb` MB in all, dated over the year before TODAY. */
function writeMbox(file, count, mb, contacts) {
  let seed = SEED;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const strangers = Array.from({ length: 300 }, (_, i) => `person${i}@elsewhere.example`);
  const bodyBytes = Math.max(0, Math.floor((mb * 1e6) / count) - 900);
  const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tem\n';
  const body = line.repeat(Math.ceil(bodyBytes / line.length)).slice(0, bodyBytes);
  const end = Date.parse(`${TODAY}T12:00:00Z`);
  const fd = fs.openSync(file, 'w');
  let batch = [];
  for (let i = 0; i < count; i++) {
    const date = new Date(end - Math.floor(rand() * 365 * 86_400_000));
    const other = rand() < 0.5 ? pick(contacts) : pick(strangers);
    const outgoing = rand() < 0.4;
    const from = outgoing ? 'Me <me@example.com>' : `Someone ${i % 97} <${other}>`;
    const to = outgoing ? `"Someone, ${i % 13}" <${other}>` : 'me@example.com';
    const list = rand() < 0.1 ? 'List-Id: <dev.lists.example>\n' : '';
    batch.push(
      `From ${outgoing ? 'me@example.com' : other} ${date.toUTCString().replace(/,/, '')}\n` +
        `Return-Path: <${other}>\nReceived: from mx.example (mx.example [192.0.2.1]) by mail.example with ESMTPS id ${i}; ${date.toUTCString()}\n` +
        `Received: from localhost by mx.example; ${date.toUTCString()}\nMessage-ID: <${i}.${seed}@example.com>\n` +
        `From: ${from}\nTo: ${to}\nCc: ${pick(strangers)}\n${list}Date: ${date.toUTCString().replace('GMT', '+0000')}\n` +
        `Subject: =?UTF-8?Q?Re:_caf=C3=A9_and_plans_${i % 500}?=\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n` +
        `Content-Transfer-Encoding: 8bit\nX-Mailer: bench\n\n${body}\nFrom the team, with thanks\n\n`,
    );
    if (batch.length === 200) {
      fs.writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  fs.writeSync(fd, batch.join(''));
  fs.closeSync(fd);
}

/** The capture row: `pln capture` of a large mbox against a plain streaming read of it. */
function benchCapture(root) {
  const dir = path.join(root, 'capture');
  const contacts = Array.from({ length: 200 }, (_, i) => `friend${i}@example.org`);
  fs.mkdirSync(path.join(dir, 'contacts'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pln.yml'), 'owner_emails: [me@example.com]\n');
  contacts.forEach((e, i) => fs.writeFileSync(path.join(dir, 'contacts', `friend-${i}.md`), `---\nname: Friend ${i}\nemail: ${e}\n---\n`));
  const mbox = path.join(root, 'inbox.mbox');
  const genStart = Date.now();
  writeMbox(mbox, CAPTURE_MESSAGES, CAPTURE_MB, contacts);
  const size = fs.statSync(mbox).size;
  const plain = {
    label: 'plain read (createReadStream)',
    argv: ['-e', "let n=0;require('fs').createReadStream(process.argv[1]).on('data',b=>{for(let i=b.indexOf(10);i!==-1;i=b.indexOf(10,i+1))n++}).on('end',()=>console.log(n))", mbox],
  };
  // The first run logs a year of mail (9,000 entries or so); each measured run captures
  // the same year again: every message read and planned, every entry found already logged.
  const since = new Date(Date.parse(`${TODAY}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10);
  const capture = { label: 'pln capture (again)', argv: [BIN, 'capture', mbox, '--since', since, '--dir', dir] };
  const times = { plain: [], capture: [] };
  const first = run(capture).stdout.toString().trim().split('\n').at(-1);
  if (!/^Logged [1-9]/.test(first)) throw new Error(`the first capture logged nothing: ${first}`);
  const again = run(capture).stdout.toString().trim();
  if (!again.startsWith('Logged 0 entries')) throw new Error(`capturing again wrote something: ${again.slice(0, 200)}`);
  for (let round = 0; round < ROUNDS; round++) {
    times.plain.push(run(plain).ms);
    times.capture.push(run(capture).ms);
  }
  const memory = { plain: peakMemory(plain), capture: peakMemory(capture) };
  const base = median(times.plain);
  console.log(`Capture: an mbox of ${CAPTURE_MESSAGES.toLocaleString('en-US')} messages, ${(size / 1e6).toFixed(0)} MB (generated in ${((Date.now() - genStart) / 1000).toFixed(1)} s)`);
  const rows = [['command', 'median', 'min', 'max', 'ratio', 'target', '', 'peak RSS']];
  let missed = 0;
  for (const key of ['plain', 'capture']) {
    const cmd = key === 'plain' ? plain : capture;
    const m = median(times[key]);
    const ratio = m / base;
    const rss = memory[key];
    const ok = key === 'plain' ? '' : ratio <= CAPTURE_TARGET.ratio && (rss === null || rss <= CAPTURE_TARGET.rssMb) ? 'met' : 'MISSED';
    if (ok === 'MISSED') missed++;
    rows.push([
      cmd.label,
      `${m.toFixed(0)} ms`,
      `${Math.min(...times[key]).toFixed(0)}`,
      `${Math.max(...times[key]).toFixed(0)}`,
      `${ratio.toFixed(2)}×`,
      key === 'plain' ? '' : `${CAPTURE_TARGET.ratio}×, ${CAPTURE_TARGET.rssMb} MB`,
      ok,
      rss === null ? 'n/a' : `${rss.toFixed(0)} MB`,
    ]);
  }
  printTable(rows);
  console.log('');
  return missed;
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
});
