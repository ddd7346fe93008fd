import { describe, expect, it } from 'vitest';
import { meanFirstPassageTime, mfptProfile } from '../../src/exact1d/index.js';
import { potentialFromExpression } from '../../src/expr/index.js';
import { expectClose, readFixture } from '../support/fixtures.js';

interface MfptCase {
  id: string;
  expression: string;
  D: number;
  gamma: number;
  start: number;
  absorbing: number;
  reflecting: number | null;
  logMfpt: string;
  mfpt: string;
  check: number;
}
interface TwoAbsorbingCase {
  id: string;
  expression: string;
  D: number;
  gamma: number;
  start: number;
  left: number;
  right: number;
  logMfpt: string;
  mfpt: string;
  splitting: string;
  check: number;
}
interface Fixture {
  mfpt: MfptCase[];
  twoAbsorbing: TwoAbsorbingCase[];
}
interface ReferenceCases {
  cases: {
    id: string;
    potential: string;
    D: number;
    gamma: number;
    x_well: number;
    x_barrier: number;
    mfpt_well_to_other_well: string;
    mfpt_well_to_barrier_top: string;
  }[];
}
const fixture = readFixture<Fixture>('mfpt_reference.json');
const referenceCases = readFixture<ReferenceCases>('reference_cases.json');

// Issue requirement: MFPT to 1e-8 relative everywhere.
const ISSUE_TOL = 1e-8;
// Our target, the default tolerance: every case must meet it and report an estimate below it.
const TARGET_TOL = 1e-10;

/** |ln T − ln T_ref| is the relative error of T, and it works where T overflows (ΔU/D = 1000). */
function expectLogClose(actualLog: number, referenceLog: number, tol: number, what: string) {
  const delta = Math.abs(actualLog - referenceLog);
  if (!(delta <= tol)) {
    throw new Error(
      `${what}: expected ln T = ${referenceLog}, got ${actualLog}, delta ${delta} > tolerance ${tol}`,
    );
  }
  return delta;
}

/** The honesty requirement: true error ≤ reported estimate ≤ the tolerance it claims to meet. */
function expectHonest(trueError: number, estimate: number, what: string) {
  if (!(trueError <= estimate)) {
    throw new Error(`${what}: true relative error ${trueError} exceeds the estimate ${estimate}`);
  }
  if (!(estimate <= TARGET_TOL)) {
    throw new Error(`${what}: estimate ${estimate} above the tolerance ${TARGET_TOL}`);
  }
}

function problemOf(c: MfptCase) {
  return {
    potential: potentialFromExpression(c.expression),
    D: c.D,
    gamma: c.gamma,
    start: c.start,
    absorbing: c.absorbing,
    ...(c.reflecting === null ? {} : { reflecting: c.reflecting }),
  };
}

describe('meanFirstPassageTime against mpmath (test/fixtures/mfpt_reference.py)', () => {
  it('the references agree between tanh-sinh and Gauss-Legendre far below our tolerances', () => {
    for (const c of [...fixture.mfpt, ...fixture.twoAbsorbing]) expect(c.check).toBeLessThan(1e-20);
  });

  it.each(fixture.mfpt)('$id', (c) => {
    const r = meanFirstPassageTime(problemOf(c));
    const what = `T(${c.start} → ${c.absorbing}) for ${c.expression}, D = ${c.D}, γ = ${c.gamma}, reflecting ${c.reflecting ?? 'natural'}`;
    expect(r.retcode, r.warnings.join('; ')).toBe('success');
    const trueError = expectLogClose(r.logMfpt, Number(c.logMfpt), TARGET_TOL, what);
    const reference = Number(c.mfpt);
    if (Number.isFinite(reference)) expectClose(r.mfpt, reference, ISSUE_TOL, what);
    else expect(r.mfpt).toBe(Number.POSITIVE_INFINITY);
    expectHonest(trueError, r.relativeError, what);
    expect(r.logRate).toBe(-r.logMfpt);
    expect(r.rate).toBe(Math.exp(-r.logMfpt));
  });
});

