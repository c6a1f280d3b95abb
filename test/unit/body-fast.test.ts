/**
 * The body reader against a plain reading of the same rules (split into
 * lines, every pattern on every line): the same notes, log, follow-ups and
 * problems, on inline cases and on generated bodies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FollowUp, LogEntry, Problem } from '../../src/domain/contact.js';
import { isIsoDate } from '../../src/domain/dates.js';
import { isNotesHeading, readBody, sectionKind } from '../../src/file/parse.js';
import { fuzzRuns } from '../helpers/fuzz.js';

const HEADING_RE = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const FENCE_RE = /^[ \t]{0,3}(`{3,}|~{3,})/;
const LOG_RE = /^[ \t]*[-*+][ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*:[ \t]*(.*)|[ \t]+([\p{L}\p{N}_-]+):(?:[ \t]+(.*)|$)|[ \t]+(.*))?$/u;
const TASK_RE = /^[ \t]*[-*+][ \t]+\[([ xX\-/])\][ \t]?(.*)$/;
const DUE_RE = /[ \t]*📅\uFE0F?[ \t]*(\d{4}-\d{2}-\d{2})/u;
const DONE_RE = /[ \t]*✅\uFE0F?[ \t]*(\d{4}-\d{2}-\d{2})/u;
const HASHTAG_RE = /(?:^|\s)#([\p{L}\p{N}_][\p{L}\p{N}_/-]*)/gu;

/** The reference: one line at a time, each through the patterns. */
function plainReadBody(body: string, firstLine: number, file: string, problems: Problem[]) {
  const lines = body.split('\n');
  const notes: string[] = [];
  const log: LogEntry[] = [];
  const followups: FollowUp[] = [];
  let section: 'log' | 'followups' | null = null;
  let fence: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lineNo = firstLine + i;
    const f = FENCE_RE.exec(line);
    if (fence !== null) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length) fence = null;
      if (section === null) notes.push(line);
      continue;
    }
    if (f) {
      fence = f[1]!;
      if (section === null) notes.push(line);
      continue;
    }
    const h = HEADING_RE.exec(line);
    if (h && h[1]!.length <= 2) {
      section = h[1]!.length === 2 ? sectionKind(h[2]!) : null;
      if (section !== null || (h[1]!.length === 2 && isNotesHeading(h[2]!))) continue;
    }
    if (section === 'log') {
      const m = LOG_RE.exec(line);
      if (!m) {
        if (/^[ \t]*[-*+][ \t]+\d{4}-\d{2}-\d{2}/.test(line)) {
          problems.push({ file, line: lineNo, message: 'log entry not in the form "- YYYY-MM-DD kind: text"', severity: 'warning' });
        }
        continue;
      }
      const date = m[1]!;
      if (!isIsoDate(date)) {
        problems.push({ file, line: lineNo, message: `log date "${date}" is not a real date (use YYYY-MM-DD)`, severity: 'warning' });
        continue;
      }
      const kind = m[3] !== undefined ? m[3].toLowerCase() : null;
      const text = (m[2] ?? m[4] ?? m[5] ?? '').trim();
      const hashtags = [...text.matchAll(HASHTAG_RE)].map((x) => x[1]!.toLowerCase());
      log.push({ date, kind, text, hashtags, line: lineNo });
    } else if (section === 'followups') {
      const m = TASK_RE.exec(line);
      if (m) followups.push(plainTask(m[1]!, m[2]!, lineNo, file, problems));
    } else {
      notes.push(line);
    }
  }
  return { notes: notes.join('\n').trim(), log, followups };
}

function plainTask(mark: string, rest: string, line: number, file: string, problems: Problem[]): FollowUp {
  let text = rest;
  let due: string | null = null;
  let doneDate: string | null = null;
  const d = DUE_RE.exec(text);
  if (d) {
    due = d[1]!;
    text = text.slice(0, d.index) + text.slice(d.index + d[0].length);
  }
  const dn = DONE_RE.exec(text);
  if (dn) {
    doneDate = dn[1]!;
    text = text.slice(0, dn.index) + text.slice(dn.index + dn[0].length);
  }
  text = text.trim();
  const lead = /^(\d{4}-\d{2}-\d{2})[ \t]+(.*)$/.exec(text);
  if (lead && due === null) {
    due = lead[1]!;
    text = lead[2]!.trim();
  }
  for (const [label, value] of [
    ['due', due],
    ['done', doneDate],
  ] as const) {
    if (value !== null && !isIsoDate(value)) {
      problems.push({ file, line, message: `follow-up ${label} date "${value}" is not a real date (use YYYY-MM-DD)`, severity: 'warning' });
    }
  }
  return {
    text,
    due: due !== null && isIsoDate(due) ? due : null,
    done: mark !== ' ',
    doneDate: doneDate !== null && isIsoDate(doneDate) ? doneDate : null,
    line,
  };
}

function agree(body: string): void {
  const fast: Problem[] = [];
  const plain: Problem[] = [];
  expect(readBody(body, 5, 'a.md', fast), JSON.stringify(body)).toStrictEqual(plainReadBody(body, 5, 'a.md', plain));
  expect(fast, JSON.stringify(body)).toStrictEqual(plain);
}

