import { describe, expect, it } from 'vitest';
import { DEFAULT_STATE, decodeState, encodeState, type LabState } from '../../web/src/state.js';

describe('the Turnover tab and physical presets in the URL', () => {
  it('round-trips the friction range, the exact flag, walkers, the preset and its sliders', () => {
    const state: LabState = {
      ...DEFAULT_STATE,
      panel: 'turnover',
      turnover: { gammaMin: 0.05, gammaMax: 20, points: 13, exact: true, walkers: 4000 },
      physical: { name: 'josephson', settings: { T: 0.5, I: 9.5 } },
    };
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it('leaves both out of a state that never opened them (old links stay as they were)', () => {
    expect(encodeState(DEFAULT_STATE)).not.toMatch(/tg=|gp=/);
    expect(decodeState(encodeState(DEFAULT_STATE))).toEqual(DEFAULT_STATE);
  });

  it('falls back to defaults on malformed or hostile values', () => {
    const s = decodeState(
      '?tg=-1:abc:1e9&texact=yes&twalkers=1e12&gp=__proto__&g.T=NaN&g.__proto__=1&g.I=',
    );
    expect(s.turnover).toEqual({
      gammaMin: 0.01,
      gammaMax: 100,
      points: 17,
      exact: false,
      // Refused with a message (linkProblems, test/web/state.test.ts), no longer clamped to 50000.
      walkers: 2000,
    });
    expect(s.physical).toBeUndefined();
    const t = decodeState('?tg=10:1:5&gp=memory-bit&g.T=350&g.bad=x&g.__proto__=2');
    // γ max below γ min: the default range, the points kept.
    expect(t.turnover).toMatchObject({ gammaMin: 0.01, gammaMax: 100, points: 5 });
    expect(t.physical).toEqual({ name: 'memory-bit', settings: { T: 350 } });
    expect(Object.getPrototypeOf(t.physical!.settings)).toBe(Object.prototype);
  });
});
