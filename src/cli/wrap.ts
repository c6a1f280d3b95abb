/** Word wrapping for text people read whole (notes, log lines): never cut, only broken between words. */
import { displayWidth } from './render.js';

/**
 * Wraps `text` (one line, already cleaned) to `width` columns: the first
 * line starts with `indent`, the others with `hang`. A word longer than the
 * line is broken where it must be. With an infinite width, one line.
 */
export function wrapLine(text: string, width: number, indent = '', hang = indent): string[] {
  if (!Number.isFinite(width)) return [`${indent}${text}`];
  const out: string[] = [];
  let line = indent;
  let lineWidth = displayWidth(indent);
  let empty = true;
  const room = (prefix: string) => Math.max(10, width - displayWidth(prefix));
  for (let word of text.split(/ +/).filter(Boolean)) {
    const w = displayWidth(word);
    if (!empty && lineWidth + 1 + w <= width) {
      line += ` ${word}`;
      lineWidth += 1 + w;
      continue;
    }
    if (!empty) {
      out.push(line);
      line = hang;
      lineWidth = displayWidth(hang);
    }
    // A word wider than a whole line (a long URL): broken, never cut.
    while (displayWidth(word) > room(line)) {
      let head = '';
      for (const ch of word) {
        if (displayWidth(head + ch) > room(line)) break;
        head += ch;
      }
      out.push(line + head);
      word = word.slice(head.length);
      line = hang;
      lineWidth = displayWidth(hang);
    }
    line += word;
    lineWidth += displayWidth(word);
    empty = false;
  }
  out.push(line);
  return out;
}
