/**
 * Built-ins loaded when first used rather than at every start: each takes a
 * few milliseconds to load, and most commands need neither. node:crypto
 * hashes only for writes (the undo journal) and long file names;
 * node:child_process runs only a pager or an editor (git has its own module,
 * loaded with `sync`).
 */
export function crypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}

export function childProcess(): typeof import('node:child_process') {
  return process.getBuiltinModule('node:child_process');
}
