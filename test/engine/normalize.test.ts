/** Snapshot form and path selection: what is dropped, what is sorted, and what must stay exactly as it was. */
import { describe, expect, it } from 'vitest';
import {
  canonicalize,
  compare,
  normalizeEntity,
  REDACTED,
  serialize,
} from '../../lambdas/engine/normalize.ts';
import { matchingKeys, select } from '../../lambdas/engine/select.ts';

describe('Select: paths over API bodies', () => {
  const body = {
    a: { b: { c: 1 } },
    list: [{ x: 1 }, { x: 2 }, { y: 3 }, 'str', null],
    notList: { x: 9 },
    Db_Password: 'p1',
    apiPASSWORDhint: 'p2',
    other: 'o',
    'a.b': 'dotted',
  };
  it('follows plain segments and returns nothing for a missing one', () => {
    expect(select(body, 'a.b.c')).toEqual([1]);
    expect(select(body, 'a.b')).toEqual([{ c: 1 }]);
    expect(select(body, 'a.missing')).toEqual([]);
    expect(select(body, 'a.b.c.d')).toEqual([]);
    expect(select({ a: undefined }, 'a')).toEqual([]);
    expect(select({ a: null }, 'a')).toEqual([null]);
    expect(select({ a: 0 }, 'a')).toEqual([0]);
  });
  it('expands `[]` segments into their items, skipping non-objects and non-arrays', () => {
    expect(select(body, 'list[].x')).toEqual([1, 2]);
    expect(select(body, 'list[]')).toEqual([{ x: 1 }, { x: 2 }, { y: 3 }, 'str', null]);
    expect(select(body, 'notList[].x')).toEqual([]);
    expect(select(body, 'list.x')).toEqual([]);
    expect(select([{ x: 1 }], 'x')).toEqual([]);
  });
  it('matches globs case-insensitively, whole key only, with regex characters taken literally', () => {
    expect(matchingKeys(body, '*password*').sort()).toEqual(['Db_Password', 'apiPASSWORDhint']);
    expect(matchingKeys(body, '*password')).toEqual(['Db_Password']);
    expect(matchingKeys(body, 'api*')).toEqual(['apiPASSWORDhint']);
    expect(matchingKeys(body, 'a.*')).toEqual(['a.b']);
    expect(matchingKeys({ ab: 1, 'a.b': 2 }, 'a.*')).toEqual(['a.b']);
    expect(matchingKeys({ xa: 1 }, 'a*')).toEqual([]);
    expect(matchingKeys({ ax: 1 }, '*a')).toEqual([]);
    expect(matchingKeys(body, 'other')).toEqual(['other']);
    expect(matchingKeys(body, 'OTHER')).toEqual([]);
    expect(matchingKeys({ toString: 1 }, 'hasOwnProperty')).toEqual([]);
    expect(select(body, '*password*').sort()).toEqual(['p1', 'p2']);
  });
});

