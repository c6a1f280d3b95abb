import { describe, expect, it } from 'vitest';
import { sortWho, withWarmth, type WhoRow } from '../../src/index/who.js';

const row = (slug: string, name: string, score: number): WhoRow => ({ slug, name, score, matches: [] });

describe('the order of who', () => {
  it('is total: people of one name and score come by slug, whatever order they were found in', () => {
    const found = [row('sam-lee-3', 'Sam Lee', 1), row('ada', 'Ada', 0.5), row('sam-lee', 'Sam Lee', 1), row('sam-lee-2', 'Sam Lee', 1)];
    expect(sortWho([...found]).map((r) => r.slug)).toEqual(['sam-lee', 'sam-lee-2', 'sam-lee-3', 'ada']);
    expect(sortWho([...found].reverse()).map((r) => r.slug)).toEqual(['sam-lee', 'sam-lee-2', 'sam-lee-3', 'ada']);
    const warm = (slug: string) => ({ warm: slug !== 'ada', last_contact: null });
    expect(withWarmth(found, warm).map((r) => r.slug)).toEqual(withWarmth([...found].reverse(), warm).map((r) => r.slug));
    expect(withWarmth(found, warm).map((r) => r.slug)).toEqual(['sam-lee', 'sam-lee-2', 'sam-lee-3', 'ada']);
  });
});
