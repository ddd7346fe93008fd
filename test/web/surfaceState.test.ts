import { describe, expect, it } from 'vitest';
import {
  canonicalSurface,
  decodeSurface,
  encodeSurface,
  SURFACE_PRESETS,
} from '../../web/src/surfaceState.js';

describe('the 2-D tab’s walkers in the URL', () => {
  const preset = SURFACE_PRESETS[1]!.problem;

  it('round-trips the walkers’ count and seed as s2.walkers and s2.seed', () => {
    const q = new URLSearchParams();
    const problem = { ...preset, walkers: 750, seed: 4294967295 };
    encodeSurface(q, problem);
    expect(q.get('s2.walkers')).toBe('750');
    expect(q.get('s2.seed')).toBe('4294967295');
    expect(decodeSurface(q)).toEqual(problem);
  });

  it('drops values out of range rather than running them', () => {
    for (const [walkers, seed] of [
      ['0', '-1'],
      ['1.5', '4294967296'],
      ['1e9', 'x'],
    ]) {
      const q = new URLSearchParams();
      encodeSurface(q, preset);
      q.set('s2.walkers', walkers!);
      q.set('s2.seed', seed!);
      const decoded = decodeSurface(q)!;
      expect(decoded.walkers, walkers).toBeUndefined();
      expect(decoded.seed, seed).toBeUndefined();
    }
  });

  it('leaves the analysis key alone: changing the walkers recomputes no map', () => {
    expect(canonicalSurface({ ...preset, walkers: 10, seed: 2 })).toBe(canonicalSurface(preset));
  });
});
