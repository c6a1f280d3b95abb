import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import libmime from 'libmime';
import { describe, expect, it } from 'vitest';
import { decodeWords, envelopeDate, looksLikeList, parseAddressList, parseMailDate, parseMailHeaders, subjectTags, threadSubject } from '../../src/io/mail-headers.js';
import { findHeaderEnd, readMbox } from '../../src/io/mbox.js';
import { looksLikeMessage, maildirFiles } from '../../src/io/maildir.js';

const decode = (s: string) => decodeWords(s, (t) => libmime.decodeWords(t));
const headers = (text: string) => parseMailHeaders(Buffer.from(text, 'utf8'), decode);

function mboxFile(text: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-mbox-'));
  const file = path.join(dir, 'box');
  fs.writeFileSync(file, text);
  return file;
}

function subjects(file: string): string[] {
  const out: string[] = [];
  readMbox(file, (h) => out.push(headers(h.toString('latin1')).subject || '(none)'));
  return out;
}

describe('mail headers', () => {
  it('decodes encoded words in any charset, folded and split', () => {
    expect(headers('Subject: =?UTF-8?Q?Caf=C3=A9?=\n =?UTF-8?Q?_next_week?=\n').subject).toBe('Café next week');
    expect(headers('Subject: =?iso-8859-1?Q?R=E9sum=E9?= and =?windows-1252?Q?=80uro?=\n').subject).toBe('Résumé and €uro');
    expect(headers('Subject: =?utf-8?B?8J+Yig==?= hi\n').subject).toBe('😊 hi');
    expect(headers('Subject: plain\n\ttabbed  text\n').subject).toBe('plain tabbed text');
    // Control characters never come through, encoded or not.
    expect(headers('Subject: =?UTF-8?Q?Alert=1B=5B31m_red=07?=\n').subject).toBe('Alert red');
  });

  it('reads address lists: quoted commas, comments, groups, encoded names', () => {
    expect(parseAddressList('"Lovelace, Ada" <Ada@Example.com>, bob@example.com (Bob B), Team: c@x.org, d@x.org;', decode)).toEqual([
      { email: 'ada@example.com', name: 'Lovelace, Ada' },
      { email: 'bob@example.com', name: 'Bob B' },
      { email: 'c@x.org', name: '' },
      { email: 'd@x.org', name: '' },
    ]);
    expect(parseAddressList('=?ISO-8859-1?Q?Fran=E7ois?= <f@x.org>, "=?UTF-8?Q?Zo=C3=AB?=" <z@x.org>', decode)).toEqual([
      { email: 'f@x.org', name: 'François' },
      { email: 'z@x.org', name: 'Zoë' },
    ]);
    expect(parseAddressList('undisclosed-recipients:;', decode)).toEqual([]);
    expect(parseAddressList('Ada <ada@x.org>,, ', decode)).toEqual([{ email: 'ada@x.org', name: 'Ada' }]);
  });

  it('keeps repeated fields (Cc: and cc:) and marks list and bulk mail', () => {
    const h = headers('From: a@x.org\nCc: b@x.org\ncc: c@x.org\nDate: Tue, 01 Jun 2016 20:00:54 +0200\n');
    expect(h.cc.map((a) => a.email)).toEqual(['b@x.org', 'c@x.org']);
    expect(h.bulk).toBeNull();
    expect(h.date).toBe(Date.UTC(2016, 5, 1, 18, 0, 54));
    expect(headers('List-Id: <x.lists.org>\n').bulk).toBe('List-Id');
    expect(headers('List-Unsubscribe: <mailto:u@x>\n').bulk).toBe('List-Unsubscribe');
    expect(headers('Precedence: junk\n').bulk).toBe('Precedence: junk');
    expect(headers('Auto-Submitted: auto-replied\n').bulk).toBe('Auto-Submitted: auto-replied');
    expect(headers('Auto-Submitted: no\n').bulk).toBeNull();
  });

  it('names the list a message came through, and tells list addresses from people', () => {
    expect(headers('List-Id: Linux Kernel <linux-kernel.vger.kernel.org>\nList-Post: <mailto:Linux-Kernel@vger.kernel.org?subject=x>\n').listNames).toEqual([
      'linux-kernel@vger.kernel.org',
      'linux-kernel.vger.kernel.org',
    ]);
    expect(headers('List-Id: plain.lists.example\nList-Post: NO\n').listNames).toEqual(['plain.lists.example']);
    expect(headers('From: a@x.org\n').listNames).toEqual([]);
    const tags = subjectTags('Re: [aur-general] Guidelines [PATCH 2/3]');
    expect([...tags]).toEqual(['aur-general']);
    const list = (email: string, name = '') => looksLikeList({ email, name }, tags);
    expect(list('linux-kernel@vger.kernel.org', 'open list')).toBe(true);
    expect(list('linux-arm-kernel@lists.infradead.org', 'moderated list:ARM PORT')).toBe(true);
    expect(list('bcm-kernel-feedback-list@broadcom.com')).toBe(true);
    expect(list('aur-general@archlinux.org', 'Discussion about the Arch User Repository (AUR)')).toBe(true);
    // People, whatever their names or addresses look like.
    expect(list('allan@archlinux.org', 'Allan McRae')).toBe(false);
    expect(list('f.fainelli@gmail.com', 'Florian Fainelli')).toBe(false);
    expect(list('openlist@x.org', 'Open Listening')).toBe(false);
    expect(list('alist@x.org', 'A. List')).toBe(false);
    expect(list('aur@archlinux.org')).toBe(false);
  });

  it('reads the dates mailers write', () => {
    expect(parseMailDate('Fri, 20 Nov 2026 10:00:00 +0000')).toBe(Date.UTC(2026, 10, 20, 10));
    expect(parseMailDate('20 Nov 2026 10:00 -0500 (EST)')).toBe(Date.UTC(2026, 10, 20, 15));
    expect(parseMailDate('Fri, 20 Nov 26 10:00:00 GMT')).toBe(Date.UTC(2026, 10, 20, 10));
    expect(parseMailDate('Thu, 1 Jan 2015 09:30:00 PDT')).toBe(Date.UTC(2015, 0, 1, 16, 30));
    expect(parseMailDate('Sat, 29 Feb 2020 23:59:60 +0000')).toBe(Date.UTC(2020, 2, 1));
    expect(parseMailDate('2026-11-20T10:00:00Z')).toBe(Date.UTC(2026, 10, 20, 10));
    expect(parseMailDate('yesterday-ish')).toBeNull();
    expect(parseMailDate(undefined)).toBeNull();
  });

  it('reads no date from a Date that names a day or time that does not exist (30 Feb is not 2 Mar), and says so', () => {
    for (const raw of [
      'Mon, 30 Feb 2026 10:00:00 +0000',
      'Thu, 29 Feb 2027 10:00 GMT',
      '31 Apr 26 10:00 -0500',
      'Fri, 20 Nov 2026 24:00:00 +0000',
      '2026-02-30T10:00:00Z',
      'Mon Feb 30 10:00:00 2026',
    ]) {
      expect(parseMailDate(raw), raw).toBeNull();
      expect(headers(`From: a@x.org\nDate: ${raw}\n`), raw).toMatchObject({ date: null, impossibleDate: raw });
    }
    expect(headers('Date: Thu, 29 Feb 2024 10:00:00 +0000\n')).toMatchObject({ date: Date.UTC(2024, 1, 29, 10) });
    expect(headers('Date: Thu, 29 Feb 2024 10:00:00 +0000\n').impossibleDate).toBeUndefined();
    expect(headers('Date: yesterday-ish\n').impossibleDate).toBeUndefined();
  });

  it('reads no date from a Date without a year (Date.parse would put it in 2001) or in no form of a date, and says so', () => {
    for (const raw of ['Thu Jan 01 00:00:10 +0000', 'Thu, 01 Jan 00:00:10 GMT', 'Nov 20 10:00', 'yesterday-ish']) {
      expect(parseMailDate(raw), raw).toBeNull();
      expect(headers(`From: a@x.org\nDate: ${raw}\n`), raw).toMatchObject({ date: null, unreadableDate: raw });
    }
    // Still read: the year in any of the places mailers put it.
    expect(parseMailDate('Thu Jan 01 00:00:10 2015 +0000')).toBe(Date.UTC(2015, 0, 1, 0, 0, 10));
    expect(parseMailDate('Thu, 01 Jan 15 00:00:10 +0000')).toBe(Date.UTC(2015, 0, 1, 0, 0, 10));
    expect(parseMailDate('2015-01-01T00:00:10Z')).toBe(Date.UTC(2015, 0, 1, 0, 0, 10));
    // Forms Date.parse reads with the year after a dash, or a two-digit year outside the RFC form.
    for (const raw of ['02-Nov-2026 10:00:00 +0000', 'Nov-02-2026', 'Mon, 3 Nov 26', '11/02/26 10:00', 'Mon, 2 Nov 02026 10:00 +0000']) {
      expect(parseMailDate(raw), raw).not.toBeNull();
    }
    expect(headers('From: a@x.org\n').unreadableDate).toBeUndefined();
    expect(headers('Date: Mon, 30 Feb 2026 10:00:00 +0000\n').unreadableDate).toBeUndefined();
  });

  it('makes a thread of replies and forwards', () => {
    expect(threadSubject('Re: RE: Fwd: Lunch')).toBe('Lunch');
    expect(threadSubject('AW: Treffen')).toBe('Treffen');
    expect(threadSubject('Review: the draft')).toBe('Review: the draft');
    expect(threadSubject('x'.repeat(300))).toHaveLength(200);
  });
});

