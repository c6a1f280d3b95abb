/**
 * No import cycle in src/: modules form layers (domain → file → index/io →
 * store → sync → cli), and a cycle, even through a lazy `import()` or a
 * type-only import, is a sign that something sits in the wrong module.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

// `import … from './x.js'`, `export … from './x.js'`, `import './x.js'` and `import('./x.js')`, over several lines too.
const IMPORT_RE = /(?:^|\n)[ \t]*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"](\.[^'"]+)['"]|\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Each module of src/ (relative path) and the modules of src/ it imports. */
function importGraph(): Map<string, string[]> {
  const files = fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    const deps = [...text.matchAll(IMPORT_RE)].map((m) => path.join(path.dirname(file), (m[1] ?? m[2])!.replace(/\.js$/, '.ts')));
    graph.set(file, deps);
  }
  return graph;
}

/** Every cycle found by a depth-first walk, each as `a -> b -> a`. */
function findCycles(graph: Map<string, string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      if (!graph.has(dep)) continue;
      if (state.get(dep) === 'open') cycles.push([...stack.slice(stack.indexOf(dep)), dep].join(' -> '));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('imports in src/', () => {
  it('finds a cycle where there is one, lazy imports included', () => {
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', ['c.ts']],
          ['c.ts', ['a.ts']],
          ['d.ts', ['a.ts']],
        ]),
      ),
    ).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
    expect(
      findCycles(
        new Map([
          ['a.ts', ['b.ts']],
          ['b.ts', []],
        ]),
      ),
    ).toEqual([]);
    const lazy = "import { x } from './b.js';\nexport async function f() {\n  const { g } = await import('./c.js');\n}\nimport type {\n  T,\n} from '../d/e.js';\n";
    expect([...lazy.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2])).toEqual(['./b.js', './c.js', '../d/e.js']);
  });

  it('has no cycle', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get(path.join('cli', 'main.ts'))).toContain(path.join('cli', 'app.ts'));
    expect(findCycles(graph)).toEqual([]);
  });
});