describe('reference cases test/fixtures/reference_cases.json', () => {
  it.each(referenceCases.cases)('$id: well → other well and well → barrier top', (c) => {
    const potential = potentialFromExpression(c.potential);
    const base = { potential, D: c.D, gamma: c.gamma, start: c.x_well };
    const toWell = meanFirstPassageTime({ ...base, absorbing: -c.x_well });
    const toTop = meanFirstPassageTime({ ...base, absorbing: c.x_barrier });
    // 1e-10 relative as the issue asks; the reference values carry 15 and 12 significant digits.
    expectClose(
      toWell.mfpt,
      Number(c.mfpt_well_to_other_well),
      TARGET_TOL,
      `${c.id} to the other well`,
    );
    expectClose(
      toTop.mfpt,
      Number(c.mfpt_well_to_barrier_top),
      TARGET_TOL,
      `${c.id} to the barrier top`,
    );
  });
});

describe('high barriers: log space', () => {
  const potential = potentialFromExpression('x^4/4 - x^2/2');
  it.each([0.0025, 0.00025])('ΔU/D = %s⁻¹/4: finite ln T, Kramers trend', (D) => {
    const r = meanFirstPassageTime({ potential, D, start: -1, absorbing: 1 });
    expect(Number.isFinite(r.logMfpt)).toBe(true);
    const ref = fixture.mfpt.find((c) => c.id === `double_well_D${D}_to_other_well`)!;
    // ln T to 1e-10 relative (ln T ≈ 100 and 1000).
    expectClose(r.logMfpt, Number(ref.logMfpt), TARGET_TOL, `ln T, D = ${D}`);
    // Kramers with the finite-barrier correction (docs/conventions.md §1, c_a = c_s = 3/4):
    // T·k_K = 1 + 1.5 D + O(D²); the O(D²) coefficient is about 7, so allow 10 D².
    const logKramers = Math.log(Math.SQRT2 / (2 * Math.PI)) - 1 / (4 * D);
    const excess = Math.expm1(r.logMfpt + logKramers);
    expect(Math.abs(excess - 1.5 * D), `T k_K − 1 = ${excess}`).toBeLessThanOrEqual(10 * D * D);
  });

  it('T to the barrier top is 1/(2k): half of T to the other well up to exponentially small terms', () => {
    for (const D of [0.0025, 0.00025]) {
      const toWell = meanFirstPassageTime({ potential, D, start: -1, absorbing: 1 });
      const toTop = meanFirstPassageTime({ potential, D, start: -1, absorbing: 0 });
      // Symmetric barrier: T(x_a → x_c) − 2T(x_a → x_s) = O(1)·γ/U″, negligible against e^{ΔU/D}.
      expectClose(
        toWell.logMfpt,
        toTop.logMfpt + Math.LN2,
        1e-12,
        `ln 2T_top vs ln T_well, D = ${D}`,
      );
    }
  });
});