describe('mbox reader', () => {
  it('splits mboxo and mboxrd files only at real From lines', () => {
    const text = [
      '\uFEFFFrom - Tue Oct 02 00:26:47 2007',
      'Subject: one',
      '',
      'From Russia with love',
      'Year: 1963',
      '>From escaped',
      'From -',
      'Subject: two',
      '',
      'body',
      'From 1844347792267117879@xxx',
      'Subject: three',
      '',
      'From time to time',
      'From someone@x.org Sat Jan  3 01:05:34 1996',
      'no headers here',
      '',
    ].join('\n');
    expect(subjects(mboxFile(text))).toEqual(['one', 'two', 'three', '(none)']);
  });

  it('finds boundaries across chunks and ignores huge bodies', () => {
    const body = `${'x'.repeat(70)}\n`.repeat(40_000); // 2.8 MB: several chunks
    const msgs = Array.from({ length: 5 }, (_, i) => `From a@x.org Mon Jan  1 00:00:0${i} 2024\r\nSubject: m${i}\r\n\r\n${body}`);
    expect(subjects(mboxFile(msgs.join('')))).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(subjects(mboxFile(''))).toEqual([]);
  });

  it("hands over each message's From line, across chunks and CRLF, and dates a message with no Date header by it", () => {
    const body = `${'x'.repeat(70)}\n`.repeat(40_000);
    const msgs = Array.from({ length: 3 }, (_, i) => `From a@x.org Mon Jan  ${i + 1} 10:00:00 2024\r\nSubject: m${i}\r\n\r\n${body}`);
    const envelopes: (string | undefined)[] = [];
    readMbox(mboxFile(msgs.join('')), (_h, _f, envelope) => envelopes.push(envelope));
    expect(envelopes).toEqual(['From a@x.org Mon Jan  1 10:00:00 2024', 'From a@x.org Mon Jan  2 10:00:00 2024', 'From a@x.org Mon Jan  3 10:00:00 2024']);
    const decode = (t: string) => t;
    expect(parseMailHeaders(Buffer.from('Subject: x\n'), decode, envelopes[1]).date).toBe(Date.UTC(2024, 0, 2, 10));
    // A Date header, even one that cannot be read, is the date: the From line is only for mail without one.
    expect(parseMailHeaders(Buffer.from('Date: Fri, 20 Nov 2026 10:00:00 +0000\n'), decode, envelopes[1]).date).toBe(Date.UTC(2026, 10, 20, 10));
    expect(parseMailHeaders(Buffer.from('Date: soon\n'), decode, envelopes[1]).date).toBeNull();
    expect(envelopeDate('From MAILER-DAEMON')).toBeNull();
    expect(envelopeDate('From MAILER-DAEMON Sun Aug  7 11:40:37 2022 extra info')).toBe(Date.UTC(2022, 7, 7, 11, 40, 37));
    expect(envelopeDate('From x@y Mon Feb 30 10:00:00 2026')).toBeNull();
  });

  it('ends a header block at a blank line or a line that is no field', () => {
    const b = Buffer.from('Subject: a\n folded\nFrom: x\n\nbody');
    expect(findHeaderEnd(b, 0, b.length)).toEqual({ end: 27, body: 28 });
    const c = Buffer.from('Subject: a\nnot a header\n');
    expect(findHeaderEnd(c, 0, c.length)).toEqual({ end: 11, body: 11 });
    expect(findHeaderEnd(Buffer.from('Subject: a'), 0, 10)).toBeNull();
  });
});

