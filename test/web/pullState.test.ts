import { describe, expect, it } from 'vitest';
import { DEFAULT_PULL, decodePull } from '../../web/src/pullState.js';
import { DEFAULT_STATE, decodeState, encodeState, type LabState } from '../../web/src/state.js';

describe("the Pulling panel's settings in the URL", () => {
  it('round-trips every model with its bond, rate, walkers and seed', () => {
    for (const model of ['cusp', 'linear-cubic', 'bell', 'expression'] as const) {
      const state: LabState = {
        ...DEFAULT_STATE,
        panel: 'rates',
        pull: {
          model,
          deltaG: 12.5,
          xb: 0.4,
          k0: 0.03,
          D: 0.6,
          loadingRate: 0.0123457,
          walkers: 300,
          seed: 4294967295,
        },
      };
      expect(decodeState(encodeState(state))).toEqual(state);
    }
  });

  it('leaves links without pull settings as they were (no pull.* keys, no pull field)', () => {
    expect(encodeState(DEFAULT_STATE)).not.toContain('pull.');
    expect(decodeState(encodeState(DEFAULT_STATE))).toEqual(DEFAULT_STATE);
    expect(decodePull(new URLSearchParams('panel=pulling'))).toBeUndefined();
  });

  it('falls back to defaults on malformed or hostile values, never NaN', () => {
    const s = decodePull(
      new URLSearchParams(
        'pull.model=__proto__&pull.dG=-1&pull.xb=abc&pull.k0=0&pull.D=Infinity&pull.r=NaN&pull.walkers=1e9&pull.seed=1.5',
      ),
    );
    expect(s).toEqual({ ...DEFAULT_PULL, walkers: 20000 });
  });
});
