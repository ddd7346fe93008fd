/**
 * Random numbers for the Langevin kernels: xoshiro128** (Blackman & Vigna, "Scrambled linear
 * pseudorandom number generators", ACM TOMS 2021; preprint 2018) on 32-bit integer arithmetic, a
 * ziggurat normal sampler (Marsaglia & Tsang, J. Stat. Softw. 5(8), 2000) and per-walker stream
 * seeding. Everything is plain integer arithmetic so the same numbers come out in Node and in
 * browsers, on any number of workers.
 */

/** Number of ziggurat layers (Marsaglia & Tsang's RNOR uses 128). */
export const ZIGGURAT_LAYERS = 128;
/** Right edge of the base layer for 128 layers (Marsaglia & Tsang 2000, RNOR). */
export const ZIGGURAT_R = 3.442619855899;
const R = ZIGGURAT_R;
/** Area of each layer, including the tail for the base layer (Marsaglia & Tsang 2000). */
const V = 9.91256303526217e-3;
/**
 * The low 7 bits of a 32-bit draw choose the layer and the remaining 25 (signed) bits give the
 * abscissa. Marsaglia & Tsang reuse the same bits for both, which correlates layer and value
 * (Doornik, "An improved ziggurat method", 2005); taking disjoint bits removes that.
 */
const SCALE = 2 ** 24;

/** kn[i]: acceptance bound on |j|; wn[i]: abscissa per unit of j; fn[i] = exp(−x_i²/2). */
export const ZIGGURAT_KN = new Int32Array(ZIGGURAT_LAYERS);
export const ZIGGURAT_WN = new Float64Array(ZIGGURAT_LAYERS);
export const ZIGGURAT_FN = new Float64Array(ZIGGURAT_LAYERS);

// Table set-up transcribed from Marsaglia & Tsang's zigset() with m1 = 2^24.
{
  let dn = R;
  let tn = R;
  const q = V / Math.exp(-0.5 * dn * dn);
  ZIGGURAT_KN[0] = Math.floor((dn / q) * SCALE);
  ZIGGURAT_KN[1] = 0;
  ZIGGURAT_WN[0] = q / SCALE;
  ZIGGURAT_WN[ZIGGURAT_LAYERS - 1] = dn / SCALE;
  ZIGGURAT_FN[0] = 1;
  ZIGGURAT_FN[ZIGGURAT_LAYERS - 1] = Math.exp(-0.5 * dn * dn);
  for (let i = ZIGGURAT_LAYERS - 2; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    ZIGGURAT_KN[i + 1] = Math.floor((dn / tn) * SCALE);
    tn = dn;
    ZIGGURAT_FN[i] = Math.exp(-0.5 * dn * dn);
    ZIGGURAT_WN[i] = dn / SCALE;
  }
}

/**
 * Advances a xoshiro128** state held as four int32 words and returns the output as an int32.
 * Signed words keep every operation in V8's small-integer / int32 paths.
 */
export function nextInt32(s: Int32Array): number {
  const s0 = s[0]!;
  let s1 = s[1]!;
  let s2 = s[2]!;
  let s3 = s[3]!;
  const m = Math.imul(s1, 5);
  const result = Math.imul((m << 7) | (m >>> 25), 9);
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s[0] = s0 ^ s3;
  s[1] = s1;
  s[2] = s2 ^ t;
  s[3] = (s3 << 11) | (s3 >>> 21);
  return result;
}

/** A uniform draw in the open interval (0, 1), safe for logarithms. */
export function openUniform(s: Int32Array): number {
  return ((nextInt32(s) >>> 0) + 0.5) * 2 ** -32;
}

/**
 * The ziggurat's rare path (2.7% of draws for 128 layers, over a quarter of them in layer 1, whose
 * kn is 0 as in Marsaglia & Tsang's zigset): wedge test or base-layer tail. `u` is the int32
 * draw whose fast test failed. Shared by `normal` and the generated kernels so both give the
 * same sequence.
 */
