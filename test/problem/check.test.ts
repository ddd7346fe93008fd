import { describe, expect, it } from 'vitest';
import {
  checkProblem,
  DRIFT_KEYS,
  ESCAPE_KEYS,
  ESCAPE_ND_KEYS,
  keysOf,
  PASSAGE_DRIFT_KEYS,
  PASSAGE_KEYS,
  PASSAGE_ND_KEYS,
} from '../../src/problem/index.js';

interface Two {
  readonly a?: number;
  readonly b: string;
}

describe('keysOf: a key list checked against its interface both ways when the code compiles', () => {
  it('a complete list is returned as given', () => {
    expect(keysOf<Two>()(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('a list missing a key, or naming one the interface lacks, does not compile', () => {
    // `npm run typecheck` fails if either line compiles: the directive then has no error to expect.
    // @ts-expect-error 'b' is a key of Two left out of the list (missingKeys: 'b')
    keysOf<Two>()(['a']);
    // @ts-expect-error 'c' is not a key of Two
    keysOf<Two>()(['a', 'b', 'c']);
  });

  it('the shared lists hold each key once (a list is a set)', () => {
    for (const list of [
      ESCAPE_KEYS,
      PASSAGE_KEYS,
      ESCAPE_ND_KEYS,
      PASSAGE_ND_KEYS,
      DRIFT_KEYS,
      PASSAGE_DRIFT_KEYS,
    ]) {
      expect(new Set(list).size).toBe(list.length);
    }
  });
});

describe('checkProblem', () => {
  const keys = keysOf<Two>()(['a', 'b']);

  it('passes a problem of known keys, and ignores a key whose value is undefined', () => {
    expect(() => checkProblem({ a: 1, b: 'x' }, keys, 'study')).not.toThrow();
    expect(() => checkProblem({ a: 1, c: undefined }, keys, 'study')).not.toThrow();
  });

  it('refuses unknown keys with invalid_parameter, each named, and a case slip suggested', () => {
    try {
      checkProblem({ A: 1, c: 2 }, keys, 'study');
      expect.unreachable('checkProblem passed unknown keys');
    } catch (error) {
      expect(error).toMatchObject({
        code: 'invalid_parameter',
        message: "study(): unknown keys 'A', 'c'",
        issues: [
          { path: 'A', message: 'unknown key' },
          { path: 'c', message: 'unknown key' },
        ],
        hint: "did you mean 'a' for 'A'? study() reads a, b",
      });
    }
  });

  it.each([
    ['null', null],
    ['a number', 3],
    ['an array', [1]],
  ])('refuses %s as a usage error', (_, value) => {
    expect(() => checkProblem(value, keys, 'study')).toThrow(
      /^study\(\): expected a problem object/,
    );
  });
});