describe('Maildir', () => {
  it('lists cur/ and new/, leaves out trashed messages (and says which) and dot files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-maildir-'));
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(dir, sub));
    for (const name of ['cur/1:2,S', 'cur/2:2,ST', 'new/3', 'cur/.hidden', 'tmp/4']) fs.writeFileSync(path.join(dir, name), 'From: a@x.org\n\n');
    const trashed: string[] = [];
    expect(maildirFiles(dir, undefined, (f) => trashed.push(path.relative(dir, f))).map((f) => path.relative(dir, f))).toEqual(['cur/1:2,S', 'new/3']);
    expect(trashed).toEqual(['cur/2:2,ST']);
  });

  it('follows links to messages; names and leaves out a FIFO, a folder, a link to either; a link to nothing is a message gone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-maildir-'));
    for (const sub of ['cur', 'new', 'tmp', 'cur/sub']) fs.mkdirSync(path.join(dir, sub));
    fs.writeFileSync(path.join(dir, 'cur/1:2,S'), 'From: a@x.org\n\n');
    expect(spawnSync('mkfifo', [path.join(dir, 'new/fifo')]).status).toBe(0);
    fs.symlinkSync('../cur/1:2,S', path.join(dir, 'new/2-link'));
    fs.symlinkSync('fifo', path.join(dir, 'new/3-link-to-fifo'));
    fs.symlinkSync('nowhere', path.join(dir, 'new/4-dangling'));
    const skipped: string[] = [];
    const files = maildirFiles(dir, (file, why) => skipped.push(`${path.relative(dir, file)}: ${why}`));
    expect(files.map((f) => path.relative(dir, f))).toEqual(['cur/1:2,S', 'new/2-link']);
    expect(skipped).toEqual(['cur/sub: is a folder, not a regular file', 'new/3-link-to-fifo: is a FIFO (named pipe), not a regular file', 'new/fifo: is a FIFO (named pipe), not a regular file']);
  });

  it('tells a message file from other text', () => {
    expect(looksLikeMessage(Buffer.from('Return-Path: <a@x>\nFrom: a@x.org\nSubject: hi\n\nbody'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('Dear diary,\nFrom: here\n'))).toBe(false);
    expect(looksLikeMessage(Buffer.from('name: value\nother: thing\n\n'))).toBe(false);
  });
});

describe('reading fields from bytes', () => {
  it('gives what reading the whole block as text gives', async () => {
    const { readFields, readWantedFields, headerText } = await import('../../src/io/mail-headers.js');
    const blocks = [
      'Received: from x\n\tby y\nFrom: Ada <a@x.org>\nTO: b@x.org,\n c@x.org\nsubject : =?UTF-8?Q?caf=C3=A9?=\r\nCc: d@x.org\ncc: e@x.org\nX-Long: ' +
        'z'.repeat(100) +
        '\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nFrom: body',
      'Subject: Grüße\nFrom: Jürgen <j@x.de>\n',
      'Subject: caf\xe9\n',
      'List-Id: <l>\r\nPrecedence: bulk\r\n\r\n',
    ];
    for (const text of blocks) {
      const bytes = Buffer.from(text, text.includes('\xe9') ? 'latin1' : 'utf8');
      expect(readWantedFields(bytes)).toEqual(readFields(headerText(bytes)));
    }
  });
});