export function zigguratSlow(s: Int32Array, u: number): number {
  for (;;) {
    const iz = u & 127;
    const j = u >> 7;
    let x = j * ZIGGURAT_WN[iz]!;
    if (iz === 0) {
      // Tail beyond R by Marsaglia's exponential rejection method (Marsaglia & Tsang 2000).
      let y: number;
      do {
        x = -Math.log(openUniform(s)) / R;
        y = -Math.log(openUniform(s));
      } while (y + y < x * x);
      return j > 0 ? R + x : -R - x;
    }
    const f0 = ZIGGURAT_FN[iz]!;
    if (f0 + openUniform(s) * (ZIGGURAT_FN[iz - 1]! - f0) < Math.exp(-0.5 * x * x)) return x;
    u = nextInt32(s);
    const iz2 = u & 127;
    const j2 = u >> 7;
    if ((j2 < 0 ? -j2 : j2) < ZIGGURAT_KN[iz2]!) return j2 * ZIGGURAT_WN[iz2]!;
  }
}

/** Bit-mixing bijection on uint32 ("lowbias32", C. Wellons 2018, after MurmurHash3's fmix32). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * The xoshiro128** state for walker `walker` of master seed `seed` (both uint32). Each of the four
 * words is a bijective hash of the walker index for a fixed seed (SplitMix-style: golden-ratio
 * increments and a bit mixer), so two walkers of one seed never share a state word, and neighbouring
 * indices give unrelated states. Walker i's numbers depend on (seed, i) only: any split into chunks
 * or workers gives bit-identical trajectories.
 */
export function deriveStreamSeed(seed: number, walker: number): Uint32Array {
  const state = new Uint32Array(4);
  for (let k = 0; k < 4; k++) {
    const key = mix32((seed ^ Math.imul(k + 1, 0x9e3779b9)) >>> 0);
    state[k] = mix32((mix32((key ^ walker) >>> 0) + Math.imul(k, 0x632be5ab)) >>> 0);
  }
  // The all-zero state is the one fixed point of xoshiro; astronomically unlikely, but excluded.
  if ((state[0]! | state[1]! | state[2]! | state[3]!) === 0) state[0] = 1;
  return state;
}

/** xoshiro128** (Blackman & Vigna 2018): 128-bit state, period 2^128 − 1, 32-bit outputs. */
export class Xoshiro128 {
  /** The state as signed 32-bit words (the kernels read and write it in place). */
  readonly s: Int32Array;

  constructor(state: ArrayLike<number>) {
    if (state.length !== 4) throw new RangeError('xoshiro128** needs four 32-bit state words');
    this.s = new Int32Array(4);
    for (let i = 0; i < 4; i++) this.s[i] = state[i]! | 0;
    if ((this.s[0]! | this.s[1]! | this.s[2]! | this.s[3]!) === 0) {
      throw new RangeError('xoshiro128** state must not be all zero');
    }
  }

  /** The generator for walker `walker` of master seed `seed`. */
  static fromSeed(seed: number, walker = 0): Xoshiro128 {
    return new Xoshiro128(deriveStreamSeed(seed >>> 0, walker >>> 0));
  }

  static fromState(state: ArrayLike<number>): Xoshiro128 {
    return new Xoshiro128(state);
  }

  /** A copy of the state (uint32 words), enough to resume the stream exactly. */
  state(): Uint32Array {
    return new Uint32Array(this.s.buffer.slice(0));
  }

  nextUint32(): number {
    return nextInt32(this.s) >>> 0;
  }

  /** Uniform in [0, 1) with 32 random bits. */
  nextFloat(): number {
    return (nextInt32(this.s) >>> 0) * 2 ** -32;
  }

  /** Standard normal by the ziggurat. */
  normal(): number {
    return normal(this);
  }
}

/** A standard normal deviate by the ziggurat (Marsaglia & Tsang 2000) with 128 layers. */
export function normal(rng: Xoshiro128): number {
  const s = rng.s;
  const u = nextInt32(s);
  const iz = u & 127;
  const j = u >> 7;
  if ((j < 0 ? -j : j) < ZIGGURAT_KN[iz]!) return j * ZIGGURAT_WN[iz]!;
  return zigguratSlow(s, u);
}

/** One standard normal from a raw xoshiro128** state (ziggurat, as inside the kernels). */
export function normalOf(s: Int32Array): number {
  const u = nextInt32(s);
  const iz = u & 127;
  const j = u >> 7;
  if ((j < 0 ? -j : j) < ZIGGURAT_KN[iz]!) return j * ZIGGURAT_WN[iz]!;
  return zigguratSlow(s, u);
}
