import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plnIn } from '../helpers/inproc.js';
import { contact, hashTree, jsonOf, network, pln, read, ROOT, tempDir } from '../helpers/pln.js';

const ME = 'me@example.com';
const ENV = { TZ: 'UTC' };

/** One message as an mbox entry or a Maildir file holds it. */
function message(headers: string[], body = 'Hello.\nFrom the desk of nobody: not a boundary\n'): string {
  return `${headers.join('\n')}\n\n${body}`;
}

const recipients25 = Array.from({ length: 24 }, (_, i) => `p${i}@crowd.example`)
  .concat('dan@example.com')
  .join(', ');

const MBOX = [
  [
    'From ada@work.example Fri Nov 20 10:00:00 2026',
    message(['From: Ada Lovelace <ada@work.example>', `To: ${ME}`, 'Date: Fri, 20 Nov 2026 10:00:00 +0000', 'Subject: =?UTF-8?Q?Caf=C3=A9_next_week?=']),
  ],
  [
    'From me@example.com Fri Nov 20 11:00:00 2026',
    message([`From: Me <${ME}>`, 'To: "Lovelace, Ada" <ada@example.com>, bob@example.com', 'Cc: Cleo <Cleo@Example.com>', 'Date: Fri, 20 Nov 2026 11:00:00 +0000', 'Subject: Quarterly', ' plan']),
  ],
  ['From bob@example.com Fri Nov 20 12:00:00 2026', message(['From: Bob <bob@example.com>', `To: ${ME}`, 'Date: Fri, 20 Nov 2026 12:00:00 +0000', 'Subject: Re: Quarterly plan'])],
  ['From cleo@example.com Sat Nov 21 09:00:00 2026', message(['From: cleo@example.com', `To: ${ME}`, 'Date: Sat, 21 Nov 2026 09:00:00 +0000', 'Subject: =?UTF-8?Q?Alert=1B=5B31m_red?='])],
  [
    'From dan@example.com Sat Nov 21 09:00:00 2026',
    message(['From: Dan <dan@example.com>', `To: ${ME}`, 'List-Id: <news.lists.example>', 'Date: Sat, 21 Nov 2026 09:00:00 +0000', 'Subject: List mail']),
  ],
  ['From dan@example.com Sat Nov 21 09:00:00 2026', message(['From: Dan <dan@example.com>', `To: ${ME}`, 'Precedence: bulk', 'Date: Sat, 21 Nov 2026 09:00:00 +0000', 'Subject: Bulk mail'])],
  ['From me@example.com Sun Nov 22 09:00:00 2026', message([`From: ${ME}`, `To: ${recipients25}`, 'Date: Sun, 22 Nov 2026 09:00:00 +0000', 'Subject: Announcement'])],
  ['From dan@example.com Sat Dec  5 09:00:00 2026', message(['From: Dan <dan@example.com>', `To: ${ME}`, 'Date: Sat, 05 Dec 2026 09:00:00 +0000', 'Subject: From the future'])],
  ['From zoe@stranger.example Mon Nov 23 09:00:00 2026', message(['From: =?UTF-8?Q?Zo=C3=AB?= Quinn <zoe@stranger.example>', `To: ${ME}`, 'Date: Mon, 23 Nov 2026 09:00:00 +0000', 'Subject: Intro'])],
]
  .map(([sep, msg]) => `${sep}\n${msg}`)
  .join('\n');

const MAILDIR: Record<string, string> = {
  'cur/1700000000.1.host:2,S': message(['From: ada@example.com', `To: Me <${ME}>`, 'Date: Wed, 25 Nov 2026 16:30:00 +0000', 'Subject: =?ISO-8859-1?Q?R=E9sum=E9?=']),
  'cur/1700000000.2.host:2,S': message(['From: "Quinn, Zoë" <zoe@stranger.example>', `To: ${ME}`, 'Date: Tue, 24 Nov 2026 09:00:00 +0000', 'Subject: Re: Intro']),
  'new/1700000000.3.host': message(['From: Zoë Quinn <zoe@stranger.example>', `To: ${ME}`, 'Date: Thu, 26 Nov 2026 09:00:00 +0000', 'Subject: Re: Re: Intro']),
  'cur/1700000000.4.host:2,ST': message(['From: dan@example.com', `To: ${ME}`, 'Date: Thu, 26 Nov 2026 09:00:00 +0000', 'Subject: Trashed']),
};

