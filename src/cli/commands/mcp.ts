/** `pln mcp`: the network for AI assistants (src/mcp), loaded only by this command. */
import type { Command } from 'commander';
import type { App } from '../app.js';

export function register(program: Command, app: App): void {
  program
    .command('mcp')
    .description('serve the network to AI assistants (Model Context Protocol, stdio)')
    .option('--read-only', 'offer only the tools that read: no tool can change a file')
    .addHelpText(
      'after',
      '\nStarted by an assistant (Claude Desktop, VS Code, Cursor, ...), not by hand: see\n"AI assistants" in the README for its configuration.\n\nExamples:\n  pln mcp\n  pln mcp --read-only --dir ~/pln',
    )
    .action(async (opts: { readOnly?: boolean }) => {
      // The network is found once, now (none is an error before serving); bad
      // files are reported by the first call that reads them.
      const dir = app.store().dir;
      app.flush();
      const { serve } = await import('../../mcp/server.js');
      await serve({ readOnly: opts.readOnly === true, dir, env: app.env, run: app.runner!, stdin: app.streams.stdin, stdout: app.streams.stdout, stderr: app.streams.stderr });
    });
}