describe('absorbing at both ends', () => {
  it.each(fixture.twoAbsorbing)('$id against mpmath (textbook form with cancellation)', (c) => {
    const r = meanFirstPassageTime({
      potential: potentialFromExpression(c.expression),
      D: c.D,
      gamma: c.gamma,
      start: c.start,
      absorbing: c.right,
      absorbingOther: c.left,
    });
    const what = `T(${c.start}) in (${c.left}, ${c.right}) for ${c.expression}, D = ${c.D}`;
    expect(r.retcode).toBe('success');
    const trueError = expectLogClose(r.logMfpt, Number(c.logMfpt), TARGET_TOL, what);
    expectClose(r.mfpt, Number(c.mfpt), ISSUE_TOL, what);
    expectHonest(trueError, r.relativeError, what);
  });

  it('flat potential: T(x) = (γ/2D)(x − L)(R − x) (closed form)', () => {
    const potential = potentialFromExpression('0*x');
    for (const x of [-0.9, -0.2, 0.3, 0.95]) {
      const r = meanFirstPassageTime({
        potential,
        D: 0.5,
        gamma: 2,
        start: x,
        absorbing: 1,
        absorbingOther: -1,
      });
      // A polynomial integrand: exact up to rounding, so 1e-13.
      expectClose(r.mfpt, (2 / (2 * 0.5)) * (x + 1) * (1 - x), 1e-13, `flat T(${x})`);
    }
  });

  it('flat potential with a reflecting wall: T(x) = (γ/2D)[(R − L)² − (x − L)²]', () => {
    const potential = potentialFromExpression('0*x');
    const r = meanFirstPassageTime({
      potential,
      D: 0.25,
      start: 0.5,
      absorbing: 2,
      reflecting: -1,
    });
    expectClose(r.mfpt, (1 / 0.5) * (9 - 2.25), 1e-13, 'flat, wall at −1, absorbing at 2');
  });
});

describe('mfptProfile', () => {
  const potential = potentialFromExpression('x^4/4 - x^2/2');
  const profileCases = fixture.mfpt.filter((c) => c.id.startsWith('profile_'));

  it('T(x) at requested points matches mpmath (one pass)', () => {
    const xs = profileCases.map((c) => c.start);
    const p = mfptProfile({ potential, D: 0.1, absorbing: 1 }, xs);
    expect(p.retcode).toBe('success');
    expect([...p.x]).toEqual([...xs].sort((a, b) => a - b));
    for (const c of profileCases) {
      const i = p.x.indexOf(c.start);
      const trueError = expectLogClose(
        p.logMfpt[i]!,
        Number(c.logMfpt),
        TARGET_TOL,
        `T(${c.start})`,
      );
      expectHonest(trueError, p.relativeError[i]!, `profile T(${c.start})`);
    }
  });

  it('mirrored: absorbing on the left, natural boundary at +∞', () => {
    const p = mfptProfile({ potential, D: 0.1, absorbing: -1 }, [1.6, 1, 0.5, 0]);
    for (const c of profileCases.filter((q) => [-1.6, -1, -0.5, 0].includes(q.start))) {
      const i = p.x.indexOf(-c.start);
      expectLogClose(p.logMfpt[i]!, Number(c.logMfpt), TARGET_TOL, `mirrored T(${-c.start})`);
    }
  });

  it('a count gives equally spaced points over the whole range, decreasing to 0 at the target', () => {
    const p = mfptProfile({ potential, D: 0.1, absorbing: 1 }, 41);
    expect(p.x.length).toBe(41);
    expect(p.retcode, p.warnings.join('; ')).toBe('success');
    expect(p.mfpt[40]).toBe(0);
    expect(p.logMfpt[40]).toBe(Number.NEGATIVE_INFINITY);
    for (let i = 1; i < 41; i++) expect(p.mfpt[i]!).toBeLessThan(p.mfpt[i - 1]!);
    expect(p.domain.max).toBe(1);
    // Started where e^{−(U−U_min)/D} ≈ e^{−25}: U − U_min ≈ 2.5 at D = 0.1.
    expect(p.x[0]!).toBeLessThan(-1.9);
    for (let i = 0; i < 41; i++) expect(p.relativeError[i]!).toBeLessThanOrEqual(TARGET_TOL);
  });

  it('two absorbing points: T vanishes at both ends', () => {
    const p = mfptProfile(
      { potential: potentialFromExpression('0*x'), D: 1, absorbing: 1, absorbingOther: -1 },
      5,
    );
    expect([...p.mfpt].map((t) => Number(t.toPrecision(12)))).toEqual([0, 0.375, 0.5, 0.375, 0]);
  });
});

