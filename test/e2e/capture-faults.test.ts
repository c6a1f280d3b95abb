/**
 * `pln capture` on sources made to trip it: a time zone whose rules would
 * expand forever, a Maildir holding a FIFO, dates that do not exist. A run
 * that might never end goes to a child process with a time limit, so that
 * it fails the test instead of blocking it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, network, read, ROOT, tempDir, type RunResult } from '../helpers/pln.js';

const ENV = { TZ: 'UTC' };

function captureNetwork(): string {
  return network({
    'pln.yml': 'default_cadence: 90d\nowner_emails: [me@example.com]\n',
    'contacts/ada.md': contact('name: Ada Lovelace\nemail: ada@example.com'),
  });
}

const INPROC = pathToFileURL(path.join(ROOT, 'test', 'helpers', 'inproc.ts')).href;

/** `plnIn` in a child process: a run still going after a minute (far longer than any of these takes) fails. */
function plnInChild(args: string[], dir: string): RunResult {
  const script = `const { plnIn } = await import(${JSON.stringify(INPROC)});
process.stdout.write(JSON.stringify(await plnIn(JSON.parse(process.env.PLN_TEST_ARGS), { dir: process.env.PLN_TEST_DIR, env: { TZ: 'UTC' } })));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, PLN_TEST_ARGS: JSON.stringify(args), PLN_TEST_DIR: dir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.error, `pln ${args.join(' ')} did not end within a minute`).toBeUndefined();
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as RunResult;
}

function calendar(...lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:x', ...lines, 'END:VCALENDAR', ''].join('\r\n');
}

/** An mbox of messages from Ada to me, each `[date of its From line, Date header, subject]`. */
function adaMbox(...messages: [envelope: string, date: string, subject: string][]): string {
  return messages
    .flatMap(([envelope, date, subject]) => [`From ada@example.com ${envelope}`, 'From: ada@example.com', 'To: me@example.com', `Date: ${date}`, `Subject: ${subject}`, '', 'b', ''])
    .join('\n');
}

const MEETING = ['BEGIN:VEVENT', 'UID:1', 'ORGANIZER:mailto:me@example.com', 'ATTENDEE:mailto:ada@example.com', 'SUMMARY:Meet'];

/** What `--dry-run` shows of the one entry it would log for Ada. */
function dryRun(entry: string, summary: string): string {
  return ['--- a/contacts/ada.md', '+++ b/contacts/ada.md', '@@ -3,3 +3,6 @@', ' email: ada@example.com', ' ---', ' ', '+## Log', `+${entry}`, '+', summary, ''].join('\n');
}

describe('pln capture on sources made to trip it', () => {
  it.each(['SECONDLY', 'MINUTELY'])('a time zone rule of FREQ=%s since 1601 is ignored with a warning; the meeting is read as written', (freq) => {
    const dir = captureNetwork();
    const ics = path.join(tempDir(), 'tz.ics');
    fs.writeFileSync(
      ics,
      calendar(
        ...['BEGIN:VTIMEZONE', 'TZID:X', 'BEGIN:STANDARD', 'DTSTART:16010101T000000', `RRULE:FREQ=${freq}`, 'TZOFFSETFROM:+0000', 'TZOFFSETTO:+0100', 'END:STANDARD', 'END:VTIMEZONE'],
        ...MEETING,
        'DTSTART;TZID=X:20261120T100000',
        'END:VEVENT',
      ),
    );
    const before = hashTree(dir);
    const r = plnInChild(['capture', '--dry-run', ics], dir);
    expect(r).toEqual({
      code: 0,
      stdout: dryRun('- 2026-11-20 meeting: Meet', `Dry run, nothing written: would log 1 entry for 1 person · ${ics}: 1 event read, 0 skipped`),
      stderr: `warning: ${ics}:4: time zone "X" ignored (a rule of FREQ=${freq}; time zone rules recur yearly)\n`,
    });
    expect(hashTree(dir)).toEqual(before);
  });

  it.each(['DAILY', 'MINUTELY'])('an event whose FREQ=%s rule allows no day that exists is skipped with a warning; a leap-day rule still recurs', (freq) => {
    const dir = captureNetwork();
    const ics = path.join(tempDir(), 'never.ics');
    fs.writeFileSync(
      ics,
      calendar(
        ...MEETING,
        'DTSTART:20260101T100000Z',
        `RRULE:FREQ=${freq};BYMONTH=2;BYMONTHDAY=30`,
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:2',
        'ORGANIZER:mailto:me@example.com',
        'ATTENDEE:mailto:ada@example.com',
        'SUMMARY:Leap',
        'DTSTART:20200101T100000Z',
        'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29',
        'END:VEVENT',
      ),
    );
    const r = plnInChild(['capture', '--dry-run', '--since', '2024-01-01', ics], dir);
    expect(r).toEqual({
      code: 0,
      // The event left out is counted: read and skipped.
      stdout: dryRun('- 2024-02-29 meeting: Leap', `Dry run, nothing written: would log 1 entry for 1 person · ${ics}: 2 events read, 1 skipped`),
      stderr: `warning: ${ics}:4: an event could not be expanded (its rule names no day that exists (BYMONTH, BYMONTHDAY, BYYEARDAY, BYDAY)); skipped\n`,
    });
  });

  it('a FIFO in a Maildir is named and skipped, never opened to wait for a writer; the message beside it is read', () => {
    const dir = captureNetwork();
    const md = path.join(tempDir(), 'md');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(md, sub), { recursive: true });
    fs.writeFileSync(path.join(md, 'cur', '1:2,S'), 'From: ada@example.com\nTo: me@example.com\nDate: Fri, 20 Nov 2026 10:00:00 +0000\nSubject: Hi\n\nb\n');
    expect(spawnSync('mkfifo', [path.join(md, 'new', 'fifo')]).status).toBe(0);
    const r = plnInChild(['capture', '--dry-run', md], dir);
    expect(r).toEqual({
      code: 0,
      stdout: dryRun('- 2026-11-20 email: Hi', `Dry run, nothing written: would log 1 entry for 1 person · ${md}: 1 message read, 0 skipped`),
      stderr: `warning: ${path.join(md, 'new', 'fifo')}: is a FIFO (named pipe), not a regular file; not read (skipped)\n`,
    });
  });

  it('a message or a meeting on 30 February is skipped with a warning naming it, never logged on 2 March', async () => {
    const dir = captureNetwork();
    const root = tempDir();
    const eml = path.join(root, 'feb.eml');
    fs.writeFileSync(eml, 'From: ada@example.com\nTo: me@example.com\nDate: Mon, 30 Feb 2026 10:00:00 +0000\nSubject: Hi\n\nb\n');
    const mbox = path.join(root, 'box.mbox');
    fs.writeFileSync(mbox, adaMbox(['Fri Nov 20 10:00:00 2026', 'Fri, 20 Nov 2026 10:00:00 +0000', 'Real'], ['Mon Nov 30 10:00:00 2026', 'Mon, 31 Nov 2026 10:00:00 +0000', 'Unreal']));
    const ics = path.join(root, 'feb.ics');
    fs.writeFileSync(ics, calendar(...MEETING, 'DTSTART:20260230T100000Z', 'END:VEVENT'));
    expect(await plnIn(['capture', eml, mbox, ics], { dir, env: ENV })).toEqual({
      code: 0,
      stdout: `+ Ada Lovelace: 2026-11-20 email: Real\nLogged 1 entry for 1 person · ${eml}: 1 message read, 1 skipped · ${mbox}: 2 messages read, 1 skipped · ${ics}: 1 event read, 1 skipped\n`,
      stderr: [
        `warning: ${eml}: Date "Mon, 30 Feb 2026 10:00:00 +0000" is not a real date; skipped`,
        `warning: ${mbox}: message 2: Date "Mon, 31 Nov 2026 10:00:00 +0000" is not a real date; skipped`,
        `warning: ${ics}:4: an event could not be read (DTSTART 20260230T100000Z is not a date); skipped`,
        '',
      ].join('\n'),
    });
    expect(read(dir, 'contacts/ada.md')).not.toMatch(/2026-03-02|2026-12-01|Unreal/);
  });

  it('every message file of a Maildir is counted: one without a Date is skipped with a warning naming it, a trashed one is skipped', async () => {
    const dir = captureNetwork();
    const md = path.join(tempDir(), 'md');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(md, sub), { recursive: true });
    const msg = (date: string, subject: string) => `From: ada@example.com\nTo: me@example.com\n${date}Subject: ${subject}\n\nb\n`;
    fs.writeFileSync(path.join(md, 'cur', '1700000000.1.host:2,S'), msg('Date: Fri, 20 Nov 2026 10:00:00 +0000\n', 'Real'));
    fs.writeFileSync(path.join(md, 'cur', '1700000000.2.host:2,S'), msg('', 'Undated'));
    fs.writeFileSync(path.join(md, 'cur', '1700000000.3.host:2,ST'), msg('Date: Fri, 20 Nov 2026 11:00:00 +0000\n', 'Trashed'));
    fs.writeFileSync(path.join(md, 'new', '1700000000.4.host'), msg('Date: Sat, 21 Nov 2026 10:00:00 +0000\n', 'New'));
    fs.writeFileSync(path.join(md, 'tmp', '1700000000.5.host'), msg('Date: Sat, 21 Nov 2026 11:00:00 +0000\n', 'Being delivered'));
    expect(await plnIn(['capture', md], { dir, env: ENV })).toEqual({
      code: 0,
      stdout: `+ Ada Lovelace: 2026-11-20 email: Real\n+ Ada Lovelace: 2026-11-21 email: New\nLogged 2 entries for 1 person · ${md}: 4 messages read, 2 skipped\n`,
      stderr: `warning: ${path.join(md, 'cur', '1700000000.2.host:2,S')}: no Date header; skipped\n`,
    });
  });

  it('a message whose Date has no year is skipped with a warning naming it, never given a year', async () => {
    const dir = captureNetwork();
    const root = tempDir();
    const eml = path.join(root, 'outlook.eml');
    fs.writeFileSync(eml, 'From: ada@example.com\nTo: me@example.com\nSubject: test\nDate: Thu Jan 01 00:00:10 +0000\n\nb\n');
    const mbox = path.join(root, 'box.mbox');
    fs.writeFileSync(mbox, adaMbox(['Fri Nov 20 10:00:00 2026', 'Fri, 20 Nov 2026 10:00:00 +0000', 'Real'], ['Fri Nov 20 11:00:00 2026', 'Nov 20 11:00', 'Yearless']));
    expect(await plnIn(['capture', '--since', '2000-01-01', eml, mbox], { dir, env: ENV })).toEqual({
      code: 0,
      stdout: `+ Ada Lovelace: 2026-11-20 email: Real\nLogged 1 entry for 1 person · ${eml}: 1 message read, 1 skipped · ${mbox}: 2 messages read, 1 skipped\n`,
      stderr: [
        `warning: ${eml}: Date "Thu Jan 01 00:00:10 +0000" is not a date with a year (as in 20 Nov 2026 10:00 +0000); skipped`,
        `warning: ${mbox}: message 2: Date "Nov 20 11:00" is not a date with a year (as in 20 Nov 2026 10:00 +0000); skipped`,
        '',
      ].join('\n'),
    });
    expect(read(dir, 'contacts/ada.md')).not.toMatch(/2001-|test|Yearless/);
  });
});
