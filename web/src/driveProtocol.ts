/** Messages between the page and its drive workers (plain serialisable data). */
import type { MethodKey, ResonanceMaximum, ResonanceMaximumNote, ResonanceRow } from 'kramers';
import type { LabProblem } from './protocol.js';
import type { DriveSettings } from './state.js';
import type { ErrorReply } from './workerProtocol.js';

/** One row of the SR scan and a maximum, exactly as the library returns them. */
export type SrRow = ResonanceRow;
export type SrMaximum = ResonanceMaximum;

/** What depends on the current D: the rocking landscape, Γ(t) and the SR values at this D. */
export interface DriveLocal {
  /** Plot grid with U₀(x) and φ(x) on it (the page draws U₀ − A φ cos Ωt for any phase). */
  readonly x: number[];
  readonly U0: number[];
  readonly phi: number[];
  readonly tex: string | null;
  readonly criticalAmplitude: number | null;
  readonly quasi: {
    readonly period: number;
    readonly t: number[];
    /** Catalogue keys of the quasi-static methods. */
    readonly methods: MethodKey[];
    readonly rates: (number | null)[][];
    readonly periodAverage: Record<string, number | null>;
    readonly erasedFraction: number;
    readonly adiabaticity: {
      readonly intrawellRelaxationTime: number;
      readonly ratio: number;
      readonly adiabatic: boolean;
    };
    readonly warnings: string[];
  } | null;
  readonly quasiError: string | null;
  /** The library's SR row at exactly the current D (theories only); null with `atDError`. */
  readonly atD: SrRow | null;
  readonly atDError: string | null;
  readonly warnings: string[];
  readonly computeMs: number;
}

/** The SR curves over the default noise range (independent of the current D). */
export interface DriveTheory {
  readonly rows: SrRow[];
  readonly maximum: { readonly twoState?: SrMaximum; readonly linearResponse?: SrMaximum };
  /** Why a theory curve has no maximum (its largest η at an end of the range), as the library says. */
  readonly maximumNote: Pick<ResonanceMaximumNote, 'twoState' | 'linearResponse'>;
  readonly criticalAmplitude: number | null;
  readonly warnings: string[];
  readonly computeMs: number;
}

/** Sampled paths at the current D (the walkers drawn on the rocking landscape). */
export interface DriveWalkers {
  readonly D: number;
  readonly period: number;
  readonly samplesPerPeriod: number;
  /** x of each walker, sample k at t = (k + 1)·period/samplesPerPeriod. */
  readonly x: number[][];
}

export interface DriveRunSummary {
  readonly retcode: string;
  readonly maximum: { readonly simulated?: SrMaximum };
  readonly simulation?: { readonly dt: number; readonly samplesPerPeriod: number };
  readonly warnings: string[];
}

export type DriveRequest =
  | {
      readonly id: number;
      readonly kind: 'local' | 'theory' | 'run' | 'walkers';
      readonly problem: LabProblem;
      readonly drive: DriveSettings;
      /** Web Workers for the run's trajectories. */
      readonly workers?: number;
    }
  | { readonly id: number; readonly kind: 'abort' };

export type DriveReply =
  | { readonly id: number; readonly kind: 'local'; readonly result: DriveLocal }
  | { readonly id: number; readonly kind: 'theory'; readonly result: DriveTheory }
  | { readonly id: number; readonly kind: 'walkers'; readonly result: DriveWalkers }
  | { readonly id: number; readonly kind: 'row'; readonly index: number; readonly row: SrRow }
  | {
      readonly id: number;
      readonly kind: 'progress';
      readonly done: number;
      readonly total: number;
    }
  | { readonly id: number; readonly kind: 'done'; readonly result: DriveRunSummary }
  | ErrorReply;
