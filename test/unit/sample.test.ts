import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isMap } from 'yaml';
import { parseCadence } from '../../src/domain/cadence.js';
import { dueDate, lastContact, type Contact } from '../../src/domain/contact.js';
import { isIsoDate } from '../../src/domain/dates.js';
import { slugify } from '../../src/domain/text.js';
import { parseYaml, splitFrontmatter } from '../../src/file/frontmatter.js';
import { parseContact } from '../../src/file/parse.js';
import { parseConfig } from '../../src/store/config.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = path.join(ROOT, 'templates', 'sample');
const TODAY = '2026-11-29';

/** What scripts/gen-network.mjs exports (plain JavaScript, so typed here). */
interface GenModule {
  GENERATOR_TODAY: string;
  mulberry32(seed: number): () => number;
  networkFiles(n: number, seed?: number): { path: string; text: string }[];
  generateNetwork(dir: string, n: number, seed?: number): { files: number; bytes: number };
}
// Imported by path at run time: the script is JavaScript with no type declarations.
const GEN_PATH = path.join(ROOT, 'scripts', 'gen-network.mjs');
const gen = (await import(GEN_PATH)) as GenModule;

interface SampleFile {
  /** Relative to the network: `contacts/conference/rahul-verma.md`. */
  rel: string;
  slug: string;
  text: string;
}

