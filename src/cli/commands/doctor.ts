/** `pln doctor`: check every file and list each problem as path:line: what (and how to fix). */
import type { Command } from 'commander';
import * as path from 'node:path';
import { checkNetwork } from '../../index/doctor.js';
import { leftoverTempFiles, MAX_FILE_BYTES, readOptional, TEMP_DIR } from '../../store/folder.js';
import type { App } from '../app.js';
import { clean } from '../render.js';

export function register(program: Command, app: App): void {
  program
    .command('doctor')
    .description('check every file of the network; exit 1 when anything is wrong')
    .option('--json', 'print JSON: [{file, line, severity, message}]')
    .addHelpText('after', '\nExamples:\n  pln doctor\n  pln doctor --json | jq -r ".[].file" | sort -u')
    .action((opts: { json?: boolean }) => {
      const net = app.network({ quiet: true });
      const problems = checkNetwork(net, app.today, (file) => readOptional(path.join(net.dir, file), { max: MAX_FILE_BYTES }));
      // Temp files of writes that were killed: never read as contacts, never committed, but worth knowing about.
      const ours = `${TEMP_DIR.split('\\').join('/')}/`;
      for (const file of leftoverTempFiles(net.dir, net.config.contactsDir)) {
        const what = 'a temp file left by a write that was interrupted';
        const message = file.startsWith(ours) ? `${what}; pln removes it at the next write` : `${what} (by an older pln); delete it`;
        problems.push({ file, line: 0, severity: 'warning', message });
      }
      problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
      if (opts.json) {
        app.printJson(problems.map((p) => ({ file: p.file, line: p.line, severity: p.severity, message: p.message })));
      } else if (problems.length === 0) {
        app.print(net.contacts.length === 0 ? 'No contacts yet; nothing to check.' : `All ${net.contacts.length} contacts are fine.`);
      } else {
        const s = app.styles;
        for (const p of problems) {
          const where = `${p.file}${p.line > 0 ? `:${p.line}` : ''}`;
          app.print(`${s.path(clean(where))}: ${p.severity === 'error' ? s.error('error') : s.warn('warning')}: ${clean(p.message)}`);
        }
        const files = new Set(problems.map((p) => p.file)).size;
        app.print(s.dim(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; ${net.contacts.length} contacts read.`));
      }
      if (problems.length > 0) app.exitCode = 1;
    });
}
