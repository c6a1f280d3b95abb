import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/io/detect.js';

const LINKEDIN = [
  '\uFEFFNotes:',
  '"When exporting your connection data, you may notice that some of the email addresses are missing.',
  'You can learn more, here."',
  '',
  'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
  'Ada,Lovelace,https://www.linkedin.com/in/ada,,Engines,Engineer,05 Jan 2024',
].join('\r\n');

describe('detectFormat', () => {
  it('recognises a LinkedIn export by its header, preamble or not', () => {
    expect(detectFormat(LINKEDIN)).toBe('linkedin');
    expect(detectFormat('First Name,Last Name,URL,Email Address,Company,Position,Connected On\n')).toBe('linkedin');
  });

  it('recognises vCards, with a BOM, leading blank lines or lower case', () => {
    expect(detectFormat('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n')).toBe('vcard');
    expect(detectFormat('\uFEFF\n\nbegin:vcard\nversion:3.0\nfn:Ada\nend:vcard\n')).toBe('vcard');
  });

  it('recognises JSON arrays and objects (a broken one too, so its error is the JSON one)', () => {
    expect(detectFormat('[{"name": "Ada"}]')).toBe('json');
    expect(detectFormat('  \n{"people": []}')).toBe('json');
    expect(detectFormat('[{"name": ')).toBe('json');
  });

  it('recognises a generic CSV by a name column, whatever the delimiter', () => {
    expect(detectFormat('name,email,tags\nAda,ada@example.com,mentor\n')).toBe('csv');
    expect(detectFormat('Email;Full Name\nada@example.com;Ada\n')).toBe('csv');
    expect(detectFormat('first name,last name,url,tags\nAda,Lovelace,https://ada.dev,mentor\n')).toBe('csv');
    expect(detectFormat('name\nAda\n')).toBe('csv');
    // Only the head is read: a broken quote far down is the importer's to report.
    const long = 'name,notes\n' + 'Ada,ok\n'.repeat(50) + 'Bob,"never closed\n';
    expect(detectFormat(long)).toBe('csv');
  });

  it('returns null for anything else', () => {
    expect(detectFormat('')).toBeNull();
    expect(detectFormat('hello world\n')).toBeNull();
    expect(detectFormat('email,company\nada@example.com,Engines\n')).toBeNull();
    expect(detectFormat('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')).toBeNull();
    expect(detectFormat('"never closed\n')).toBeNull();
  });
});