function event(lines: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', ...lines, 'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

const ORGANIZER = `ORGANIZER;CN=Me:mailto:${ME}`;
const CALENDARS: Record<string, string> = {
  'weekly.ics': event([
    'UID:weekly-1',
    'DTSTAMP:20261101T000000Z',
    'DTSTART:20261102T100000Z',
    'DTEND:20261102T103000Z',
    'RRULE:FREQ=WEEKLY;COUNT=6',
    'EXDATE:20261116T100000Z',
    'SUMMARY:1:1 with Ada',
    ORGANIZER,
    'ATTENDEE;CN=Ada;PARTSTAT=ACCEPTED:mailto:ada@example.com',
  ]),
  'allday.ics': event([
    'UID:allday-1',
    'DTSTAMP:20261101T000000Z',
    'DTSTART;VALUE=DATE:20261127',
    'DTEND;VALUE=DATE:20261128',
    'SUMMARY:Offsite',
    ORGANIZER,
    'ATTENDEE;PARTSTAT=ACCEPTED:mailto:cleo@example.com',
  ]),
  'big.ics': event([
    'UID:big-1',
    'DTSTAMP:20261101T000000Z',
    'DTSTART:20261110T150000Z',
    'SUMMARY:All hands',
    ORGANIZER,
    ...Array.from({ length: 29 }, (_, i) => `ATTENDEE:mailto:crowd${i}@example.org`),
    'ATTENDEE:mailto:erin@example.com',
  ]),
  'cancelled.ics': event(['UID:cancel-1', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261111T150000Z', 'STATUS:CANCELLED', 'SUMMARY:Called off', ORGANIZER, 'ATTENDEE:mailto:erin@example.com']),
  'declined.ics': event([
    'UID:declined-1',
    'DTSTAMP:20261101T000000Z',
    'DTSTART:20261112T150000Z',
    'SUMMARY:Not going',
    'ORGANIZER:mailto:erin@example.com',
    `ATTENDEE;PARTSTAT=DECLINED:mailto:${ME}`,
  ]),
};

/** Writes the mbox, the Maildir and the calendar folder under `root`. */
function sources(root: string): { mbox: string; maildir: string; cal: string } {
  const mbox = path.join(root, 'mail', 'inbox.mbox');
  const maildir = path.join(root, 'mail', 'work');
  const cal = path.join(root, 'calendars');
  fs.mkdirSync(path.dirname(mbox), { recursive: true });
  fs.writeFileSync(mbox, MBOX);
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
  for (const [name, text] of Object.entries(MAILDIR)) fs.writeFileSync(path.join(maildir, name), text);
  fs.mkdirSync(cal, { recursive: true });
  for (const [name, text] of Object.entries(CALENDARS)) fs.writeFileSync(path.join(cal, name), text);
  return { mbox, maildir, cal };
}

const ADA = contact('name: Ada Lovelace\nemail: [ada@example.com, ada@work.example]\ncadence: 30d\nadded: 2026-01-01', '\n## Log\n- 2026-06-01 call: old\n');
const BOB = contact('name: Bob Builder\nemail: bob@example.com   # work\nadded: 2026-01-01', '\nMet at a meetup.\n\n## Log\n- 2026-11-20 email: Quarterly plan\n');
const CLEO = contact('name: Cleo Nguyen\nemail: cleo@example.com\nadded: 2026-01-01', '');
const DAN = contact('name: Dan Brown\nemail: dan@example.com\nadded: 2026-01-01', '');
const ERIN = contact('name: Erin Ode\nemail: erin@example.com\nadded: 2026-01-01', '');
const SELF = contact(`name: Me Myself\nemail: ${ME}\nadded: 2026-01-01`, '');

function captureNetwork(yml = `owner_emails: [${ME}, me@home.example]\n`): string {
  return network({
    'pln.yml': yml,
    'contacts/ada-lovelace.md': ADA,
    'contacts/bob-builder.md': BOB,
    'contacts/cleo-nguyen.md': CLEO,
    'contacts/dan-brown.md': DAN,
    'contacts/erin-ode.md': ERIN,
    'contacts/me.md': SELF,
  });
}

const ADA_AFTER = contact(
  'name: Ada Lovelace\nemail: [ada@example.com, ada@work.example]\ncadence: 30d\nadded: 2026-01-01',
  [
    '',
    '## Log',
    '- 2026-11-25 email: Résumé',
    '- 2026-11-23 meeting: 1:1 with Ada',
    '- 2026-11-20 email: Quarterly plan',
    '- 2026-11-20 email: Café next week',
    '- 2026-11-09 meeting: 1:1 with Ada',
    '- 2026-11-02 meeting: 1:1 with Ada',
    '- 2026-06-01 call: old',
    '',
  ].join('\n'),
);
const CLEO_AFTER = contact(
  'name: Cleo Nguyen\nemail: cleo@example.com\nadded: 2026-01-01',
  '\n## Log\n- 2026-11-27 meeting: Offsite\n- 2026-11-21 email: Alert red\n- 2026-11-20 email: Quarterly plan\n',
);

function expectCaptured(dir: string): void {
  expect(read(dir, 'contacts/ada-lovelace.md')).toBe(ADA_AFTER);
  expect(read(dir, 'contacts/cleo-nguyen.md')).toBe(CLEO_AFTER);
  // Already logged by hand: not added again.
  expect(read(dir, 'contacts/bob-builder.md')).toBe(BOB);
  // Only in list mail, bulk mail, a 25-recipient message, a future one, a trashed one,
  // a 30-attendee meeting, a cancelled and a declined one.
  expect(read(dir, 'contacts/dan-brown.md')).toBe(DAN);
  expect(read(dir, 'contacts/erin-ode.md')).toBe(ERIN);
  // You are never a contact.
  expect(read(dir, 'contacts/me.md')).toBe(SELF);
}

describe('pln capture', () => {
  it('logs mail and meetings from an mbox, a Maildir and a folder of .ics files; last contact and due follow', () => {
    const dir = captureNetwork();
    const { mbox, maildir, cal } = sources(tempDir());
    const due = jsonOf<{ slug: string }[]>(pln(['due', '--json'], { dir, env: ENV }));
    expect(due.map((d) => d.slug)).toContain('ada-lovelace');

    const r = pln(['capture', mbox, maildir, cal], { dir, env: ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectCaptured(dir);
    expect(r.stdout).toContain('+ Ada Lovelace: 2026-11-25 email: Résumé\n');
    const summary = r.stdout.trimEnd().split('\n').at(-1);
    expect(summary).toBe(`Logged 9 entries for 2 people · ${mbox}: 9 messages read, 4 skipped · ${maildir}: 4 messages read, 1 skipped · ${cal}: 7 events read, 3 skipped`);

    const ada = jsonOf<{ last_contact: string; due_date: string }>(pln(['show', 'ada', '--json'], { dir, env: ENV }));
    expect(ada.last_contact).toBe('2026-11-25');
    expect(ada.due_date).toBe('2026-12-25');
    const after = jsonOf<{ slug: string }[]>(pln(['due', '--json'], { dir, env: ENV }));
    expect(after.map((d) => d.slug)).not.toContain('ada-lovelace');
  });

  it('changes no byte when run again, or with --dry-run', () => {
    const dir = captureNetwork();
    const { mbox, maildir, cal } = sources(tempDir());
    const before = hashTree(dir);
    const dry = pln(['capture', mbox, maildir, cal, '--dry-run'], { dir, env: ENV });
    expect(dry.code).toBe(0);
    expect(hashTree(dir)).toEqual(before);
    expect(fs.existsSync(path.join(dir, '.pln', 'capture.json'))).toBe(false);
    expect(dry.stdout).toContain('--- a/contacts/ada-lovelace.md\n+++ b/contacts/ada-lovelace.md\n');
    expect(dry.stdout).toContain('\n+- 2026-11-25 email: Résumé\n');
    expect(dry.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Dry run, nothing written: would log 9 entries for 2 people · /);

    expect(pln(['capture', mbox, maildir, cal], { dir, env: ENV }).code).toBe(0);
    const once = hashTree(dir);
    // Again, over the same days (not only since the last capture): nothing to add.
    const again = pln(['capture', mbox, maildir, cal, '--since', '2026-01-01'], { dir, env: ENV });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Logged 0 entries for 0 people · /);
    expect(hashTree(dir)).toEqual(once);
    expect(pln(['capture', mbox, maildir, cal], { dir, env: ENV }).code).toBe(0);
    expect(hashTree(dir)).toEqual(once);
  });

  it('--new --json lists the frequent unknown sender with the right count, never you', () => {
    const dir = captureNetwork();
    const { mbox, maildir, cal } = sources(tempDir());
    const before = hashTree(dir);
    const r = pln(['capture', mbox, maildir, cal, '--new', '--json'], { dir, env: ENV });
    expect(r.code).toBe(0);
    expect(jsonOf(r)).toEqual([{ name: 'Zoë Quinn', email: 'zoe@stranger.example', count: 3, last: '2026-11-26' }]);
    expect(hashTree(dir)).toEqual(before);
    const human = pln(['capture', mbox, maildir, cal, '--new'], { dir, env: ENV });
    expect(human.stdout).toContain("pln add 'Zoë Quinn' --email zoe@stranger.example");
    // After a capture, --new still looks at the whole last year, not only since that capture.
    expect(pln(['capture', mbox, maildir, cal], { dir, env: ENV }).code).toBe(0);
    expect(jsonOf(pln(['capture', mbox, maildir, cal, '--new', '--json'], { dir, env: ENV }))).toEqual([{ name: 'Zoë Quinn', email: 'zoe@stranger.example', count: 3, last: '2026-11-26' }]);
    // With no one new it says over which days.
    expect(pln(['capture', mbox, maildir, cal, '--new', '--since', '2026-11-27'], { dir, env: ENV }).stdout).toBe('Everyone you exchanged mail or meetings with since 2026-11-27 is in the network.\n');
  });

  it('--new never lists a mailing list: named by list mail, by get_maintainer, by -list or by the subject tag; the people beside it stay', async () => {
    const dir = captureNetwork();
    const mbox = path.join(tempDir(), 'lists.mbox');
    fs.writeFileSync(
      mbox,
      [
        [
          'From zoe@stranger.example Mon Nov 23 09:00:00 2026',
          message([
            'From: Zoe Quinn <zoe@stranger.example>',
            `To: Me <${ME}>, Florian Fainelli <florian@stranger.example>`,
            'Cc: bcm-kernel-feedback-list@broadcom.example,',
            ' linux-kernel@vger.kernel.example (open list)',
            'Date: Mon, 23 Nov 2026 09:00:00 +0000',
            'Subject: [PATCH] MAINTAINERS: update',
          ]),
        ],
        [
          'From me@example.com Tue Nov 24 09:00:00 2026',
          message([
            `From: ${ME}`,
            'To: Allan <allan@stranger.example>,',
            ' "Discussion about the Arch User Repository (AUR)" <aur-general@arch.example>',
            'Date: Tue, 24 Nov 2026 09:00:00 +0000',
            'Subject: Re: [aur-general] Guidelines',
          ]),
        ],
        ['From me@example.com Wed Nov 25 09:00:00 2026', message([`From: ${ME}`, 'To: Netdev <netdev@vger.kernel.example>', 'Date: Wed, 25 Nov 2026 09:00:00 +0000', 'Subject: Re: a series'])],
        [
          'From bo@stranger.example Wed Nov 25 10:00:00 2026',
          message(['From: Bo <bo@stranger.example>', 'To: netdev@vger.kernel.example', 'List-Id: <netdev.vger.kernel.example>', 'Date: Wed, 25 Nov 2026 10:00:00 +0000', 'Subject: a series']),
        ],
      ]
        .map(([sep, msg]) => `${sep}\n${msg}`)
        .join('\n'),
    );
    const before = hashTree(dir);
    const r = await plnIn(['capture', mbox, '--new', '--json'], { dir, env: ENV });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'Allan', email: 'allan@stranger.example', count: 1, last: '2026-11-24' },
      { name: 'Florian Fainelli', email: 'florian@stranger.example', count: 1, last: '2026-11-23' },
      { name: 'Zoe Quinn', email: 'zoe@stranger.example', count: 1, last: '2026-11-23' },
    ]);
    expect(hashTree(dir)).toEqual(before);
  });

  it('reads the sources in pln.yml when none are named (~ is the home folder)', () => {
    const home = tempDir();
    sources(home);
    const dir = captureNetwork(`owner_emails:\n  - ${ME}\ncapture:\n  sources:\n    - ~/mail/inbox.mbox\n    - ~/mail/work\n    - ~/calendars\n`);
    const r = pln(['capture'], { dir, env: { ...ENV, HOME: home } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectCaptured(dir);
    expect(r.stdout).toContain(' · ~/mail/inbox.mbox: 9 messages read, 4 skipped · ');
    const config = pln(['config', 'list'], { dir, env: ENV });
    expect(config.stdout).toMatch(/capture\.sources +~\/mail\/inbox\.mbox, ~\/mail\/work, ~\/calendars +pln\.yml/);
    expect(config.stdout).toMatch(/owner_emails +me@example\.com +pln\.yml/);
  });

  it('capture.subjects: false logs the kind without the subject', () => {
    const dir = captureNetwork(`owner_emails: [${ME}]\ncapture:\n  subjects: false\n`);
    const { mbox, maildir, cal } = sources(tempDir());
    expect(pln(['capture', mbox, maildir, cal], { dir, env: ENV }).code).toBe(0);
    expect(read(dir, 'contacts/cleo-nguyen.md')).toBe(
      contact('name: Cleo Nguyen\nemail: cleo@example.com\nadded: 2026-01-01', '\n## Log\n- 2026-11-27 meeting:\n- 2026-11-21 email:\n- 2026-11-20 email:\n'),
    );
  });

  it('refuses bad sources with one line, exit 1, nothing written', () => {
    const dir = captureNetwork();
    const root = tempDir();
    const { mbox } = sources(root);
    const binary = path.join(root, 'photo.jpg');
    fs.writeFileSync(binary, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 3]));
    const truncated = path.join(root, 'cut.ics');
    fs.writeFileSync(truncated, CALENDARS['weekly.ics']!.slice(0, 150));
    const missing = path.join(root, 'nowhere.mbox');
    const before = hashTree(dir);
    const cases: [string[], RegExp][] = [
      [[binary], /^pln: .*photo\.jpg: not a mailbox or calendar .*binary data\n$/],
      [[missing], /^pln: .*nowhere\.mbox: cannot read \(no such file or folder\)\n$/],
      [[truncated], /^pln: .*cut\.ics: the calendar is cut short .*\n$/],
      [[mbox, truncated], /^pln: .*cut\.ics: the calendar is cut short .*\n$/],
    ];
    for (const [args, message] of cases) {
      const r = pln(['capture', ...args], { dir, env: ENV });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(hashTree(dir)).toEqual(before);
    }
    const noOwner = network({ 'contacts/ada.md': ADA });
    const r = pln(['capture', mbox], { dir: noOwner, env: ENV });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pln: owner_emails is not set in pln\.yml/);
  });
});

