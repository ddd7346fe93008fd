import type { QuantityKind } from '../quantity.js';
import type { ReducedUnits } from '../reduced.js';

/** A physical parameter of a preset: what a slider or `--set name=value` changes. */
export interface PresetParameter {
  /** Name used by `--set` (e.g. `dG`, `T`, `eta`). */
  readonly name: string;
  /** Symbol as the field writes it (ΔG‡, T, η). */
  readonly symbol: string;
  readonly kind: QuantityKind;
  /** Default value with its unit, as text (`50kJ/mol`). */
  readonly default: string;
  /** Unit the parameter is shown in (and `range` is given in). */
  readonly unit: string;
  /** A sensible range for a slider, in `unit`. */
  readonly range: readonly [number, number];
  /** Slider scale. */
  readonly scale: 'linear' | 'log';
  readonly description: string;
}

/**
 * The field's customary reduced parameter (σ for Néel–Brown, i for a junction), or another way
 * to give a physical one (the volume V instead of the diameter d): it fixes the parameter `sets`.
 */
export interface PresetReducedParameter {
  readonly name: string;
  readonly symbol: string;
  readonly description: string;
  /** What it measures; default dimensionless (a reduced parameter). */
  readonly kind?: QuantityKind;
  /** The physical parameter that a given value of this one fixes. */
  readonly sets: string;
}

/** Everything a page needs to build a card and sliders: plain, serialisable data. */
export interface PresetInfo {
  readonly name: string;
  readonly title: string;
  readonly field: string;
  /** One line. */
  readonly summary: string;
  /** A paragraph of context. */
  readonly context: string;
  /** Sources of the model and of the classic numbers (authors, journal, year). */
  readonly references: readonly string[];
  readonly parameters: readonly PresetParameter[];
  readonly reducedParameters: readonly PresetReducedParameter[];
}

/** Resolved parameter values, in SI (dimensionless ones as plain numbers). */
export type PresetValues = Readonly<Record<string, number>>;

/** The unitless escape problem behind a preset, ready for `rate`, `analyze`, `spectrum`. */
export interface ReducedProblem {
  /** U(x) in reduced units (energy unit and length unit of `units`). */
  readonly potential: string;
  readonly parameters: Readonly<Record<string, number>>;
  /** Noise intensity k_BT in reduced energy units. */
  readonly D: number;
  /** Friction γ in reduced units (1 for overdamped units). */
  readonly gamma: number;
  /** Mass in reduced units (enters TST and ω); absent where only overdamped motion is modelled. */
  readonly mass?: number;
  readonly domain?: { readonly min: number; readonly max: number };
  /** Start well and target, as for `rate` (default: well 0 to its first neighbour). */
  readonly from?: number;
  readonly to?: number | '-inf' | '+inf';
  readonly units: ReducedUnits;
  /** What x is, physically (`reaction coordinate in units of a`). */
  readonly coordinate: string;
}

/** One physical answer, with its unit. */
export interface PresetResult {
  readonly name: string;
  readonly label: string;
  /** Value in `unit` (not SI). */
  readonly value: number;
  readonly unit: string;
  /** Value and unit as printed, e.g. `1.23 ms`. */
  readonly text: string;
  /** Which route produced it and how good it is. */
  readonly method?: string;
}

/** A scan over one parameter; each column says its unit. */
export interface PresetTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly number[])[];
}

/** What a preset's own physics returns (the facade adds the problem and the command line). */
export interface PresetOutcome {
  readonly results: readonly PresetResult[];
  readonly tables: readonly PresetTable[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/** Rates of a reduced problem, from the routes of the library (reduced units). */
export interface EscapeNumbers {
  readonly deltaU: number;
  readonly wellCurvature: number;
  readonly barrierCurvature: number;
  /** Overdamped Kramers k (reduced 1/time), ln k. */
  readonly kramers: number;
  readonly logKramers: number;
  /** Exact overdamped 1/MFPT well bottom → target, its log, relative error. */
  readonly exact: number;
  readonly logExact: number;
  readonly exactRelativeError: number;
  readonly warnings: readonly string[];
}

/**
 * The library's routes, handed to a preset by the facade: presets live in units/ (layer L2) and
 * may not import the rate theories or solvers above them, so these come in as functions.
 */
export interface EscapeTools {
  /** Exact and Kramers overdamped escape on a reduced problem (overriding `parameters`). */
  escape(problem: ReducedProblem, parameters?: Readonly<Record<string, number>>): EscapeNumbers;
  /**
   * λ1·τ_N of Brown's axially symmetric Fokker-Planck equation for the uniaxial potential
   * −σ cos²θ (the exact inverse relaxation time in units of the free diffusion time τ_N).
   */
  uniaxialEigenvalue(sigma: number): { readonly value: number; readonly relativeError: number };
  /**
   * Variance and lag-1 autocorrelation of a simulated series sampled every `lag` (reduced time)
   * in the start well of a reduced overdamped problem, with standard errors (fixed seed).
   */
  /**
   * Mel'nikov–Meshkov depopulation factor A(Δ) for escape into a sink with energy loss Δ (in
   * units of k_BT) per oscillation at the barrier energy: the weak-friction correction to the
   * spatial-diffusion rate (A → 1 at strong friction).
   */
  depopulationFactor(energyLoss: number): number;
  indicators(
    problem: ReducedProblem,
    options: { readonly lag: number; readonly samples?: number; readonly seed?: number },
  ): IndicatorNumbers;
}

/** Simulated early-warning indicators with their standard errors. */
export interface IndicatorNumbers {
  readonly variance: number;
  readonly varianceError: number;
  readonly autocorrelation: number;
  readonly autocorrelationError: number;
  readonly samples: number;
  /** Barrier crossings during the run (the walker was put back: the series is pre-collapse). */
  readonly restarts: number;
  readonly dt: number;
}

/** A preset: its data, how it builds the reduced problem, and its field's answers. */
export interface Preset extends PresetInfo {
  /** Applies a reduced parameter (e.g. sigma) to the physical values: returns new values. */
  readonly applyReduced?: (values: PresetValues, name: string, value: number) => PresetValues;
  readonly build: (values: PresetValues) => ReducedProblem;
  readonly evaluate: (values: PresetValues, tools: EscapeTools) => PresetOutcome;
}
