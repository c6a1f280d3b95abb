import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/store/config.js';
import { fuzzRuns } from '../helpers/fuzz.js';

const both = (text: string) => [parseConfig(text), parseConfig(text, { fast: false })] as const;

const SAMPLES = [
  '',
  '# only a comment\n',
  'default_cadence: 90d\nowner: Sam Rivera\ncadence_by_tag:\n  mentor: 30d\n  Mentee: 2w\ngoals: [rust, distributed systems, leadership]\n',
  '\uFEFFdefault_cadence: monthly\r\nautocommit: yes\r\n',
  'goals:\n  - rust\n  - "ml"\n  - \'\'\nowner: "Ada, Countess"\n',
  'contacts_dir: people/team\nautocommit: off\n',
  'contacts_dir: ../elsewhere\n',
  'contacts_dir: /abs\n',
  'default_cadence: fortnightlyx\n',
  'autocommit: maybe\n',
  'cadence_by_tag: [a, b]\n',
  'cadence_by_tag:\n  mentor: soon\n',
  'cadence_by_tag:\n',
  'owner:\ngoals:\n',
  'goals: rust\n',
  'unknown_key: kept\nnested:\n  a: b\n',
  'owner: a\nowner: b\n',
  'default_cadence: 30d # a comment\n',
  'owner: &anchor Sam\n',
  '- just\n- a list\n',
  'owner: "unterminated\n',
  'cadence_by_tag:\n  "quoted tag": 2w\n  plain: 3m\n',
];

describe('pln.yml read without the YAML parser', () => {
  it.each(SAMPLES)('gives what the YAML parser gives for %j', (text) => {
    const [fast, slow] = both(text);
    expect(fast).toEqual(slow);
  });

  it('agrees with the YAML parser on generated files', () => {
    const word = fc.constantFrom('rust', 'ml', '30d', '2w', 'monthly', 'none', 'yes', 'off', 'x y', '"q"', "'s'", '', '..', 'a/b', '#c', 'Mentor');
    const key = fc.constantFrom('default_cadence', 'autocommit', 'owner', 'goals', 'contacts_dir', 'other');
    const line = fc.oneof(
      fc.tuple(key, word).map(([k, v]) => `${k}: ${v}`),
      fc.tuple(key, fc.array(word, { maxLength: 3 })).map(([k, vs]) => `${k}: [${vs.join(', ')}]`),
      fc.array(fc.tuple(word, word), { maxLength: 3 }).map((es) => `cadence_by_tag:\n${es.map(([t, c]) => `  ${t || 't'}: ${c}`).join('\n')}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 5 }), (lines) => {
        const [fast, slow] = both(`${lines.join('\n')}\n`);
        expect(fast).toEqual(slow);
      }),
      { numRuns: fuzzRuns(1000) },
    );
  });
});
