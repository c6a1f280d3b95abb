/** `pln doctor`: every problem in the network, each with file and line. Pure. */
import type { Problem } from '../domain/contact.js';
import { fold } from '../domain/text.js';
import type { Network } from './network.js';

/** The loader's problems plus checks across files (references to nobody). */
export function checkNetwork(net: Network, today: string): Problem[] {
  const problems = [...net.problems];
  for (const c of net.contacts) {
    for (const e of c.log) {
      if (e.date > today) {
        problems.push({ file: c.file, line: e.line, message: `log entry dated ${e.date}, in the future: it counts as the last contact until then (use pln followup for plans)`, severity: 'warning' });
      }
    }
  }
  const known = new Set(net.contacts.map((c) => fold(c.slug)));
  for (const c of net.contacts) {
    const refs: [string, string[]][] = [
      ['introduced_by', c.introducedBy ? [c.introducedBy] : []],
      ['knows', c.knows],
    ];
    for (const [key, slugs] of refs) {
      for (const slug of slugs) {
        if (known.has(fold(slug))) continue;
        problems.push({
          file: c.file,
          line: c.keyLines[key] ?? 0,
          message: `${key}: "${slug}" is nobody in the network (name people by their file name without .md; see pln list)`,
          severity: 'warning',
        });
      }
    }
  }
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