function contactFiles(networkDir: string): SampleFile[] {
  const contacts = path.join(networkDir, 'contacts');
  return (fs.readdirSync(contacts, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({
      rel: `contacts/${f.split(path.sep).join('/')}`,
      slug: path.basename(f, '.md'),
      text: fs.readFileSync(path.join(contacts, f), 'utf8'),
    }));
}

/** Frontmatter of a file as plain values, through the project's own splitter and YAML reader. */
function frontmatterOf(text: string): { values: Record<string, unknown>; yaml: string; errors: string[] } {
  const split = splitFrontmatter(text);
  if (split.kind !== 'ok') return { values: {}, yaml: '', errors: [`frontmatter: ${split.kind}`] };
  const yaml = text.slice(split.yamlStart, split.yamlEnd);
  const { doc } = parseYaml(yaml);
  const errors = [...doc.errors, ...doc.warnings].map((e) => e.message);
  if (!isMap(doc.contents)) errors.push('frontmatter is not a map');
  return { values: (doc.toJS() ?? {}) as Record<string, unknown>, yaml, errors };
}

function parsed(file: SampleFile): { contact: Contact; problems: string[] } {
  const r = parseContact(file.text, { file: file.rel, slug: file.slug });
  if (!r.contact) throw new Error(`${file.rel}: ${r.problems.map((p) => p.message).join('; ')}`);
  return { contact: r.contact, problems: r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`) };
}

const asList = (v: unknown): string[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
const DATE_RE = /\b\d{4}-\d{2}-\d{2}\b/g;

describe('the sample network', () => {
  const files = contactFiles(SAMPLE);
  const contacts = files.map((f) => parsed(f).contact);
  const configText = fs.readFileSync(path.join(SAMPLE, 'pln.yml'), 'utf8');
  const { config, problems: configProblems } = parseConfig(configText);
  const bySlug = new Map(contacts.map((c) => [c.slug, c]));

  it('holds 16 people with unique slugs, one of them in a subfolder', () => {
    expect(files).toHaveLength(16);
    expect(new Set(files.map((f) => f.slug)).size).toBe(16);
    for (const f of files) expect(f.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(files.some((f) => f.rel.split('/').length > 2)).toBe(true);
    // The accented name is filed the way `pln add` names it.
    expect(slugify('José García')).toBe('jose-garcia');
    expect(bySlug.get('jose-garcia')?.name).toBe('José García');
  });

  it('every file splits into frontmatter and body, and its YAML parses without errors or warnings', () => {
    for (const f of files) {
      const { values, errors } = frontmatterOf(f.text);
      expect(errors, f.rel).toEqual([]);
      expect(typeof values.name, f.rel).toBe('string');
    }
  });

  it('every file reads as a contact with no problems', () => {
    for (const f of files) expect(parsed(f).problems).toEqual([]);
  });

  it('pln.yml parses, sets the documented keys and explains them in a comment', () => {
    expect(frontmatterOf(`---\n${configText}---\n`).errors).toEqual([]);
    expect(configProblems).toEqual([]);
    expect(configText).toMatch(/^# /m);
    expect(config.defaultCadence.text).toBe('90d');
    expect(config.owner).toBe('Sam Rivera');
    expect(Object.keys(config.cadenceByTag)).toEqual(expect.arrayContaining(['mentor', 'investor']));
    expect(config.goals).toEqual(['rust', 'distributed systems', 'leadership']);
  });

  it('every cadence parses, and every form of the format is used at least once', () => {
    const written = files.map((f) => frontmatterOf(f.text).values.cadence).filter((c): c is string => typeof c === 'string');
    for (const c of written) expect(parseCadence(c), c).not.toBeNull();
    for (const c of Object.values(frontmatterOf(`---\n${configText}---\n`).values.cadence_by_tag as Record<string, string>)) {
      expect(parseCadence(c), c).not.toBeNull();
    }
    expect(new Set(written)).toEqual(new Set(['30d', '2w', '3m', '1y', 'weekly', 'biweekly', 'monthly', 'quarterly', 'yearly', 'none']));
    // Some people set no cadence, so that tags and the default apply.
    expect(written.length).toBeLessThan(files.length);
  });

  it('every date, in frontmatter and body, is a real calendar date', () => {
    for (const f of files) {
      const dates = f.text.match(DATE_RE) ?? [];
      expect(dates.length, f.rel).toBeGreaterThan(0);
      for (const d of dates) expect(isIsoDate(d), `${f.rel}: ${d}`).toBe(true);
      const { values } = frontmatterOf(f.text);
      for (const key of ['added', 'last_contact']) if (values[key] !== undefined) expect(isIsoDate(String(values[key]))).toBe(true);
      if (values.birthday !== undefined) {
        const b = String(values.birthday);
        expect(isIsoDate(b.length === 5 ? `2000-${b}` : b), `${f.rel}: ${b}`).toBe(true);
      }
    }
  });

  it('uses every known frontmatter key, an unknown key, a comment, and flow and block lists', () => {
    const values = files.map((f) => frontmatterOf(f.text).values);
    const used = new Set(values.flatMap((v) => Object.keys(v)));
    const known = [
      'name',
      'aliases',
      'tags',
      'expertise',
      'company',
      'role',
      'location',
      'email',
      'phone',
      'links',
      'cadence',
      'introduced_by',
      'knows',
      'past_companies',
      'birthday',
      'added',
      'last_contact',
    ];
    for (const key of known) expect(used, key).toContain(key);
    expect(used).toContain('pronouns');
    const yaml = files.map((f) => frontmatterOf(f.text).yaml).join('\n');
    expect(yaml).toMatch(/(^|\s)#\s/m);
    expect(yaml).toMatch(/^\w+: \[.+\]$/m);
    expect(yaml).toMatch(/^\w+:\n {2}- /m);

    expect(values.some((v) => typeof v.email === 'string')).toBe(true);
    expect(values.some((v) => Array.isArray(v.email) && v.email.length > 1)).toBe(true);
    expect(values.some((v) => typeof v.links === 'object' && v.links !== null && !Array.isArray(v.links))).toBe(true);
    expect(values.some((v) => typeof v.introduced_by === 'string' && /^[a-z0-9-]+$/.test(v.introduced_by))).toBe(true);
    expect(values.some((v) => typeof v.introduced_by === 'string' && /^\[\[.+\]\]$/.test(v.introduced_by))).toBe(true);
    expect(values.some((v) => asList(v.knows).some((k) => /^\[\[.+\]\]$/.test(k)))).toBe(true);
    const birthdays = values.map((v) => v.birthday).filter((b): b is string => typeof b === 'string');
    expect(birthdays.some((b) => /^\d{2}-\d{2}$/.test(b))).toBe(true);
    expect(birthdays.some((b) => /^\d{4}-\d{2}-\d{2}$/.test(b))).toBe(true);
    // One birthday in the first week of December, for the agenda of `pln today`.
    expect(birthdays.some((b) => /(^|-)12-0[1-7]$/.test(b))).toBe(true);
  });

  it('a person with no log has last_contact instead', () => {
    const noLog = contacts.filter((c) => c.log.length === 0);
    expect(noLog.length).toBeGreaterThan(0);
    for (const c of noLog) expect(c.lastContactOverride, c.slug).not.toBeNull();
  });

  it('bodies hold notes, log entries of every kind, hashtags and every follow-up form', () => {
    expect(contacts.every((c) => c.notes.trim() !== '')).toBe(true);
    const kinds = new Set(contacts.flatMap((c) => c.log.map((e) => e.kind)));
    for (const kind of ['call', 'coffee', 'email', 'meeting', 'gave', 'got', null]) expect(kinds, String(kind)).toContain(kind);
    expect(contacts.flatMap((c) => c.log.flatMap((e) => e.hashtags)).length).toBeGreaterThan(5);

    const all = contacts.flatMap((c) => c.followups);
    expect(all.some((f) => !f.done && f.due !== null)).toBe(true);
    expect(all.some((f) => !f.done && f.due === null)).toBe(true);
    expect(all.some((f) => f.done && f.doneDate !== null)).toBe(true);
    expect(files.some((f) => /^- \[ \] \d{4}-\d{2}-\d{2} /m.test(f.text))).toBe(true);
    expect(files.some((f) => /^- \[ \] .+ 📅 \d{4}-\d{2}-\d{2}$/m.test(f.text))).toBe(true);
    // Some follow-ups are overdue around the end of November 2026, some still to come.
    expect(all.filter((f) => !f.done && f.due !== null && f.due < TODAY).length).toBeGreaterThanOrEqual(2);
    expect(all.filter((f) => !f.done && f.due !== null && f.due > TODAY).length).toBeGreaterThanOrEqual(2);
  });

  it('knows and introduced_by name people in the network and allow two-hop introductions', () => {
    const edges = new Map<string, Set<string>>();
    const link = (a: string, b: string) => edges.set(a, (edges.get(a) ?? new Set()).add(b));
    for (const c of contacts) {
      for (const k of c.knows) {
        expect(bySlug.has(k), `${c.slug} knows ${k}`).toBe(true);
        link(c.slug, k);
      }
      if (c.introducedBy) {
        expect(bySlug.has(c.introducedBy), `${c.slug} introduced by ${c.introducedBy}`).toBe(true);
        link(c.slug, c.introducedBy);
        link(c.introducedBy, c.slug);
      }
    }
    // A chain a → b → c: someone reached through someone reached through someone.
    const twoHops = [...edges].some(([a, next]) => [...next].some((b) => [...(edges.get(b) ?? [])].some((c) => c !== a)));
    expect(twoHops).toBe(true);
  });

  it('companies and topics overlap, so intro and who queries have answers', () => {
    const current = (company: string) => contacts.filter((c) => c.company === company).length;
    const past = (company: string) => contacts.filter((c) => c.pastCompanies.includes(company)).length;
    const shared = [...new Set(contacts.map((c) => c.company!))].filter((co) => current(co) >= 2 && past(co) >= 1);
    expect(shared.length).toBeGreaterThanOrEqual(2);

    const knowing = (topic: string) => contacts.filter((c) => c.expertise.some((e) => e.toLowerCase() === topic)).length;
    for (const topic of ['rust', 'kubernetes', 'distributed systems', 'machine learning', 'leadership']) {
      expect(knowing(topic), topic).toBeGreaterThanOrEqual(3);
    }
    expect(knowing('html')).toBe(1);
    // "ML" appears only inside "HTML": a search for ML must not lean on substrings.
    for (const f of files) {
      const hits = (f.text.match(/ml/gi) ?? []).length;
      const html = (f.text.match(/html/gi) ?? []).length;
      expect(hits, f.rel).toBe(html);
    }
  });

  it('at the end of November 2026 some people are overdue, some due soon and some fine', () => {
    const overdue = contacts.filter((c) => (dueDate(c, config, TODAY) ?? '9999') < TODAY);
    const soon = contacts.filter((c) => {
      const due = dueDate(c, config, TODAY);
      return due !== null && due >= TODAY && due <= '2026-12-13';
    });
    const fine = contacts.filter((c) => {
      const due = dueDate(c, config, TODAY);
      return due === null || due > '2026-12-13';
    });
    expect(overdue.length).toBeGreaterThanOrEqual(4);
    expect(overdue.length).toBeLessThanOrEqual(8);
    expect(soon.length).toBeGreaterThanOrEqual(3);
    expect(fine.length).toBeGreaterThanOrEqual(4);
    // Nothing in the sample happened after its "today".
    for (const c of contacts) expect((lastContact(c) ?? '') <= TODAY, c.slug).toBe(true);
  });
});

describe('the contact template', () => {
  const template = fs.readFileSync(path.join(ROOT, 'templates', 'contact.md'), 'utf8');

  it('has the name and added placeholders and the two sections', () => {
    expect(template).toContain('{{name}}');
    expect(template).toContain('{{added}}');
    expect(template).toMatch(/^## Log$/m);
    expect(template).toMatch(/^## Follow-ups$/m);
  });

  it('filled in, reads as a contact with empty lists and no problems', () => {
    const text = template.replace('{{name}}', 'José García').replace('{{added}}', TODAY);
    const { values, errors } = frontmatterOf(text);
    expect(errors).toEqual([]);
    expect(values).toMatchObject({ name: 'José García', added: TODAY, tags: [], expertise: [] });
    const { contact, problems } = parsed({ rel: 'contacts/jose-garcia.md', slug: 'jose-garcia', text });
    expect(problems).toEqual([]);
    expect(contact.log).toEqual([]);
    expect(contact.followups).toEqual([]);
  });
});

describe('the synthetic network generator', () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pln-gen-'));
    temps.push(dir);
    return dir;
  };

  it('mulberry32 repeats for a seed and stays in [0, 1)', () => {
    const a = gen.mulberry32(42);
    const b = gen.mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
    expect(gen.mulberry32(43)()).not.toBe(xs[0]);
  });

  it('is deterministic: the same seed gives identical files on disk, another seed other files', () => {
    const one = tempDir();
    const two = tempDir();
    gen.generateNetwork(one, 40, 7);
    gen.generateNetwork(two, 40, 7);
    const read = (dir: string) =>
      (fs.readdirSync(dir, { recursive: true }) as string[])
        .filter((f) => fs.statSync(path.join(dir, f)).isFile())
        .sort()
        .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);
    expect(read(one)).toEqual(read(two));
    expect(read(one)).toHaveLength(41);
    expect(read(one).map(([f]) => f)).toContain('pln.yml');
    expect(gen.networkFiles(40, 8)).not.toEqual(gen.networkFiles(40, 7));
  });

  it('refuses a folder that already holds files', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'keep.txt'), 'mine');
    expect(() => gen.generateNetwork(dir, 3, 1)).toThrow(/not empty/);
    expect(fs.readdirSync(dir)).toEqual(['keep.txt']);
  });

  it('writes people of about 2 KB each, with unique slugs, some in subfolders', () => {
    const files = gen.networkFiles(300, 3).filter((f) => f.path.endsWith('.md'));
    expect(files).toHaveLength(300);
    const sizes = files.map((f) => Buffer.byteLength(f.text));
    const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1700);
    expect(mean).toBeLessThan(2400);
    for (const s of sizes) {
      expect(s).toBeGreaterThan(1000);
      expect(s).toBeLessThan(4000);
    }
    const slugs = files.map((f) => path.posix.basename(f.path, '.md'));
    expect(new Set(slugs).size).toBe(300);
    expect(files.some((f) => f.path.split('/').length > 2)).toBe(true);
    expect(files.every((f) => f.path.startsWith('contacts/'))).toBe(true);
  });

  it('writes files the project reads without problems, with the promised shape', () => {
    const all = gen.networkFiles(200, 11);
    const config = parseConfig(all.find((f) => f.path === 'pln.yml')!.text);
    expect(config.problems).toEqual([]);
    expect(config.config.goals).toContain('rust');
    const people = all.filter((f) => f.path.endsWith('.md')).map((f) => ({ rel: f.path, slug: path.posix.basename(f.path, '.md'), text: f.text }));
    const slugs = new Set(people.map((p) => p.slug));
    const cadences = new Set<string | null>();
    const topics = new Set<string>();
    const oldest = '2025-05-29';
    for (const p of people) {
      expect(frontmatterOf(p.text).errors, p.rel).toEqual([]);
      const { contact, problems } = parsed(p);
      expect(problems, p.rel).toEqual([]);
      expect(contact.tags).toHaveLength(3);
      expect(contact.expertise.length).toBeGreaterThanOrEqual(2);
      expect(contact.expertise.length).toBeLessThanOrEqual(5);
      expect(contact.company).not.toBeNull();
      expect(contact.log).toHaveLength(10);
      for (const e of contact.log) {
        expect(e.date >= oldest && e.date <= gen.GENERATOR_TODAY, e.date).toBe(true);
      }
      expect(contact.followups.length).toBeLessThanOrEqual(3);
      for (const d of p.text.match(DATE_RE) ?? []) expect(isIsoDate(d), `${p.rel}: ${d}`).toBe(true);
      if (contact.cadence !== null) expect(parseCadence(contact.cadence), contact.cadence).not.toBeNull();
      for (const ref of [...contact.knows, ...(contact.introducedBy ? [contact.introducedBy] : [])]) {
        expect(slugs.has(ref), `${p.slug} → ${ref}`).toBe(true);
      }
      cadences.add(contact.cadence);
      contact.expertise.forEach((t) => topics.add(t));
    }
    expect(topics).toContain('rust');
    expect(topics.size).toBeGreaterThan(40);
    expect(cadences).toContain(null);
    expect(cadences.size).toBeGreaterThan(6);
  });

  it('reports what it wrote, and an empty network is still a network', () => {
    const dir = tempDir();
    const result = gen.generateNetwork(dir, 25, 2);
    const expected = gen.networkFiles(25, 2);
    expect(result.files).toBe(expected.length);
    expect(result.bytes).toBe(expected.reduce((n, f) => n + Buffer.byteLength(f.text), 0));
    const empty = tempDir();
    expect(gen.generateNetwork(empty, 0, 2)).toMatchObject({ files: 1 });
    expect(fs.readdirSync(empty).sort()).toEqual(['contacts', 'pln.yml']);
    expect(fs.readdirSync(path.join(empty, 'contacts'))).toEqual([]);
  });
});
