import { KramersError } from '../core/index.js';
import { formatIn, formatTimeFromLog } from '../units/index.js';
import { type EscapeNumbers, escapeOutcome, reducedEscape } from './escape.js';
import { logCell, presetTable, timeFromLog } from './logged.js';
import { NON_NEGATIVE, POSITIVE } from './resolve.js';
import type { Preset, PresetResult, PresetValues, ReducedProblem } from './types.js';

/**
 * Fixed points of Griffith's positive-feedback gene, dx/dt = a0 + a x²/(1 + x²) − x, x in units
 * of the activation threshold K and t in protein lifetimes. With a0 = 0 they are x = 0 and
 * x = (a ± √(a² − 4))/2: bistable iff a > 2 (Griffith 1968). For a0 > 0, the roots of the cubic
 * x³ − (a0 + a)x² + x − a0 = 0, found here by bisection on sign changes.
 */
export function geneFixedPoints(a: number, a0: number): number[] {
  const f = (x: number) => a0 + (a * x * x) / (1 + x * x) - x;
  const roots: number[] = [];
  const top = a0 + a + 1;
  const n = 4000;
  let prev = f(0);
  if (prev === 0) roots.push(0);
  for (let k = 1; k <= n; k++) {
    const x = (top * k) / n;
    const y = f(x);
    if (y === 0) roots.push(x);
    else if (prev !== 0 && Math.sign(y) !== Math.sign(prev)) {
      let lo = (top * (k - 1)) / n;
      let hi = x;
      for (let it = 0; it < 200; it++) {
        const mid = (lo + hi) / 2;
        if (Math.sign(f(mid)) === Math.sign(f(lo))) lo = mid;
        else hi = mid;
      }
      roots.push((lo + hi) / 2);
    }
    prev = y;
  }
  return roots;
}

function build(v: PresetValues): ReducedProblem {
  const a = v['a']!;
  const a0 = v['a0']!;
  return {
    potential: 'x^2/2 - a0*x - a*(x - atan(x))',
    parameters: { a, a0 },
    D: v['D']!,
    gamma: 1,
    domain: { min: -1, max: a0 + a + 2 },
    from: 0,
    to: 1,
    units: {
      dynamics: 'overdamped',
      energyUnit: '1',
      energy: 1,
      length: 1,
      lengthUnit: '1',
      time: v['life']!,
      description: 'x in units of the threshold K, time unit the protein lifetime 1/δ',
    },
    coordinate: 'protein concentration in units of the activation threshold K',
  };
}

/**
 * A mean switching time (h), exact with Kramers beside it, both from their logs: at small D the
 * times leave double range (ΔU/D in the thousands), and an exact time that did not converge
 * prints as — with its outcome.
 */
function switchingResult(
  name: string,
  label: string,
  life: number,
  e: EscapeNumbers,
  D: number,
): PresetResult {
  const kramers = formatTimeFromLog(Math.log(life) - e.logKramers);
  const exact = Number.isNaN(e.logExact) ? `exact ${e.retcode.replace('_', ' ')}; ` : '';
  return timeFromLog(
    {
      name,
      label,
      method: `${exact}ΔU/D = ${formatIn(e.deltaU / D, '')}; Kramers gives ${kramers}`,
    },
    Math.log(life) - e.logExact,
    'h',
  );
}

function switchingTimes(v: PresetValues) {
  const problem = build(v);
  const up = reducedEscape(problem);
  const down = reducedEscape({ ...problem, from: 1, to: 0 });
  return { problem, up, down };
}

