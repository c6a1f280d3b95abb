/** `pln doctor`: every problem in the network, each with file and line. Pure. */
import type { Problem } from '../domain/contact.js';
import { fold } from '../domain/text.js';
import { strayLines } from '../file/edit.js';
import type { Network } from './network.js';

/**
 * The loader's problems plus checks across files (references to nobody);
 * with `textOf` (a contact's file text, null when unreadable), also lines in
 * Log that are not entries and in Follow-ups that are not tasks.
 */
export function checkNetwork(net: Network, today: string, textOf?: (file: string) => string | null): Problem[] {
  const problems = [...net.problems];
  for (const c of net.contacts) {
    const text = textOf?.(c.file);
    for (const stray of text ? strayLines(text) : []) {
      const message =
        stray.section === 'log'
          ? `${quote(stray.text)} in Log is not an entry, so no command reads it (make it "- YYYY-MM-DD kind: text")`
          : `${quote(stray.text)} in Follow-ups is not a task, so no command reads it (make it "- [ ] …", or move it above ## Log; pln note adds notes)`;
      problems.push({ file: c.file, line: stray.line, message, severity: 'warning' });
    }
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

/** A line quoted in a message: at most 40 characters, `…` marking a cut. */
function quote(s: string): string {
  return `"${s.length > 40 ? `${s.slice(0, 39)}…` : s}"`;
}
