/**
 * The last step before the terminal: file names (and anything else from a
 * network) may hold escape sequences that retitle the window, move the
 * cursor or rewrite what is on screen. Only pln's own colours (SGR, `ESC [
 * ... m`), line feeds, tabs and CR before LF pass; every other control
 * character (C0, DEL, C1) is dropped.
 */

const UNSAFE = /\u001b(?!\[[0-9;]*m)|\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f-\u009f]/g;

export function terminalSafe(text: string): string {
  return text.search(UNSAFE) === -1 ? text : text.replace(UNSAFE, '');
}
