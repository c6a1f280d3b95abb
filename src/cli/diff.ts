/** A unified diff of one text change, for `--dry-run`. Edits are local, so one hunk suffices. */
export function unifiedDiff(before: string, after: string, file: string, context = 3): string {
  if (before === '') {
    // A new file: every line added, in the form `git apply` expects.
    const added = after.endsWith('\n') ? after.slice(0, -1).split('\n') : after.split('\n');
    return `--- /dev/null\n+++ b/${file}\n@@ -0,0 +1,${added.length} @@\n${added.map((l) => `+${l.replace(/\r$/, '')}`).join('\n')}\n`;
  }
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length - 1;
  let endB = b.length - 1;
  while (endA >= start && endB >= start && a[endA] === b[endB]) {
    endA--;
    endB--;
  }
  if (start > endA && start > endB) return '';
  const from = Math.max(0, start - context);
  const toA = Math.min(a.length - 1, endA + context);
  const toB = Math.min(b.length - 1, endB + context);
  const show = (s: string) => s.replace(/\r$/, '');
  const lines = [`--- a/${file}`, `+++ b/${file}`, `@@ -${from + 1},${toA - from + 1} +${from + 1},${toB - from + 1} @@`];
  for (let i = from; i < start; i++) lines.push(` ${show(a[i]!)}`);
  for (let i = start; i <= endA; i++) lines.push(`-${show(a[i]!)}`);
  for (let i = start; i <= endB; i++) lines.push(`+${show(b[i]!)}`);
  for (let i = endA + 1; i <= toA; i++) lines.push(` ${show(a[i]!)}`);
  return `${lines.join('\n')}\n`;
}
