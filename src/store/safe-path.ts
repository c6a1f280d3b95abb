/**
 * Paths from a network's own files (`pln.yml`) are untrusted: they reach
 * file paths, git pathspecs and `.gitattributes`. Only plain relative
 * folder paths of safe characters are taken.
 */
import { crypto } from './builtins.js';

/** A folder name: letters, digits, space, `.`, `_`, `-`; not starting with `.`, `-` or a space. */
const SEGMENT_RE = /^[\p{L}\p{N}_][\p{L}\p{N}_. -]*$/u;

export const SAFE_FOLDER_HINT = 'a plain folder path inside the network: letters, digits, spaces, ".", "_", "-" and "/" between names (no "..", no leading "/" or ".")';

/**
 * Why `value` is not a plain relative folder path, or null when it is
 * (`.` is the network folder itself). A trailing `/` is allowed.
 */
export function unsafeFolderReason(value: string): string | null {
  if (value === '.' || value === './') return null;
  if (value.length > 200) return 'is longer than 200 characters';
  const trimmed = value.replace(/\/$/, '');
  if (trimmed === '') return 'is empty';
  if (trimmed.startsWith('/')) return 'is an absolute path';
  for (const segment of trimmed.split('/')) {
    if (segment === '..') return 'leaves the network ("..")';
    if (segment === '') return 'has an empty folder name ("//")';
    if (segment.endsWith(' ') || segment.endsWith('.')) return `has a folder name ending in a space or "."`;
    if (!SEGMENT_RE.test(segment)) return 'has characters other than letters, digits, spaces, ".", "_", "-" and "/"';
  }
  return null;
}

/**
 * A file name for pln's own files (locks, temp files) made from `name`: the
 * name itself when short and plain, else a short prefix and a hash, so that
 * any file pln can read it can also lock and write (a name near the
 * 255-byte limit leaves no room for a suffix).
 */
export function shortFileName(name: string, max = 80): string {
  const plain = name.replace(/[^A-Za-z0-9._-]/g, '_');
  if (Buffer.byteLength(plain) <= max) return plain;
  const hash = crypto().createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `${plain.slice(0, 40)}-${hash}`;
}
