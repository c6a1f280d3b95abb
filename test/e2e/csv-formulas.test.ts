/** CSV export never hands a spreadsheet a formula, and our own import reads the values back unchanged. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { neutralisedCell, readCsv, restoreCell } from '../../src/io/csv.js';
import { contact, network, pln, tempDir } from '../helpers/pln.js';

const MALLORY = contact(
  [
    'name: Mallory',
    'company: "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"',
    'role: "@SUM(1+1)*cmd|\' /C calc\'!A0"',
    'location: "-2+3"',
    'phone: "+44 20 7946 0123"',
    'email: "\'=already quoted@example.com"',
    'tags: [plain, "=tag"]',
  ].join('\n'),
  '\nNotes start here.\n',
);

describe('CSV export and formulas', () => {
  it("prefixes every cell starting with =, +, -, @, tab or CR with ', and import takes it off again", () => {
    const dir = network({ 'contacts/mallory.md': MALLORY });
    const r = pln(['export', '--format', 'csv'], { dir });
    expect([r.code, r.stderr]).toEqual([0, '']);
    const [header, row] = readCsv(r.stdout).map((rec) => rec.fields);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('company')).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(cell('role')).toBe(`'@SUM(1+1)*cmd|' /C calc'!A0`);
    expect(cell('location')).toBe(`'-2+3`);
    expect(cell('phone')).toBe(`'+44 20 7946 0123`);
    expect(cell('email')).toBe(`''=already quoted@example.com`);
    expect(cell('name')).toBe('Mallory');
    // No cell of the file starts a formula.
    for (const rec of readCsv(r.stdout)) for (const f of rec.fields) expect(f).not.toMatch(/^[=+\-@\t\r]/);

    const file = path.join(tempDir(), 'export.csv');
    fs.writeFileSync(file, r.stdout);
    const fresh = network({});
    expect(pln(['import', file], { dir: fresh }).code).toBe(0);
    const show = (d: string) => JSON.parse(pln(['show', 'mallory', '--json'], { dir: d }).stdout) as Record<string, unknown>;
    const [a, b] = [show(dir), show(fresh)];
    for (const key of ['company', 'role', 'location', 'phones', 'emails']) expect(b[key], key).toEqual(a[key]);
  });

  it('neutralisedCell and restoreCell are inverse for any value', () => {
    for (const v of ['', 'plain', '=1+1', "'=1+1", "''@x", '+1 555', '-', '@', '\tx', '\rx', "'plain", "'", 'a=b']) {
      expect(restoreCell(neutralisedCell(v)), JSON.stringify(v)).toBe(v);
      expect(neutralisedCell(v), JSON.stringify(v)).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