describe('pln capture dates', () => {
  it("logs the calendar day of the message and the meeting in the machine's time zone; all-day events keep theirs", () => {
    const root = tempDir();
    const mbox = path.join(root, 'late.mbox');
    fs.writeFileSync(mbox, `From ada@x Fri Nov 20 23:30:00 2026\n${message(['From: ada@example.com', `To: ${ME}`, 'Date: Fri, 20 Nov 2026 23:30:00 +0000', 'Subject: Late'])}`);
    const ics = path.join(root, 'cal.ics');
    fs.writeFileSync(
      ics,
      event(['UID:t', 'DTSTART:20261124T230000Z', 'SUMMARY:Evening', ORGANIZER, 'ATTENDEE:mailto:ada@example.com']).replace(
        'END:VCALENDAR',
        ['BEGIN:VEVENT', 'UID:d', 'DTSTART;VALUE=DATE:20261126', 'SUMMARY:Day', ORGANIZER, 'ATTENDEE:mailto:ada@example.com', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n'),
      ),
    );
    const logOf = (tz: string) => {
      const dir = captureNetwork();
      expect(pln(['capture', mbox, ics], { dir, env: { TZ: tz } }).code).toBe(0);
      return read(dir, 'contacts/ada-lovelace.md').split('## Log\n')[1]!.split('\n').slice(0, 3);
    };
    expect(logOf('UTC')).toEqual(['- 2026-11-26 meeting: Day', '- 2026-11-24 meeting: Evening', '- 2026-11-20 email: Late']);
    expect(logOf('Asia/Tokyo')).toEqual(['- 2026-11-26 meeting: Day', '- 2026-11-25 meeting: Evening', '- 2026-11-21 email: Late']);
  });
});

/** Mailboxes and calendars other programs wrote, read in place. */
const REAL = path.resolve(ROOT, '..', 'shared', 'realdata');

describe.runIf(fs.existsSync(path.join(REAL, 'mail')) && fs.existsSync(path.join(REAL, 'calendars')))('pln capture on real mailboxes and calendars', () => {
  it('reads every one without failing and writes no control characters', () => {
    const dir = network({
      'pln.yml': 'owner_emails: [akpm@linux-foundation.org, jeff@xamarin.com, foo@example.com, james@lightsofapollo.com]\n',
      'contacts/rafal.md': contact('name: Rafał Miłecki\nemail: zajec5@gmail.com'),
      'contacts/greg.md': contact('name: Greg\nemail: gregkh@linuxfoundation.org'),
    });
    const files = ['mail', 'calendars'].flatMap((d) => fs.readdirSync(path.join(REAL, d)).map((f) => path.join(REAL, d, f)));
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      // Mail from 2016 on; calendars over the last year (their series reach back to 1601).
      const since = file.includes(`${path.sep}mail${path.sep}`) ? ['--since', '2000-01-01'] : [];
      const r = pln(['capture', file, ...since], { dir, env: ENV, timeout: 60_000 });
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^Logged \d+ entr(y|ies) for \d+ (person|people) · .*: \d+ (messages?|events?) read, \d+ skipped$/);
    }
    for (const f of ['contacts/rafal.md', 'contacts/greg.md']) expect(read(dir, f)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    // Rafał's patch mail went to akpm: logged once per day and subject.
    expect(read(dir, 'contacts/rafal.md')).toMatch(/^- 2016-06-01 email: \S/m);
  }, 300_000);
});

