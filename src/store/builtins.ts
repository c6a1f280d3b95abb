/**
 * node:crypto, loaded when first used rather than at every start: it takes
 * a few milliseconds to load, and most commands hash nothing (only writes
 * do, for the undo journal, and long file names).
 */
export function crypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