describe('result conventions', () => {
  const potential = potentialFromExpression('x^4/4 - x^2/2');
  it('start on the absorbing point: T = 0, ln T = −∞', () => {
    const r = meanFirstPassageTime({ potential, D: 0.1, start: 0.5, absorbing: 0.5 });
    expect(r.mfpt).toBe(0);
    expect(r.logMfpt).toBe(Number.NEGATIVE_INFINITY);
    expect(r.retcode).toBe('success');
  });

  it('the ΔU/D = 1000 MFPT overflows to Infinity with a warning; ln T and the error stay usable', () => {
    const r = meanFirstPassageTime({ potential, D: 0.00025, start: -1, absorbing: 1 });
    expect(r.mfpt).toBe(Number.POSITIVE_INFINITY);
    expect(r.rate).toBeGreaterThanOrEqual(0);
    expect(r.relativeError).toBeLessThan(1e-10);
    expect(r.warnings.join(' ')).toMatch(/overflows/);
  });

  it('γ scales T linearly', () => {
    const a = meanFirstPassageTime({ potential, D: 0.1, start: -1, absorbing: 1 });
    const b = meanFirstPassageTime({ potential, D: 0.1, gamma: 3, start: -1, absorbing: 1 });
    expectClose(b.mfpt, 3 * a.mfpt, 1e-14, 'γ = 3');
  });

  it('an unreachable tolerance gives not_converged with a warning, never NaN', () => {
    const r = meanFirstPassageTime({
      potential,
      D: 1e-9,
      start: -1,
      absorbing: 1,
      tolerance: 1e-12,
    });
    expect(r.retcode).toBe('not_converged');
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(Number.isNaN(r.logMfpt)).toBe(false);
  });
});

describe('a missed tolerance is printed above it', () => {
  it('the error (or rounding floor) named in the warning reads larger than the tolerance', () => {
    // Tolerances near what the seed well reaches at ΔU/D = 50 … 500 (1e-13 … 1e-12, set by the
    // rounding floor ε·|U|/D) land on both warnings. At two digits a relative error of 1.03e-13
    // printed as "1e-13 is above the tolerance 1e-13" (D = 0.005), a floor of 2.3007e-13 as
    // "2.3e-13, above the tolerance 2.3e-13" (D = 0.002).
    const potential = potentialFromExpression('x^4/4 - x^2/2');
    const seen = { error: 0, floor: 0, twoDigitsWouldTie: 0 };
    for (const D of [0.0005, 0.002, 0.005]) {
      for (let k = 0; k < 24; k++) {
        const tolerance = Number((1e-13 * 1.15 ** k).toPrecision(2));
        const r = meanFirstPassageTime({ potential, D, start: -1, absorbing: 1, tolerance });
        for (const w of r.warnings) {
          const m =
            /estimated relative error (\S+) is above the tolerance (\S+)$/.exec(w) ??
            /limits the relative accuracy to about (\S+), above the tolerance (\S+)$/.exec(w);
          if (!m) continue;
          const shown = Number(m[1]);
          expect(Number(m[2])).toBe(tolerance);
          expect(shown, w).toBeGreaterThan(tolerance);
          if (w.startsWith('estimated')) {
            seen.error++;
            // The printed error is the reported one to the digits shown: half a unit of the
            // second digit is at most 0.05/1.0 = 5% relative.
            expect(Math.abs(shown / r.relativeError - 1), w).toBeLessThanOrEqual(0.05);
            if (Number(r.relativeError.toPrecision(2)) <= tolerance) seen.twoDigitsWouldTie++;
          } else {
            seen.floor++;
            // The floor is part of the reported error (error = quadrature estimate + floor).
            expect(shown, w).toBeLessThanOrEqual(r.relativeError * 1.05);
          }
        }
      }
    }
    expect(seen.error).toBeGreaterThan(0);
    expect(seen.floor).toBeGreaterThan(0);
    // The case the old two-digit print got wrong is among them.
    expect(seen.twoDigitsWouldTie).toBeGreaterThan(0);
  });
});