export const geneSwitch: Preset = {
  name: 'gene-switch',
  title: 'Genetic switch (self-activating gene)',
  field: 'systems biology',
  summary: 'spontaneous switching time between the OFF and ON expression states',
  context:
    'A gene whose protein activates its own transcription cooperatively (Hill coefficient 2) is ' +
    'bistable: an OFF state with little protein and an ON state with much (Griffith 1968; the ' +
    'same bistability as the two-gene toggle switch of Gardner, Cantor & Collins 2000). In units ' +
    'of the activation threshold K and of the protein lifetime, dx/dt = a0 + a x²/(1+x²) − x = −U′(x), ' +
    'so U = x²/2 − a0 x − a(x − arctan x), bistable for a > 2 when a0 = 0. Molecular noise from ' +
    'N proteins per K gives, in the linear-noise approximation, a diffusion D ≈ x/N (production ' +
    'plus degradation over 2N); here D is one constant, an effective noise intensity (a ' +
    'simplification: the birth-death process has state-dependent noise, which favours escape from ' +
    'the noisier ON state; Walczak, Onuchic & Wolynes 2005). Switching times are exact mean ' +
    'first-passage times of this effective 1-D model.',
  references: [
    'J. S. Griffith, J. Theor. Biol. 20, 209 (1968)',
    'T. S. Gardner, C. R. Cantor, J. J. Collins, Nature 403, 339 (2000)',
    'A. M. Walczak, J. N. Onuchic, P. G. Wolynes, PNAS 102, 18926 (2005)',
  ],
  parameters: [
    {
      name: 'a',
      symbol: 'a',
      kind: 'dimensionless',
      default: '2.2',
      unit: '',
      range: [2.05, 6],
      domain: POSITIVE,
      scale: 'linear',
      description: 'maximal production in units of K per lifetime',
    },
    {
      name: 'a0',
      symbol: 'a0',
      kind: 'dimensionless',
      default: '0',
      unit: '',
      range: [0, 0.2],
      domain: NON_NEGATIVE,
      scale: 'linear',
      description: 'basal (leaky) production',
    },
    {
      name: 'D',
      symbol: 'D',
      kind: 'dimensionless',
      default: '0.008',
      unit: '',
      range: [0.002, 0.2],
      domain: POSITIVE,
      scale: 'log',
      description: 'effective noise intensity (≈ x/N for N proteins per K)',
    },
    {
      name: 'life',
      symbol: '1/δ',
      kind: 'time',
      default: '1h',
      unit: 'h',
      range: [0.1, 48],
      domain: POSITIVE,
      scale: 'log',
      description: 'protein lifetime (time unit)',
    },
  ],
  reducedParameters: [],
  build,
  evaluate(v) {
    const roots = geneFixedPoints(v['a']!, v['a0']!);
    if (roots.length !== 3) {
      throw new KramersError(
        'invalid_parameter',
        `a = ${v['a']}, a0 = ${v['a0']} give one expression state, not two: the switch needs a > 2 (for a0 = 0)`,
        { issues: [{ path: 'a', message: 'not bistable' }] },
      );
    }
    const { problem, up, down } = switchingTimes(v);
    const life = v['life']!;
    const results = [
      {
        name: 'states',
        label: 'OFF, barrier, ON (x in units of K)',
        value: roots[2]!,
        unit: '',
        text: roots.map((r) => formatIn(r, '')).join(', '),
      },
      switchingResult('offToOn', 'mean time OFF → ON (exact)', life, up, problem.D),
      switchingResult('onToOff', 'mean time ON → OFF (exact)', life, down, problem.D),
    ];
    const rows = [];
    const escapes: EscapeNumbers[] = [up, down];
    const logHour = Math.log(life / 3600);
    for (const d of [0.05, 0.02, 0.01, 0.008, 0.006, 0.004]) {
      const t = switchingTimes({ ...v, D: d });
      escapes.push(t.up, t.down);
      rows.push([d, logCell(logHour - t.up.logExact), logCell(logHour - t.down.logExact)]);
    }
    const outcome = escapeOutcome(escapes);
    return {
      retcode: outcome.retcode,
      results,
      tables: [
        presetTable('Switching times vs noise', ['D', 'OFF → ON (h)', 'ON → OFF (h)'], rows),
      ],
      notes: [
        'Times grow exponentially as the noise falls: ln t ≈ ΔU/D, the hallmark of noise-driven switching.',
      ],
      warnings: [...up.warnings, ...down.warnings, ...outcome.warnings],
    };
  },
};
