/**
 * Process entry, kept tiny: `pln --version` answers without loading anything,
 * every other command loads the CLI (and, through it, only what it needs).
 */
declare const __PLN_VERSION__: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  process.stdout.write(`${typeof __PLN_VERSION__ === 'string' ? __PLN_VERSION__ : '0.0.0-dev'}\n`);
} else {
  // A closed pipe (`pln list | head`) is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const [{ App }, { run }] = await Promise.all([import('./app.js'), import('./main.js')]);
  // stdin is opened only when a command reads it: creating the stream costs
  // a few milliseconds that `pln due` should not pay.
  const streams = {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
  };
  const app = new App(process.env, streams);
  process.exitCode = await run(argv, app);
}
