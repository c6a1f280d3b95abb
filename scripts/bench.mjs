// `npm run bench`: how long `pln` takes, as whole processes, against Node's
// own startup. Generates seeded networks of 1,000 and 10,000 people in a temp
// folder, then times `node -e 0`, `pln --version`, `pln due --json`,
// `pln who rust --json`, `pln list --json` (with the index cache in place)
// and `pln due --json` with the cache removed, interleaved over several
// rounds, and prints medians, each one's ratio to `node -e 0` from the same
// run, and peak memory.
//
//   node scripts/bench.mjs [--rounds 7] [--sizes 1000,10000] [--seed 42] [--keep] [--generator FILE]
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
const SIZES = option('sizes', '1000,10000').split(',').map(Number);
const SEED = Number(option('seed', '42'));
const KEEP = args.includes('--keep');

// Targets: median ratio to `node -e 0`, by network size.
const TARGETS = {
  1000: { version: 1.3, due: 1.5, who: 2.0, list: 1.8, cold: 3 },
  10000: { version: 1.3, due: 2.5, who: 3.5, list: 3.0, cold: 7 },
};

const COMMANDS = [
  { key: 'node', label: 'node -e 0', argv: ['-e', '0'] },
  { key: 'version', label: 'pln --version', argv: [BIN, '--version'] },
  { key: 'due', label: 'pln due --json', argv: [BIN, 'due', '--json'], network: true },
  { key: 'who', label: 'pln who rust --json', argv: [BIN, 'who', 'rust', '--json'], network: true },
  { key: 'list', label: 'pln list --json', argv: [BIN, 'list', '--json'], network: true },
  { key: 'cold', label: 'pln due --json, no cache', argv: [BIN, 'due', '--json'], network: true, cold: true },
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

async function main() {
  const genPath = path.resolve(option('generator', path.join(ROOT, 'scripts', 'gen-network.mjs')));
  if (!fs.existsSync(genPath)) throw new Error('scripts/gen-network.mjs is missing: it generates the networks');
  const { generateNetwork, GENERATOR_TODAY } = await import(genPath);
  if (typeof GENERATOR_TODAY === 'string') TODAY = GENERATOR_TODAY;
  env.PLN_TODAY = TODAY;
  if (!fs.existsSync(path.join(ROOT, 'dist', 'pln.cjs'))) throw new Error('no build: run npm run bench (it builds first)');

  console.log(`pln benchmark: ${machine()}`);
  console.log(`${ROUNDS} rounds, interleaved; medians of wall time per process; ratio = median / median of node -e 0 in the same run\n`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-bench-'));
  let failed = 0;
  try {
    for (const n of SIZES) {
      const dir = path.join(root, `net-${n}`);
      fs.mkdirSync(dir, { recursive: true });
      const genStart = Date.now();
      await generateNetwork(dir, n, SEED);
      const genMs = Date.now() - genStart;
      // Files changed in the last 2 s are always parsed again (they could change
      // again within the same mtime tick); a real network's files are older.
      await new Promise((resolve) => setTimeout(resolve, 2500));

      // Warm up: every command once, which also builds the cache with every
      // part these commands read; that cache is put back after each cold run.
      const outputs = {};
      for (const cmd of COMMANDS) if (!cmd.cold) outputs[cmd.key] = run(cmd, dir).stdout;
      const warmCache = path.join(root, `cache-${n}`);
      fs.cpSync(path.join(dir, CACHE), warmCache, { recursive: true });
      const coldOut = (fs.rmSync(path.join(dir, CACHE), { recursive: true, force: true }), run(COMMANDS.at(-1), dir).stdout);
      if (!coldOut.equals(outputs.due)) throw new Error('pln due --json printed something else without the cache');
      const restore = () => {
        fs.rmSync(path.join(dir, CACHE), { recursive: true, force: true });
        fs.cpSync(warmCache, path.join(dir, CACHE), { recursive: true });
      };
      restore();

      const times = Object.fromEntries(COMMANDS.map((c) => [c.key, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const cmd of COMMANDS) {
          if (cmd.cold) fs.rmSync(path.join(dir, CACHE), { recursive: true, force: true });
          times[cmd.key].push(run(cmd, dir).ms);
          if (cmd.cold) restore();
        }
      }
      const memory = {};
      for (const cmd of COMMANDS) {
        if (cmd.cold) fs.rmSync(path.join(dir, CACHE), { recursive: true, force: true });
        memory[cmd.key] = peakMemory(cmd, dir);
        if (cmd.cold) restore();
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
      const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
      for (const r of rows) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`);
      console.log('');
    }
  } finally {
    if (KEEP) console.log(`networks kept in ${root}`);
    else fs.rmSync(root, { recursive: true, force: true });
  }
  console.log(failed === 0 ? 'every target met' : `${failed} target(s) missed`);
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
});
