// Bundles the CLI into dist/, laid out for startup time:
//
//   dist/pln.cjs             the entry (CommonJS, as bin/pln.cjs: no ES module
//                            loader to start): answers `pln --version` alone, else loads
//   dist/chunks/cli.cjs      the CLI, our code in one file (Node loads one module
//                            at startup, not twenty: each costs a read and a link),
//                            compiled through V8's code cache (src/cli/entry.ts)
//   dist/chunks/<pkg>.js     packages imported with `await import()` (inquirer,
//                            ical.js, libmime), each on its own, loaded only by
//                            the commands that use them
//   dist/chunks/mcp-sdk.js   the MCP SDK and zod, loaded only by `pln mcp`
//
// Our own lazily imported modules (search, card, sync, import/export, ...) are
// in cli.cjs, but run only when imported.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { relative, resolve, sep } from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// The index cache (src/store/cache.ts) keeps parse results: one written by a
// build with other sources may hold other results, so each build has its own key.
const sources = readdirSync('src', { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => `${e.parentPath ?? e.path}/${e.name}`)
  .sort();
const cacheKey = createHash('sha256').update(pkg.version);
for (const file of sources) cacheKey.update(file).update(readFileSync(file));

// Statically imported packages (yaml, fuse.js, chalk) are in cli.cjs: making
// them stand-ins loaded on first use saved under 5% of any benchmarked command
// (measured against this build with the V8 code cache warm), so it was dropped.
// Our own modules imported with `await import()` that bring in a large
// dependency: each is bundled on its own (ESM, as the vendor chunks), so that
// only the command importing it reads it. The MCP SDK and zod, for `pln mcp`.
const CHUNKS = { 'src/mcp/sdk.ts': 'mcp-sdk.js' };

const BANNER = {
  // Bundled CommonJS dependencies call require().
  js: "import { createRequire as __plnCreateRequire } from 'node:module'; const require = __plnCreateRequire(import.meta.url);",
};
// `node scripts/build.mjs --names` keeps function names, for reading a profile.
const NAMES = process.argv.includes('--names');
const COMMON = { bundle: true, platform: 'node', target: 'node20', minifyWhitespace: true, minifySyntax: true, minifyIdentifiers: !NAMES, legalComments: 'none', logLevel: 'warning' };
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isPackage = (p) => !p.startsWith('.') && !p.startsWith('/') && !builtins.has(p);
const fileFor = (p) => `${p.replace(/^@/, '').replace(/[^A-Za-z0-9.-]+/g, '-')}.js`;

/**
 * The CLI's import rules:
 * - a package imported with `await import()` (inquirer) is bundled on its own,
 *   and `vendor` collects it;
 * - every other Node built-in is loaded with require(): an ES import of one
 *   builds a facade that reads every export, and `node:process`'s includes
 *   `stdin`, which opens a stream (see `builtin-esm` below for ES imports).
 */
/**
 * Packages whose module code runs when one of their exports is first read,
 * not at every start: the YAML parser (only for frontmatter and pln.yml the
 * subset reader does not take, and for edits that need it) and chalk (only
 * for styled output; `--json` never reads it). Together with
 * node:child_process below, about 4 ms at every start. See lazyExports.
 */
const LAZY_PACKAGES = new Set(['yaml', 'chalk']);

/**
 * A CommonJS module whose exports are getters that require() `name` on first
 * read: esbuild then bundles `name` inside a function that runs only then.
 * The importing code reads an export where it uses it (esbuild's namespace
 * objects forward each read), so a module imported but unused costs nothing.
 */
function lazyExports(name, keys) {
  const getters = keys.filter((k) => /^[A-Za-z_$][\w$]*$/.test(k)).map((k) => `get ${k}() { return load()${k === 'default' ? '.default' : `.${k}`}; }`);
  return `let m; const load = () => (m ??= require(${JSON.stringify(name)}));\nmodule.exports = { ${getters.join(', ')} };`;
}

function cliPlugin(vendor) {
  return {
    name: 'pln-cli',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        // The facades' own require() of the built-in resolves normally.
        if (args.namespace === 'builtin' || args.namespace === 'builtin-esm') {
          if (args.path.startsWith('./')) return { path: args.path, external: true };
          return builtins.has(args.path) ? { path: args.path, external: true } : undefined;
        }
        if (args.kind === 'dynamic-import' && builtins.has(args.path)) return { path: args.path, external: true };
        if (args.kind === 'dynamic-import' && args.path.startsWith('.')) {
          const rel = relative(process.cwd(), resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts')))
            .split(sep)
            .join('/');
          if (CHUNKS[rel]) return { path: `./${CHUNKS[rel]}`, external: true };
        }
        if (args.kind === 'dynamic-import' && isPackage(args.path)) {
          vendor.add(args.path);
          return { path: `./${fileFor(args.path)}`, external: true };
        }
        if (builtins.has(args.path)) return { path: args.path, namespace: args.kind === 'require-call' ? 'builtin' : 'builtin-esm' };
        // Our import of a lazy package gets its stand-in; the stand-in's require() gets the package.
        if (LAZY_PACKAGES.has(args.path) && args.namespace === 'file' && args.kind === 'import-statement') return { path: args.path, namespace: 'lazy-package' };
        return undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'lazy-package' }, async (args) => ({
        contents: lazyExports(args.path, Object.keys(await import(args.path))),
        loader: 'js',
        resolveDir: process.cwd(),
      }));
      b.onLoad({ filter: /.*/, namespace: 'builtin' }, async (args) => {
        // commander requires node:child_process at its start, for executable
        // subcommands, which pln has none of; loading it brings in net, dgram
        // and streams (about 2 ms at every start). Its require gets getters
        // that load the module when a function of it is first read.
        if (args.path === 'node:child_process') return { contents: lazyExports(args.path, Object.keys((await import(args.path)).default)), loader: 'js' };
        return { contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' };
      });
      // An ES import of a built-in: a module of plain exports, so that the
      // bundle reads `fs.statSync` straight from the built-in instead of
      // through a namespace object whose every export is a getter (which
      // esbuild builds for each import of a CommonJS module: a few
      // milliseconds at each start). Accessors (fs.promises, process.stdin)
      // are left out: reading them would load or open something.
      b.onLoad({ filter: /.*/, namespace: 'builtin-esm' }, async (args) => {
        // `process` is the global: chalk's default import of it needs no copy of its hundred properties.
        if (args.path === 'node:process' || args.path === 'process') return { contents: 'export default process;', loader: 'js' };
        const mod = (await import(args.path)).default;
        const lines = [`const m = require(${JSON.stringify(args.path)});`, 'export default m;'];
        for (const k of Object.keys(mod)) {
          const d = Object.getOwnPropertyDescriptor(mod, k);
          if (!/^[A-Za-z_$][\w$]*$/.test(k) || k === 'default' || !d || d.get || d.set) continue;
          lines.push(`export const ${k} = m.${k};`);
        }
        return { contents: lines.join('\n'), loader: 'js' };
      });
    },
  };
}

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const CACHE_KEY = JSON.stringify(cacheKey.digest('hex').slice(0, 16));
let bundleSha256 = '';
const vendor = new Set();
// CommonJS, so that the entry can compile it with V8's code cache (see
// src/cli/entry.ts). The entry wraps it in a function that also receives
// `__plnUrl` (its URL, for import.meta.url) and `__plnImport` (import()
// relative to it: a script compiled by node:vm has no module loader).
const cli = await build({
  ...COMMON,
  stdin: {
    contents: "export { App } from './src/cli/app.ts';\nexport { run } from './src/cli/main.ts';\n",
    resolveDir: process.cwd(),
    sourcefile: 'cli.ts',
    loader: 'ts',
  },
  outfile: 'dist/chunks/cli.cjs',
  format: 'cjs',
  write: false,
  define: { __PLN_VERSION__: JSON.stringify(pkg.version), __PLN_CACHE_KEY__: CACHE_KEY, 'import.meta.url': '__plnUrl' },
  plugins: [cliPlugin(vendor)],
});
{
  let code = cli.outputFiles[0].text;
  const dynamic = code.match(/\bimport\(/g)?.length ?? 0;
  code = code.replace(/\bimport\((?=["'`]\.\/)/g, '__plnImport(');
  if (/\bimport\(/.test(code)) throw new Error(`cli.cjs: a dynamic import() of something other than a chunk (${dynamic} in all)`);
  // ASCII only (esbuild leaves a few letters in regular expressions as they
  // are): the entry then reads the file as Latin-1, which is quicker than UTF-8.
  code = code.replace(/[^\x00-\x7f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  mkdirSync('dist/chunks', { recursive: true });
  writeFileSync('dist/chunks/cli.cjs', code);
  // The entry checks a code cache against this (src/store/code-cache.ts), so that a start hashes nothing.
  bundleSha256 = createHash('sha256').update(Buffer.from(code, 'latin1')).digest('hex');
}

for (const [file, out] of Object.entries(CHUNKS)) {
  await build({ ...COMMON, entryPoints: [file], outfile: `dist/chunks/${out}`, format: 'esm', banner: BANNER });
}

for (const name of vendor) {
  await build({ ...COMMON, entryPoints: [name], outfile: `dist/chunks/${fileFor(name)}`, format: 'esm', banner: BANNER });
}

await build({
  ...COMMON,
  entryPoints: { pln: 'src/cli/entry.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { __PLN_VERSION__: JSON.stringify(pkg.version), __PLN_CACHE_KEY__: CACHE_KEY, __PLN_BUNDLE_SHA256__: JSON.stringify(bundleSha256) },
});