describe('Normalize: volatile fields, canonical order, serialization', () => {
  it('removes volatile paths at the top, nested, in lists, and by glob, without touching the input', () => {
    const input = {
      id: 'q',
      dateModified: 'x',
      stats: { version: 3, keep: 1 },
      members: [{ id: 'm2', joined: 't', n: 1 }, { id: 'm1', joined: 't', n: 2 }, 'plain'],
      meta: { lastSeenAt: 1, lastUsedBy: 2, first: 3 },
    };
    const out = normalizeEntity(input, {
      volatile: ['dateModified', 'stats.version', 'members[].joined', 'meta.last*', 'nothing.here'],
      secrets: [],
    });
    expect(out).toEqual({
      id: 'q',
      stats: { keep: 1 },
      members: [{ id: 'm2', n: 1 }, { id: 'm1', n: 2 }, 'plain'],
      meta: { first: 3 },
    });
    expect(input.dateModified).toBe('x');
    expect(input.stats.version).toBe(3);
    expect(input.members[0]).toEqual({ id: 'm2', joined: 't', n: 1 });
  });

  it('redacts the catalog secret paths', () => {
    const out = normalizeEntity(
      { id: 'i', props: { sip: { value: 'abcdefgh12' } } },
      { volatile: [], secrets: ['props.sip.value'] },
    );
    expect(out).toEqual({ id: 'i', props: { sip: { value: REDACTED } } });
  });

  it('sorts keys in code-unit order and lists of {id} by id, drops selfUri, null and undefined', () => {
    const out = canonicalize({
      b: 1,
      B: 2,
      a: [{ id: 'z' }, { id: 'Y' }, { id: 'a' }],
      selfUri: '/x',
      n: null,
      u: undefined,
      zero: 0,
      empty: '',
      f: false,
      nested: [{ selfUri: '/y', id: 'k', v: null }],
    });
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        B: 2,
        a: [{ id: 'Y' }, { id: 'a' }, { id: 'z' }],
        b: 1,
        empty: '',
        f: false,
        nested: [{ id: 'k' }],
        zero: 0,
      }),
    );
  });

  it('keeps the order of lists that are not all {id: string} objects', () => {
    const cases: unknown[][] = [
      [{ id: 'b' }, { id: 'a' }, { name: 'c' }],
      [{ id: 'b' }, { id: 1 }],
      [{ id: 'b' }, null],
      [{ id: 'b' }, ['a']],
      [{ id: 'b' }, 'a'],
      ['b', 'a'],
      [3, 1, 2],
    ];
    for (const c of cases) expect(canonicalize(c)).toEqual(c);
    expect(canonicalize([{ id: 'only' }])).toEqual([{ id: 'only' }]);
    expect(canonicalize([{ id: 'b', x: null }, { id: 'a' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('keeps the order of the lists under an ordered key, at any depth, and sorts the others', () => {
    const form = {
      groups: [
        { id: 'g2', questions: [{ id: 'q9' }, { id: 'q1' }], tags: [{ id: 't2' }, { id: 't1' }] },
        { id: 'g1', questions: [{ id: 'q5' }, { id: 'q3' }] },
      ],
    };
    expect(normalizeEntity(form, { volatile: [], secrets: [], ordered: ['groups', 'questions'] })).toEqual({
      groups: [
        { id: 'g2', questions: [{ id: 'q9' }, { id: 'q1' }], tags: [{ id: 't1' }, { id: 't2' }] },
        { id: 'g1', questions: [{ id: 'q5' }, { id: 'q3' }] },
      ],
    });
    expect(normalizeEntity(form, { volatile: [], secrets: [] }).groups).toEqual([
      { id: 'g1', questions: [{ id: 'q3' }, { id: 'q5' }] },
      { id: 'g2', questions: [{ id: 'q1' }, { id: 'q9' }], tags: [{ id: 't1' }, { id: 't2' }] },
    ]);
  });

  it('leaves scalars as they are', () => {
    expect(canonicalize('s')).toBe('s');
    expect(canonicalize(0)).toBe(0);
    expect(canonicalize(null)).toBe(null);
  });

  it('compares by code unit, not locale', () => {
    expect(compare('B', 'a')).toBe(-1);
    expect(compare('a', 'B')).toBe(1);
    expect(compare('a', 'a')).toBe(0);
    expect(['é', 'z', 'e', 'Z'].sort(compare)).toEqual(['Z', 'e', 'z', 'é']);
  });

  it('serializes JSON with two spaces and a final newline, YAML with sorted keys and no line wrapping', () => {
    const long = 'x '.repeat(80).trim();
    expect(serialize({ b: 1, a: [1] }, 'json')).toBe('{\n  "b": 1,\n  "a": [\n    1\n  ]\n}\n');
    const y = serialize({ b: long, a: 1 }, 'yaml');
    expect(y).toBe(`a: 1\nb: ${long}\n`);
  });
});
