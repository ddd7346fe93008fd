/**
 * The time-only part of a driven force U′(x, t), computed once per time point (hoist.ts), gives
 * the doubles of the whole force evaluated at every call: first-passage times and sampled
 * trajectories on both engines equal, bit for bit, what the code before hoisting wrote
 * (test/fixtures/driven_paths.json, by driven_paths.mjs beside it), and what the kernels give
 * with hoisting switched off. Cases: a periodic drive (resonance), a force ramp (pull), a mix of
 * host calls, pow and SIMD sqrt in t, a force that reads t directly, a force of t alone.
 */
import { describe, expect, it } from 'vitest';
import { generateSource, parseExpression, simplify } from '../../src/expr/index.js';
import { resolveConfig } from '../../src/simulation/config.js';
import { clockFrontier, clockSteps } from '../../src/simulation/hoist.js';
import {
  type ChunkRequest,
  runChunk,
  sampleTrajectories,
  type TrajectoryRequest,
} from '../../src/simulation/index.js';
import { buildKernel, sampleStartOf } from '../../src/simulation/kernel.js';
import { runChunkOnLanes } from '../../src/simulation/wasmChunk.js';
import { kernelModuleBytes } from '../../src/simulation/wasmKernel.js';
import { LaneKernel, wasmApi } from '../../src/simulation/wasmLanes.js';
// @ts-expect-error: the fixture's generator is plain JavaScript (it runs against dist/).
import { cases } from '../fixtures/driven_paths.mjs';
import { readFixture } from '../support/fixtures.js';

interface Outcome {
  readonly times?: number[];
  readonly censored?: number[];
  readonly x?: number[];
  readonly steps: number;
  readonly failed?: number;
}
interface Case {
  readonly name: string;
  readonly kind: 'chunk' | 'trajectory';
  readonly request: ChunkRequest & TrajectoryRequest;
}
const fixture = readFixture<{ results: { name: string; js: Outcome; wasm: Outcome }[] }>(
  'driven_paths.json',
);
const CASES = (cases() as Case[]).map((c, i) => [c.name, c, fixture.results[i]!] as const);

function run(c: Case, engine: 'js' | 'wasm'): Outcome {
  const config = { ...c.request.config, engine };
  if (c.kind === 'chunk') {
    const r = runChunk({ ...c.request, config });
    return { times: [...r.times], censored: [...r.censored], steps: r.steps };
  }
  const r = sampleTrajectories({ ...c.request, config });
  return { x: [...r.x], steps: r.steps, failed: r.failed };
}

describe('hoisted time-only terms give the same numbers as before', () => {
  it.each(CASES)('%s, on both engines', (name, c, expected) => {
    expect(expected.name).toBe(name);
    // toEqual compares doubles with Object.is: the same bits (JSON keeps every digit).
    expect(run(c, 'js')).toEqual(expected.js);
    expect(run(c, 'wasm')).toEqual(expected.wasm);
  });
});

describe('the switch: hoisted and whole-force kernels side by side', () => {
  const firstPassage = CASES.filter(([, c]) => c.kind === 'chunk').map(([n, c]) => [n, c] as const);
  it.each(firstPassage)('%s', (_, c) => {
    const resolved = resolveConfig(c.request.config);
    const start = sampleStartOf(resolved, c.request.config.potential);
    const program = c.request.config.force.program!;
    const shape = { groups: 1, below: false, above: true };
    const lanes = (hoist: boolean) =>
      runChunkOnLanes(
        new LaneKernel(
          new wasmApi!.Module(kernelModuleBytes(resolved, program, shape, hoist)),
          shape,
        ),
        resolved,
        start,
        c.request.firstWalker,
        c.request.walkers,
        false,
      );
    const js = (hoist: boolean) => {
      const kernel = buildKernel(resolved, c.request.config.force, hoist);
      const s = new Int32Array([1, 2, 3, 4]);
      const st = new Float64Array([-1, 0, 0]);
      kernel(s, st, 3000);
      return [...st, ...s];
    };
    expect(lanes(true).times).toEqual(lanes(false).times);
    expect(js(true)).toEqual(js(false));
  });
});

describe('which steps are hoisted', () => {
  const program = (expression: string) =>
    generateSource(simplify(parseExpression(expression, { variables: ['x', 't'] }).ast), ['x', 't'])
      .program;
  it('the maximal subtrees in t alone, and only those the rest reads', () => {
    // x^3 − x − 0.3·cos(2t): 2t, cos(2t) and 0.3·cos(2t) read no x; only the last is read.
    const p = program('x^3 - x - 0.3*cos(2*t)');
    const clock = clockSteps(p);
    const hoisted = p.steps.filter((_, i) => clock[i]).map((s) => s.op);
    expect(hoisted).toEqual(['*', 'call', '*']);
    expect(clockFrontier(p, clock)).toEqual([clock.lastIndexOf(true)]);
  });
  it('nothing in a force of x alone, everything in a force of t alone', () => {
    const untimed = generateSource(simplify(parseExpression('x^3 - cos(x)').ast), ['x']).program;
    expect(clockSteps(untimed).some(Boolean)).toBe(false);
    const p = program('-0.5*cos(3*t) - 0.3');
    expect(clockSteps(p).every(Boolean)).toBe(true);
    expect(clockFrontier(p, clockSteps(p))).toEqual([p.steps.length - 1]);
  });
});