describe.runIf(fs.existsSync(path.join(REAL, 'mail')))('pln capture on real mail, message by message', () => {
  const MAIL = path.join(REAL, 'mail');

  it('an Outlook Date without a year is skipped with a warning, not logged in 2001', async () => {
    const dir = network({ 'pln.yml': 'owner_emails: [david@tethera.net]\n', 'contacts/david.md': contact('name: David Bremner\nemail: bremner@example.com') });
    const eml = path.join(MAIL, 'notmuch_outlook_meeting_request.eml');
    expect(await plnIn(['capture', '--since', '2000-01-01', eml], { dir, env: ENV })).toEqual({
      code: 0,
      stdout: `Logged 0 entries for 0 people · ${eml}: 1 message read, 1 skipped\n`,
      stderr: `warning: ${eml}: Date "Thu Jan 01 00:00:10 +0000" is not a date with a year (as in 20 Nov 2026 10:00 +0000); skipped\n`,
    });
    expect(read(dir, 'contacts/david.md')).toBe(contact('name: David Bremner\nemail: bremner@example.com'));
  });

  it('a Maildir message without a Date is skipped with a warning naming its file; every file is counted', async () => {
    const dir = network({ 'pln.yml': 'owner_emails: [hk@testmu.xxx]\n', 'contacts/mu.md': contact('name: Mü\nemail: testmu@testmu.xx') });
    const md = path.join(tempDir(), 'md');
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(md, sub), { recursive: true });
    // Read in place, through a link.
    fs.symlinkSync(path.join(MAIL, 'mu_maildir_utf8_b_from_to_subject.eml'), path.join(md, 'cur', '1305664394.2171_402.cthulhu:2,S'));
    fs.symlinkSync(path.join(MAIL, 'notmuch_maildir_aur_iso8859_q_from.eml'), path.join(md, 'cur', '52:2,'));
    fs.symlinkSync(path.join(MAIL, 'notmuch_duplicate_cc_headers.eml'), path.join(md, 'cur', '53:2,ST'));
    const nodate = path.join(md, 'cur', '1305664394.2171_402.cthulhu:2,S');
    expect(await plnIn(['capture', '--since', '2000-01-01', md], { dir, env: ENV })).toEqual({
      code: 0,
      stdout: `Logged 0 entries for 0 people · ${md}: 3 messages read, 2 skipped\n`,
      stderr: `warning: ${nodate}: no Date header; skipped\n`,
    });
  });

  it('--new lists the people of LKML and aur-general mail, not the lists they went to', async () => {
    const dir = network({ 'pln.yml': 'owner_emails: [akpm@linux-foundation.org, boulogne.f@gmail.com]\n' });
    const files = ['patchwork_lkml_encoded_from_cc.mbox', 'patchwork_invalid_utf8_encoded_word.mbox', 'notmuch_maildir_aur_iso8859_q_from.eml'].map((f) => path.join(MAIL, f));
    const r = await plnIn(['capture', '--new', '--json', '--since', '2000-01-01', ...files], { dir, env: ENV });
    expect(r.code).toBe(0);
    const emails = (JSON.parse(r.stdout) as { email: string }[]).map((p) => p.email).sort();
    expect(emails).toEqual([
      'allan@archlinux.org',
      'davem@davemloft.net',
      'f.fainelli@gmail.com',
      'gregkh@linuxfoundation.org',
      'jslaby@suse.cz',
      'linux@roeck-us.net',
      'mchehab@osg.samsung.com',
      'zajec5@gmail.com',
    ]);
  });
});

