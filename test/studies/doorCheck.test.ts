import { describe, expect, it } from 'vitest';
import {
  analyze,
  potentialFromFunction,
  rate,
  simulate,
  simulateAms,
  turnover,
} from '../../src/index.js';
import { thrown } from '../support/errors.js';

describe('every public study checks its problem at the door (KramersError, never a TypeError)', () => {
  it.each([
    ['a number', 123, /got number 123/],
    ['a bare function', (x: number) => x, /got a bare function/],
    ['an empty object', {}, /without U, dU, d2U, d3U, d4U/],
  ])(
    'rate: a potential that is %s is refused with what a potential is',
    async (_, potential, got) => {
      const e = await thrown(() => rate({ potential: potential as never }));
      expect(e.code).toBe('invalid_parameter');
      expect(e.message).toMatch(/expression in x .* or a Potential1D object/);
      expect(e.message).toMatch(got);
      expect(e.hint).toMatch(/potentialFromFunction/);
    },
  );

  it('a Potential1D (potentialFromFunction) still passes the check', async () => {
    const potential = potentialFromFunction((x) => x ** 4 / 4 - x ** 2 / 2);
    const r = await rate({ potential, D: 0.05, methods: ['kramers'] });
    expect(r.methods.kramers!.rate).toBeGreaterThan(0);
  });

  it.each([
    ['rate', () => rate(null as never)],
    ['simulate', () => simulate(null as never)],
    ['simulateAms', () => simulateAms(null as never)],
    ['turnover', () => turnover(null as never)],
    ['analyze', () => analyze(5 as never)],
  ])('%s(null or a number): a usage error naming the entry', async (entry, call) => {
    const e = await thrown(call);
    expect(e.code).toBe('usage');
    expect(e.message).toMatch(new RegExp(`^${entry}\\(\\): expected a problem object`));
  });

  it('an unknown key is refused (Dee ran silently at the default D = 0.05) with the keys read', async () => {
    const e = await thrown(() => rate({ Dee: 0.1 } as never));
    expect(e.code).toBe('invalid_parameter');
    expect(e.message).toBe("rate(): unknown key 'Dee'");
    expect(e.hint).toMatch(/rate\(\) reads potential, parameters, D, gamma/);
    // A case slip is named outright.
    expect((await thrown(() => rate({ d: 0.1 } as never))).hint).toMatch(
      /did you mean 'D' for 'd'/,
    );
    expect((await thrown(() => simulate({ walker: 10 } as never))).message).toMatch(/'walker'/);
    expect((await thrown(() => simulateAms({ walkers: 10 } as never))).message).toMatch(
      /'walkers'/,
    );
    // turnover sets γ itself (a range): a γ given would be silently replaced.
    expect((await thrown(() => turnover({ gamma: 2 } as never))).message).toMatch(/'gamma'/);
    expect((await thrown(() => analyze({ methods: ['x'] } as never))).message).toMatch(/'methods'/);
  });
});
