/** U″, U‴ and U⁗ at a well bottom or barrier top (energy / length², ³, ⁴). */
export interface PointDerivatives {
  readonly curvature: number;
  readonly third: number;
  readonly fourth: number;
  /**
   * The same parameter from U itself two thermal widths out ({@link sampledAnharmonicity}), which
   * also sees a flat bottom whose U‴ and U⁗ vanish (a sextic well); the larger of the two counts.
   */
  readonly sampled?: number;
}

/** The harmonic well and/or barrier a formula rests on, and the noise. */
export interface HarmonicRegimeInput {
  readonly well?: PointDerivatives;
  readonly barrier?: PointDerivatives;
  readonly D: number;
  /** The formula's name, for the messages. */
  readonly formula: string;
  /** ε at or above which the formula is not applicable (default {@link ANHARMONIC_LIMIT}). */
  readonly limit?: number;
}

/**
 * Warn from this ε = ε_a + ε_s on. Measured against the exact MFPT (test/fixtures/
 * harmonic_regime.py): the leading-order Kramers error is about −8% at ε = 0.2, −13…−15% at 0.4,
 * −20% at 0.8, whether the well or the barrier is the flat one; ε = 0.094 (x⁴/4 − x²/2 at
 * D = 0.05) stays silent.
 */
export const ANHARMONIC_WARNING = 0.25;

/**
 * From this ε on the expansion in D behind every harmonic (Gaussian) prefactor is not an
 * expansion: the leading-order Kramers error is −26…−28% at ε = 1.5, −62% at 38, −99.8% at 10¹¹.
 */
export const ANHARMONIC_LIMIT = 1;

/**
 * The expansion parameter of the Laplace (Gaussian) integral at a stationary point:
 * ε = D·(5U‴²/(24|U″|³) + |U⁗|/(8U″²)), the size of the first correction term, with the two terms
 * added in absolute value so that they cannot cancel. It is D·|c| of the finite-barrier
 * correction (c_a, c_s of Hänggi, Talkner & Borkovec, Rev. Mod. Phys. 62, 251, 1990) taken term
 * by term; in words, the thermal width √(D/|U″|) against the distance over which U″ changes
 * (|U‴|√(D/|U″|)/|U″| and |U⁗|D/U″² small). It grows without bound as U″ → 0 (a flat top or
 * bottom), where the harmonic formulas fail however high the barrier is.
 *
 * @example anharmonicity({ curvature: -1, third: 0, fourth: 6 }, 0.05); // => 0.0375
 */
export function anharmonicity(p: PointDerivatives, D: number): number {
  const u2 = Math.abs(p.curvature);
  const local = D * ((5 * p.third * p.third) / (24 * u2 ** 3) + Math.abs(p.fourth) / (8 * u2 * u2));
  // NaN (U undefined two widths out) says nothing; +∞ (U overflows there) counts.
  return p.sampled === undefined || Number.isNaN(p.sampled) ? local : Math.max(local, p.sampled);
}

/**
 * ε of {@link anharmonicity} read off U at h = ±2√(D/|U″|), two thermal widths, where the
 * quadratic model changes by 2D (the N-D routes' "anharmonic mode" test, multid/harmonic.ts):
 * with E = [U(x+h) + U(x−h) − 2U(x)]/(2D) − sign(U″)·2 and O = [U(x+h) − U(x−h)]/(2D), the
 * departure's even and odd parts, ε = (3/16)|E| + (15/128)O²: it equals the derivative form
 * exactly for a quartic polynomial (E = (2/3)DU⁗/U″², O² = (16/9)DU‴²/|U″|³) and sees every higher
 * order a flat bottom hides from U‴ and U⁗ (1e-3x²/2 + x⁶/6 − x⁷/7 at D = 0.005: U‴ = U⁗ = 0 at
 * the well, Kramers −79% against the exact MFPT).
 *
 * @example sampledAnharmonicity((x) => x ** 4 / 4 - x ** 2 / 2, 0, -1, 0.05); // => 0.0375
 */
export function sampledAnharmonicity(
  U: (x: number) => number,
  x: number,
  curvature: number,
  D: number,
): number {
  const h = 2 * Math.sqrt(D / Math.abs(curvature));
  const u0 = U(x);
  const plus = U(x + h) - u0;
  const minus = U(x - h) - u0;
  const even = (plus + minus) / (2 * D) - 2 * Math.sign(curvature);
  const odd = (plus - minus) / (2 * D);
  // Quartic: E = U⁗h⁴/(24D) = (2/3)·DU⁗/U″² = (16/3)·ε₄; cubic: O = U‴h³/(6D), O² = (128/15)·ε₃.
  return (3 / 16) * Math.abs(even) + (15 / 128) * odd * odd;
}

