/** `pln sync` (commit, pull with the contact merge, push) and the hidden git merge driver. */
import type { Command } from 'commander';
import * as fs from 'node:fs';
import { usageError } from '../../domain/errors.js';
import type { App } from '../app.js';
import { clean } from '../render.js';

/** The CLI file git should run as the merge driver: this very program. */
export function cliPath(): string {
  const entry = process.argv[1] ?? '';
  try {
    return fs.realpathSync(entry);
  } catch {
    return entry;
  }
}

export function register(program: Command, app: App): void {
  program
    .command('sync')
    .description('commit local changes, pull (merging contact files), push')
    .option('-r, --remote <name>', 'the remote (default: the branch upstream, the only remote, or origin)')
    .option('--ours', "settle every conflict with this machine's version")
    .option('--theirs', "settle every conflict with the other machine's version")
    .addHelpText(
      'after',
      "\nExamples:\n  pln sync\n  pln sync --remote backup\n  pln sync --theirs      (after a conflict: take the other machine's values)\n\nLog entries and follow-ups added on two machines merge without a conflict;\nsee pln help sync.",
    )
    .action(async (opts: { remote?: string; ours?: boolean; theirs?: boolean }) => {
      if (opts.ours && opts.theirs) throw usageError('--ours and --theirs cannot both be given');
      const loc = app.location();
      const net = app.network();
      const { syncNetwork } = await import('../../sync/sync.js');
      const report = await syncNetwork({
        dir: loc.dir,
        contactsDir: net.config.contactsDir,
        cliPath: cliPath(),
        remote: opts.remote,
        prefer: opts.ours ? 'ours' : opts.theirs ? 'theirs' : undefined,
      });
      const s = app.styles;
      if (report.committed) app.print(`Committed ${clean(report.committed.message)}`);
      if (report.pulled > 0)
        app.print(
          `Pulled ${report.pulled} commit${report.pulled === 1 ? '' : 's'} from ${report.remote}${report.filesChanged.length ? `: ${report.filesChanged.map(clean).join(', ')}` : ''}${report.merged ? ' (merged)' : ''}`,
        );
      for (const c of report.settled)
        app.print(`Settled ${clean(c.file)}${c.key ? ` ${clean(c.key)}` : c.section ? ` (${c.section})` : ''}: kept ${c.side === 'ours' ? "this machine's" : "the other machine's"} value`);
      if (report.pushed > 0) app.print(`Pushed ${report.pushed} commit${report.pushed === 1 ? '' : 's'} to ${report.remote}/${report.branch}${report.upstreamSet ? ' (upstream set)' : ''}`);
      app.print(report.pulled === 0 && report.pushed === 0 && !report.committed ? s.ok('Already in sync.') : s.ok('In sync.'));
    });

  // Run by git (configured by pln sync and pln init --git): merge.pln.driver = "node pln merge-driver %O %A %B %P".
  program
    .command('merge-driver', { hidden: true })
    .argument('<base>')
    .argument('<ours>')
    .argument('<theirs>')
    .argument('[path]')
    .action(async (base: string, ours: string, theirs: string) => {
      const { runMergeDriver } = await import('../../sync/merge-driver.js');
      app.exitCode = runMergeDriver(base, ours, theirs);
    });
}
