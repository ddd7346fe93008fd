import type { RetCode } from '../core/index.js';
import type { QuantityKind, ReducedUnits } from '../units/index.js';

/** An interval of allowed values; a missing bound is unbounded. */
export interface ParameterDomain {
  readonly min?: number;
  readonly max?: number;
  /** The bound itself is excluded (a temperature > 0, not ≥ 0). */
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

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
  /**
   * The values the model is defined for, in `unit`: checked where the settings come in, so a
   * negative time or a zero temperature is a KramersError naming the parameter, not a blank
   * result. Wider than `range` (a slider's).
   */
  readonly domain: ParameterDomain;
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

/**
 * The reduced problem of a preset driven by a drift in two coordinates (no potential): the field,
 * its box, the passage and the walkers' settings, as `kramers simulate --drift` takes them.
 */
export interface ReducedDrift {
  /** One expression per coordinate, e.g. `a/(1 + v^2) - u, a/(1 + u^2) - v`. */
  readonly drift: string;
  readonly coordinates: readonly string[];
  readonly domain: readonly { readonly min: number; readonly max: number }[];
  /** Start: a stable fixed point's index (as `analyze --drift` lists them). */
  readonly from: number;
  /** Target: the core of this stable point, or the region `toRegion`. */
  readonly to?: number;
  readonly toRegion?: string;
  readonly walkers: number;
  readonly seed: number;
  readonly dt: number;
  /** Censoring time; absent when the escape is too slow to simulate (no finite cap). */
  readonly tMax?: number;
}

/** The unitless escape problem behind a preset, ready for `rate`, `analyze`, `spectrum`. */
export interface ReducedProblem {
  /**
   * U(x) in reduced units (energy unit and length unit of `units`); empty for a preset driven by
   * a drift, whose field is `drift`.
   */
  readonly potential: string;
  /** A drift field in two coordinates instead of U(x) (non-gradient escape, issue 16). */
  readonly drift?: ReducedDrift;
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
  /**
   * Value in `unit` (not SI): finite, or null where it does not exist (a route that did not
   * converge or does not apply: `text` is —, `method` or a warning says why) or leaves double
   * range (then `log10Value` carries it).
   */
  readonly value: number | null;
  /**
   * log₁₀ of the value in `unit`, present only where the value leaves double range (a rate
   * e^{−2500}: `value` null, `log10Value` −1085.7, `text` `2.4e-1086 1/s`).
   */
  readonly log10Value?: number;
  readonly unit: string;
  /** Value and unit as printed, e.g. `1.23 ms` or `2.4e+1086 yr`. */
  readonly text: string;
  /** Which route produced it and how good it is. */
  readonly method?: string;
}

/** A scan over one parameter; each column says its unit. */
export interface PresetTable {
  readonly title: string;
  readonly columns: readonly string[];
  /** Cells: finite, or null where the value does not exist or leaves double range. */
  readonly rows: readonly (readonly (number | null)[])[];
  /**
   * Present only when some cell leaves double range: log₁₀ of every positive cell known by its
   * log (null elsewhere), as `log10Value` for a result.
   */
  readonly log10Rows?: readonly (readonly (number | null)[])[];
}

/** What a preset's own physics returns (`runPreset` adds the problem and the command line). */
export interface PresetOutcome {
  /** The worst outcome of the routes behind the answers (`success` for closed forms only). */
  readonly retcode: RetCode;
  readonly results: readonly PresetResult[];
  readonly tables: readonly PresetTable[];
  readonly notes: readonly string[];
  readonly warnings: readonly string[];
}

/** A preset: its data, how it builds the reduced problem, and its field's answers. */
export interface Preset extends PresetInfo {
  /** Applies a reduced parameter (e.g. sigma) to the physical values: returns new values. */
  readonly applyReduced?: (values: PresetValues, name: string, value: number) => PresetValues;
  readonly build: (values: PresetValues) => ReducedProblem;
  readonly evaluate: (values: PresetValues) => PresetOutcome;
}
