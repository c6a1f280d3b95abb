import { describe, expect, it } from 'vitest';
import { insertAll } from '../../src/cli/commands/capture.js';
import type { Contact } from '../../src/domain/contact.js';
import { insertLogEntry } from '../../src/file/edit.js';
import { CapturePlanner, entryKey } from '../../src/io/capture-plan.js';
import type { MailHeaders } from '../../src/io/mail-headers.js';

const person = (slug: string, ...emails: string[]) => ({ slug, name: slug, emails }) as unknown as Contact;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const at = (day: string) => Date.parse(`${day}T12:00:00Z`);

function mail(over: Partial<MailHeaders>): MailHeaders {
  return { from: [], to: [], cc: [], bcc: [], date: at('2026-11-20'), subject: 'Hi', bulk: null, ...over };
}

function planner(subjects = true) {
  const p = new CapturePlanner([person('ada', 'ada@x.org', 'Ada@Work.org'), person('me', 'me@x.org')], { today: '2026-11-29', ownerEmails: ['Me@X.org'], subjects, dayOf: utcDay });
  p.since = '2026-01-01';
  return p;
}

const me = { email: 'me@x.org', name: 'Me' };
const ada = { email: 'ada@x.org', name: 'Ada' };

describe('capture plan', () => {
  it('one entry per person, day and thread; either address; never you', () => {
    const p = planner();
    const counts = { messages: 0, events: 0, skipped: 0 };
    p.addMessage(mail({ from: [ada], to: [me], subject: 'Lunch' }), counts);
    p.addMessage(mail({ from: [me], to: [{ email: 'ada@work.org', name: '' }], subject: 'Re: Lunch' }), counts);
    p.addMessage(mail({ from: [me], to: [ada], subject: 'Other', date: at('2026-11-21') }), counts);
    expect([...p.entries.get('ada')!.values()]).toEqual([
      { date: '2026-11-20', kind: 'email', text: 'Lunch' },
      { date: '2026-11-21', kind: 'email', text: 'Other' },
    ]);
    expect(p.entries.has('me')).toBe(false);
    expect(counts).toEqual({ messages: 3, events: 0, skipped: 0 });
  });

  it('skips lists, broadcasts, the future and mail without you; counts strangers', () => {
    const p = planner(false);
    const counts = { messages: 0, events: 0, skipped: 0 };
    const crowd = Array.from({ length: 11 }, (_, i) => ({ email: `p${i}@y.org`, name: '' }));
    p.addMessage(mail({ from: [ada], to: [me], bulk: 'List-Id' }), counts);
    p.addMessage(mail({ from: [me], to: [ada, ...crowd] }), counts);
    p.addMessage(mail({ from: [ada], to: [me], date: at('2026-11-30') }), counts);
    p.addMessage(mail({ from: [ada], to: [{ email: 'z@y.org', name: '' }] }), counts);
    p.addMessage(mail({ from: [ada], to: [me], date: at('2025-12-31') }), counts);
    expect(p.entries.size).toBe(0);
    expect(counts).toEqual({ messages: 5, events: 0, skipped: 3 });
    p.addMessage(mail({ from: [{ email: 'zoe@y.org', name: 'Zoë' }], to: [me] }), counts);
    p.addMessage(mail({ from: [{ email: 'zoe@y.org', name: '' }], to: [me, ada], date: at('2026-11-22') }), counts);
    expect(p.newPeople()).toEqual([{ name: 'Zoë', email: 'zoe@y.org', count: 2, last: '2026-11-22' }]);
    expect([...p.entries.get('ada')!.values()]).toEqual([{ date: '2026-11-22', kind: 'email', text: '' }]);
  });

  it('never offers a mailing list as a new person; the people beside it stay', () => {
    const p = planner();
    const counts = { messages: 0, events: 0, skipped: 0 };
    const florian = { email: 'f.fainelli@gmail.com', name: 'Florian Fainelli' };
    const cc = [
      { email: 'bcm-kernel-feedback-list@broadcom.com', name: '' },
      { email: 'linux-kernel@vger.kernel.org', name: 'open list' },
      { email: 'linux-arm-kernel@lists.infradead.org', name: 'moderated list:ARM PORT' },
      { email: 'aur-general@archlinux.org', name: 'Discussion about the Arch User Repository (AUR)' },
    ];
    p.addMessage(mail({ from: [me], to: [florian, ada], cc, subject: 'Re: [aur-general] Guidelines' }), counts);
    // List mail names its list in List-Post and List-Id; your own mail to it does not.
    p.addMessage(mail({ from: [ada], to: [me], bulk: 'List-Id', listNames: ['netdev@vger.kernel.org', 'netdev.vger.kernel.org'] }), counts);
    p.addMessage(mail({ from: [ada], to: [me], bulk: 'List-Id', listNames: ['rust.lists.example'] }), counts);
    p.addMessage(
      mail({
        from: [me],
        to: [
          { email: 'netdev@vger.kernel.org', name: 'netdev' },
          { email: 'rust@lists.example', name: 'Rust' },
          { email: 'bo@y.org', name: 'Bo' },
        ],
      }),
      counts,
    );
    expect(p.newPeople().map((n) => n.email)).toEqual(['bo@y.org', 'f.fainelli@gmail.com']);
    // A contact beside a list is logged as ever.
    expect([...p.entries.get('ada')!.values()]).toEqual([{ date: '2026-11-20', kind: 'email', text: '[aur-general] Guidelines' }]);
  });

  it("a subject's tag that is a person's name skips them in that message only", () => {
    const p = planner();
    const counts = { messages: 0, events: 0, skipped: 0 };
    const dana = { email: 'dana@acme.io', name: 'Dana Wu' };
    p.addMessage(mail({ from: [dana], to: [me], subject: 'lunch?' }), counts);
    p.addMessage(mail({ from: [dana], to: [me], subject: '[dana] notes from our 1:1' }), counts);
    p.addMessage(mail({ from: [dana], to: [me], subject: 'again' }), counts);
    expect(p.newPeople().map((n) => [n.email, n.count])).toEqual([['dana@acme.io', 2]]);
  });

  it('meetings: cancelled, declined, big and future ones are skipped; declined attendees left out', () => {
    const p = planner();
    const counts = { messages: 0, events: 0, skipped: 0 };
    const base = { date: '2026-11-20', summary: 'Sync', organizer: { ...me, partstat: '' }, cancelled: false };
    const att = (email: string, partstat = 'ACCEPTED') => ({ email, name: '', partstat });
    p.addEvent({ ...base, attendees: [att('ada@x.org')], cancelled: true }, counts);
    p.addEvent({ ...base, organizer: { ...ada, partstat: '' }, attendees: [att('me@x.org', 'DECLINED')] }, counts);
    p.addEvent({ ...base, attendees: Array.from({ length: 11 }, (_, i) => att(`p${i}@y.org`)) }, counts);
    p.addEvent({ ...base, date: '2026-12-01', attendees: [att('ada@x.org')] }, counts);
    p.addEvent({ ...base, attendees: [att('ada@x.org', 'DECLINED'), att('bo@y.org')] }, counts);
    // Delegated is not there either: not logged, and my own delegated meeting is skipped.
    p.addEvent({ ...base, attendees: [att('ada@x.org', 'DELEGATED'), att('cy@y.org', 'DELEGATED')] }, counts);
    p.addEvent({ ...base, organizer: { ...ada, partstat: '' }, attendees: [att('me@x.org', 'DELEGATED')] }, counts);
    expect(counts).toEqual({ messages: 0, events: 7, skipped: 5 });
    expect(p.entries.has('ada')).toBe(false);
    expect(p.newPeople().map((n) => n.email)).toEqual(['bo@y.org']);
  });

  it('compares with the log by date, kind and text, ignoring case and spacing', () => {
    expect(entryKey('2026-11-20', 'Email', ' Lunch  plans ')).toBe(entryKey('2026-11-20', 'email', 'lunch plans'));
    expect(entryKey('2026-11-20', 'email', 'x')).not.toBe(entryKey('2026-11-20', 'meeting', 'x'));
  });

  it('inserting many entries at once gives what inserting them one by one gives', () => {
    const entries = [
      { date: '2026-10-01', kind: 'email' as const, text: 'a' },
      { date: '2026-11-20', kind: 'meeting' as const, text: 'b: c' },
      { date: '2026-11-20', kind: 'email' as const, text: '' },
      { date: '2026-12-01', kind: 'email' as const, text: 'd #tag' },
    ];
    const files = [
      '---\nname: Ada\nemail: [a@x.org]   # mine\n---\nNotes.\n\n## Log\n- 2026-11-20 call: hi\n- 2026-01-01 old\n',
      '\uFEFF---\r\nname: Ada\r\n---\r\n',
      '---\nname: Ada\n---\n## Follow-ups\n- [ ] x\n\n## Log\n- 2026-01-01 old\n- 2026-12-05 unsorted\n',
      '---\nname: Ada\n---',
    ];
    for (const text of files) {
      expect(insertAll(text, entries)).toBe(entries.reduce((t, e) => insertLogEntry(t, e), text));
    }
  });
});
