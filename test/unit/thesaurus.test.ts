import { describe, expect, it } from 'vitest';
import { BUILTIN_GROUPS, buildThesaurus, canonicalTopic, queryVariants, synonymsOf, topicForm } from '../../src/domain/thesaurus.js';
import { whoKnows } from '../../src/index/who.js';
import { whoWithSynonyms } from '../../src/index/synonyms.js';
import { parseContact } from '../../src/file/parse.js';

const t = buildThesaurus();

describe('the built-in thesaurus', () => {
  it('holds a few hundred terms, none in two groups', () => {
    const all = BUILTIN_GROUPS.flat().map(topicForm);
    expect(all.length).toBeGreaterThan(500);
    expect(new Set(all).size).toBe(all.length);
    for (const g of BUILTIN_GROUPS) expect(g.length).toBeGreaterThanOrEqual(2);
  });

  it('knows the abbreviations engineers use', () => {
    for (const [short, long] of [
      ['k8s', 'kubernetes'],
      ['js', 'javascript'],
      ['ts', 'typescript'],
      ['ml', 'machine learning'],
      ['pg', 'postgresql'],
      ['postgres', 'postgresql'],
      ['iac', 'infrastructure as code'],
      ['Infra-as-Code', 'infrastructure as code'],
      ['SRE', 'site reliability engineering'],
    ])
      expect(canonicalTopic(t, short!)).toBe(long);
    expect(synonymsOf(t, 'bananas')).toBeNull();
  });

  it('user topic_aliases add groups and join built-in ones', () => {
    const u = buildThesaurus({ typesetting: ['tex', 'latex', 'context'], kubernetes: ['kates'] });
    expect(canonicalTopic(u, 'context')).toBe('typesetting');
    expect(canonicalTopic(u, 'kates')).toBe('kubernetes');
    expect(canonicalTopic(u, 'k8s')).toBe('kubernetes');
  });

  it('query variants: the whole query, else one word at a time', () => {
    expect(queryVariants(t, 'k8s')).toEqual(['k8s', 'kubernetes', 'kube']);
    expect(queryVariants(t, 'infra as code')).toEqual(['infra as code', 'infrastructure as code', 'iac']);
    expect(queryVariants(t, 'ml ops')).toContain('mlops');
    expect(queryVariants(t, 'rust embedded')).toEqual(['rust embedded', 'rustlang embedded', 'rust lang embedded', 'rust embedded systems', 'rust firmware']);
    expect(queryVariants(t, 'zzz')).toEqual(['zzz']);
  });
});

describe('who with synonyms', () => {
  const person = (slug: string, front: string) => parseContact(`---\n${front}\n---\n`, { file: `contacts/${slug}.md`, slug }).contact!;
  const people = [person('a', 'name: A\nexpertise: [kubernetes]'), person('b', 'name: B\nexpertise: [k8s, go]'), person('c', 'name: C\nexpertise: [rust]')];

  it('a synonym hit scores as a hit on the canonical topic', () => {
    const rows = whoWithSynonyms((q) => whoKnows(people, q), t, 'k8s');
    expect(rows.map((r) => [r.slug, r.score])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(whoWithSynonyms((q) => whoKnows(people, q), t, 'kubernetes').map((r) => r.slug)).toEqual(['a', 'b']);
    expect(whoWithSynonyms((q) => whoKnows(people, q), t, 'rust').map((r) => r.slug)).toEqual(['c']);
    // A weak hit of another spelling (one word of "rust lang" in the notes) is no hit.
    const noted = [...people, parseContact('---\nname: D\n---\nLoves every lang.\n', { file: 'contacts/d.md', slug: 'd' }).contact!];
    expect(whoWithSynonyms((q) => whoKnows(noted, q), t, 'rust').map((r) => r.slug)).toEqual(['c']);
  });
});
