/**
 * User-facing failures. The core throws these; the one catch in cli/main.ts
 * prints `message` as a single line and exits with `exitCode`.
 */
export type PlnErrorKind =
  | 'usage' // wrong invocation: exit 2, usage shown
  | 'not-found' // unknown person, missing network
  | 'ambiguous' // WHO matches several people
  | 'invalid' // bad value (date, cadence, key)
  | 'file' // unreadable or unparseable file, refused write
  | 'conflict' // the file changed under us, or a git conflict
  | 'git'; // git failed

export class PlnError extends Error {
  readonly kind: PlnErrorKind;
  readonly exitCode: number;
  /** Extra lines shown after the message (candidates, hints). */
  readonly details: string[];

  constructor(kind: PlnErrorKind, message: string, details: string[] = []) {
    super(message);
    this.name = 'PlnError';
    this.kind = kind;
    this.exitCode = kind === 'usage' ? 2 : 1;
    this.details = details;
  }
}

export function usageError(message: string): PlnError {
  return new PlnError('usage', message);
}