const CASES = [
  '',
  '\n',
  'hello\nworld\n',
  'one\r\ntwo\r\n\r\n## Log\r\n- 2026-11-20 coffee: hi\r\n',
  'mixed\r\nends\nhere\r\r\nand\u2028there\n',
  '  \n\t\nnotes\n\n',
  '## Log\n- 2026-11-20 coffee: talked #Career #a/b\n- 2026-11-21: plain\n- 2026-11-22 x\n- 2026-11-23\n- 2026-02-30 bad date\n- 2026-11-2 short\n- 2026-11-20x\n- 2026-11-20 kind:x\n- 2026-11-20 Ünï-ß_1: text\n- 2026-11-20\tk:\tt\n- 2026-11-20 a\rb\n- 2026-11-20 a\u2028b\n  * 2026-11-20 indented\n-2026-11-20 no space\n',
  '## Follow-ups\n- [ ] send it 📅 2026-12-05\n- [x] done ✅ 2026-12-01\n- [ ] 2026-12-09 lead date\n- [ ] 2026-02-31 bad lead\n- [-] 📅\uFE0F 2026-13-01 bad due\n- [?] not a task\n* [X]no space\n- []\n',
  'before\n```\n## Log\n- 2026-11-20 inside a fence\n```\nafter\n## Log\n- 2026-11-20 real\n',
  '~~~~\n~~~\nstill fenced\n~~~~~\nout\n    ```\nnot a fence (4 spaces)\n \t ```js\nfenced\n\t```\n',
  '## Log\n```\n- 2026-11-20 in a fence in the log\n```\n# Title\nnotes again\n## Other\nmore notes\n### Log\n## follow ups ##\n- [ ] t\n',
  '## Log\n- 2026-11-20 a\n\nnot a log line\n## Notes\r\nback to notes\r\n',
  '#no space heading\n##\n## \n#\tTab heading\n####### seven\n',
  'text with \u0007 bell\n## Log\n- 2026-11-20 \u001b[31m red\n',
  '## Log\n- 2024-02-29 leap\n- 2026-02-29 not leap\n- 2026-04-31 x\n- 2026-00-10 x\n- 2026-12-00 x\n- 2026-12-31 x\n- 0000-01-28 x\n- 2026-11-20:\n- 2026-11-20 :x\n- 2026-11-20 k:\n- 2026-11-20 k: \n- 2026-11-20 k-_9: v #T\n- 2026-11-20 日本: v\n- 2026-11-20 a日: v\n- 2026-11-20  \u00a0x\n',
  '## Follow-ups\n- [ ] a 📅 2024-02-29\n- [ ] b 📅 2026-02-29\n- [x] c ✅ 2026-06-31\n',
];

describe('readBody', () => {
  it('agrees with the plain reading on hand-picked bodies', () => {
    for (const body of CASES) {
      agree(body);
      agree(body.replace(/\n/g, '\r\n'));
    }
  });

  const piece = fc.constantFrom(
    '',
    ' ',
    '  ',
    '   ',
    '    ',
    '\t',
    '\r',
    '\u2028',
    '\u00a0',
    'text',
    'é😀',
    '#',
    '##',
    '###',
    '# ',
    '## ',
    'Log',
    'log ',
    'Follow-ups',
    'follow ups',
    '```',
    '````',
    '~~~',
    '~~~~',
    '``',
    '- ',
    '* ',
    '+ ',
    '-',
    '-\t',
    '2026-11-20',
    '2026-02-30',
    '2026-1-01',
    ' coffee: hi',
    ': hi',
    ' hi #Tag',
    ' kind:',
    ' Ünï: x',
    '[ ]',
    '[x]',
    '[-]',
    '[?]',
    ' task',
    ' 📅 2026-12-01',
    ' ✅ 2026-13-02',
    ' 2026-12-01 lead',
    '\u0007',
  );
  const ws = fc.constantFrom('', ' ', '  ', '\t', '   ', '    ');
  const line = fc.oneof(
    { weight: 3, arbitrary: fc.array(piece, { maxLength: 6 }).map((ps) => ps.join('')) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('', ' '), fc.constantFrom('#', '##', '###'), ws, fc.constantFrom('Log', 'log', 'Follow-ups', 'Notes', ''), ws, fc.constantFrom('', '#', '\u2028'))
        .map((ps) => ps.join('')),
    },
    { weight: 1, arbitrary: fc.tuple(ws, fc.constantFrom('```', '````', '~~~', '~~~~', '``', '`~~'), fc.constantFrom('', 'js', ' x')).map((ps) => ps.join('')) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          ws,
          fc.constantFrom('-', '*', '+', '.'),
          ws,
          fc.constantFrom('2026-11-20', '2026-02-30', '2026-1-01', '2026-11-20x', '1999-12-31', '9999-01-01', '0000-00-00'),
          fc.array(piece, { maxLength: 3 }),
        )
        .map(([a, m, b, d, rest]) => `${a}${m}${b}${d}${rest.join('')}`),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(ws, fc.constantFrom('-', '*', '+'), ws, fc.constantFrom('[ ]', '[x]', '[-]', '[?]', '[]'), fc.array(piece, { maxLength: 3 }))
        .map(([a, m, b, t, rest]) => `${a}${m}${b}${t}${rest.join('')}`),
    },
  );
  const eol = fc.constantFrom('\n', '\n', '\n', '\r\n', '\r\r\n');
  const body = fc.array(fc.tuple(line, eol), { maxLength: 14 }).map((ls) => ls.map(([l, e]) => l + e).join(''));

  it('agrees with the plain reading on generated bodies', () => {
    fc.assert(
      fc.property(body, fc.nat(2), (b, cut) => {
        agree(b.slice(0, b.length - cut));
      }),
      { numRuns: fuzzRuns(3000) },
    );
  });
});