function shown(x: number): string {
  return String(Number(x.toPrecision(2)));
}

/**
 * Whether the harmonic well and/or barrier of a 1-D rate formula hold at this noise: ε =
 * ε_a + ε_s (see {@link anharmonicity}) below {@link ANHARMONIC_WARNING} is silent, up to the
 * limit it warns, from the limit on the formula does not apply (`notApplicable` holds the reason).
 * The wording follows the N-D routes' "anharmonic mode" warning.
 */
export function harmonicRegime(input: HarmonicRegimeInput): {
  readonly warnings: readonly string[];
  readonly notApplicable: string | null;
  readonly epsilon: number;
} {
  const { D, formula } = input;
  const limit = input.limit ?? ANHARMONIC_LIMIT;
  const parts: [string, number, number][] = [];
  if (input.well) parts.push(['well', anharmonicity(input.well, D), input.well.curvature]);
  if (input.barrier) {
    parts.push(['barrier', anharmonicity(input.barrier, D), input.barrier.curvature]);
  }
  const epsilon = parts.reduce((sum, [, e]) => sum + e, 0);
  if (!(epsilon >= ANHARMONIC_WARNING) && !(epsilon >= limit)) {
    return { warnings: [], notApplicable: null, epsilon };
  }
  const worst = parts.reduce((a, b) => (b[1] > a[1] ? b : a));
  const what = `anharmonic ${worst[0]} (U″ = ${Number(worst[2].toPrecision(4))}): the expansion parameter ε = D(5U‴²/24|U″|³ + |U⁗|/8U″²) (or as read off U two thermal widths out, if larger) summed over ${parts.map((p) => p[0]).join(' and ')} is ${shown(epsilon)}`;
  if (epsilon >= limit || Number.isNaN(epsilon)) {
    return {
      warnings: [],
      notApplicable: `${formula} not applicable: ${what} ≥ ${limit}, the thermal width √(D/|U″|) is not small against the distance over which U″ changes, so the harmonic (Gaussian) approximation fails; use the exact mean first-passage time`,
      epsilon,
    };
  }
  return {
    warnings: [
      `${what} ≥ ${ANHARMONIC_WARNING}: the harmonic prefactor is off by roughly 10% or more (compare the exact route)`,
    ],
    notApplicable: null,
    epsilon,
  };
}

/** Warn when a reflecting wall is closer to the well bottom than this many thermal widths. */
export const WALL_WARNING_WIDTHS = 1.5;
/** Not applicable when the wall is this many thermal widths from the well bottom or closer. */
export const WALL_LIMIT_WIDTHS = 1;

/**
 * A reflecting wall inside the well's Gaussian: the harmonic population ∫e^{−U/D} of the well
 * counts the part beyond the wall, a fraction q = ½ erfc(d/(σ√2)) with σ = √(D/U″_a), so the
 * formula underestimates the rate by about q (measured on x⁴/4 − x²/2 against the exact MFPT:
 * −12% at d = 0.99σ, −46% at d = 0). `distance` is signed: negative when the wall lies between the
 * well bottom and the barrier (the well bottom is then outside the domain).
 */
export function wallRegime(
  distance: number,
  wellCurvature: number,
  D: number,
  formula: string,
): { readonly warnings: readonly string[]; readonly notApplicable: string | null } {
  const widths = distance / Math.sqrt(D / wellCurvature);
  if (!(widths < WALL_WARNING_WIDTHS)) return { warnings: [], notApplicable: null };
  const cut = widths >= 0 ? 0.5 * erfc(widths / Math.SQRT2) : 1 - 0.5 * erfc(-widths / Math.SQRT2);
  const what = `the reflecting wall is ${shown(widths)} thermal widths √(D/U″_a) from the well bottom and cuts ${shown(100 * cut)}% of the well's Gaussian`;
  if (widths <= WALL_LIMIT_WIDTHS) {
    return {
      warnings: [],
      notApplicable: `${formula} not applicable: ${what} (≤ ${WALL_LIMIT_WIDTHS} width), so the harmonic well population is wrong; use the exact mean first-passage time`,
    };
  }
  return {
    warnings: [
      `${what}: the harmonic well population is too large by about that much and the rate too low (compare the exact route)`,
    ],
    notApplicable: null,
  };
}

/** erfc(x) for x ≥ 0 (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7: enough for a warning). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return poly * Math.exp(-x * x);
}
