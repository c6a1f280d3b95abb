// Bundles the CLI into dist/: one minified ESM entry plus lazily loaded
// chunks (fuse.js for search, inquirer for prompts, ...), so startup only
// evaluates what a command needs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { pln: 'src/cli/entry.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __PLN_VERSION__: JSON.stringify(pkg.version) },
  banner: {
    // Some bundled CommonJS dependencies call require().
    js: "import { createRequire as __plnCreateRequire } from 'node:module'; const require = __plnCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