/** Calendar files other programs wrote, read in place; a copy where a file needs you and someone else in its events. */
const REAL_CALENDARS = path.join(REAL, 'calendars');

describe.runIf(fs.existsSync(REAL_CALENDARS))('pln capture on real calendars: series, their exceptions and their people', () => {
  const PAL = contact('name: Pal One\nemail: pal@x.example');

  /** A network of you (`owner`) and Pal, whose address is `pal`. */
  const calendarNetwork = (owner: string, pal = 'pal@x.example') => network({ 'pln.yml': `owner_emails: [${owner}]\n`, 'contacts/pal.md': PAL.replace('pal@x.example', pal) });

  /** The file with `lines` added at the top of each event. */
  const withLines = (name: string, lines: string[]): string => {
    const text = fs.readFileSync(path.join(REAL_CALENDARS, name), 'utf8').replace(/^BEGIN:VEVENT(\r?)$/gm, (line, cr: string) => [line, ...lines].join(`${cr}\n`));
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, text);
    return file;
  };
  const withUs = (name: string) => withLines(name, ['ORGANIZER:mailto:me@x.example', 'ATTENDEE:mailto:pal@x.example']);

  /** Captures `file` from `since` and returns the dates logged for Pal, newest first, and the summary line. */
  const capture = (dir: string, file: string, since = '2000-01-01') => {
    const r = pln(['capture', file, '--since', since], { dir, env: ENV });
    expect(r.code, r.stderr).toBe(0);
    const log = read(dir, 'contacts/pal.md').split('## Log\n')[1] ?? '';
    return { dates: [...log.matchAll(/^- (\d{4}-\d\d-\d\d) meeting:/gm)].map((m) => m[1]!), summary: r.stdout.trimEnd().split('\n').at(-1)! };
  };

  it('an open-ended series goes on after an RDATE period (Zimbra)', () => {
    const dir = calendarNetwork('calmozilla1@gmail.com', 'jlal@mozilla.com');
    const { dates } = capture(dir, path.join(REAL_CALENDARS, 'icaljs_zimbra_recur_rdate_exdate_overrides.ics'));
    expect(dates[0]).toBe('2026-11-03');
    // Every first Tuesday from December 2023 to November 2026, after the period of 25 November 2023.
    expect(dates.filter((d) => d >= '2023-12-01')).toHaveLength(36);
    expect(dates).toContain('2023-11-25');
  });

  it('a cancelled occurrence and a cancelled event are not logged (khal, Apple)', () => {
    const dir = calendarNetwork('me@x.example');
    const khal = capture(dir, withUs('khal_rrule_recuid_cancelled.ics'));
    expect(khal.dates).toEqual(['2014-08-04', '2014-07-28', '2014-07-21', '2014-07-07', '2014-06-30']);
    expect(khal.summary).toMatch(/: 6 events read, 1 skipped$/);
    const apple = calendarNetwork('tentative@example.com, confirmed@example.com, cancelled@example.com');
    expect(capture(apple, withLines('nodeical_apple_macos_tentative_cancelled.ics', ['ATTENDEE:mailto:pal@x.example'])).dates).toEqual(['2022-07-05', '2022-07-04']);
    expect(read(apple, 'contacts/pal.md')).not.toMatch(/Cancelled/);
  });

  it('a floating EXDATE removes its occurrence from a series with a time zone (Thunderbird, Outlook, Teams)', () => {
    const dir = calendarNetwork('XX@XXXXXXX.XXX', 'XXXXXXX@XXXXXXXXXXXXXX.XXX');
    const { dates } = capture(dir, path.join(REAL_CALENDARS, 'radicale_thunderbird_outlook_teams_series.ics'));
    expect(dates).toHaveLength(27);
    expect(dates).not.toContain('2026-04-03');
  });

  it('an all-day series keeps its exceptions, whatever the zone they are written in (Exchange)', () => {
    const dir = calendarNetwork('me@x.example');
    expect(capture(dir, withUs('icalendar_exchange2010_allday_biweekly_exdate.ics')).dates).not.toContain('2024-07-15');
    const moved = capture(calendarNetwork('me@x.example'), withUs('nodeical_exchange_allday_moved_recurrence.ics')).dates;
    expect(moved).toContain('2026-02-27');
    expect(moved).not.toContain('2026-02-26');
  });

  it('an attendee whose address is folded in the middle is read whole (khal)', () => {
    const file = path.join(REAL_CALENDARS, 'khal_attendee_partstat.ics');
    const strangers = jsonOf<{ name: string | null; email: string }[]>(pln(['capture', file, '--since', '2000-01-01', '--new', '--json'], { dir: calendarNetwork('jdoe@example.com'), env: ENV }));
    const found = strangers.map((s) => [s.name, s.email]);
    expect(found).toEqual(expect.arrayContaining([['Henry Cabot', 'hcabot@example.com']]));
    // The Big Cheese (his address folded the same way) delegated the meeting to Henry: he was not there.
    expect(found.map(([, email]) => email)).not.toContain('iamboss@example.com');
    expect(strangers.every((s) => !/\s/.test(s.email))).toBe(true);
    expect(capture(calendarNetwork('jdoe@example.com', 'hcabot@example.com'), file).dates).toEqual(['2014-04-09']);
  });
});
