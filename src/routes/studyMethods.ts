import type { MethodInfo } from './info.js';

/**
 * Methods that estimate something other than one escape rate, used by the studies of a driven
 * landscape: rupture forces under a ramp (pull) and the response to a periodic drive (resonance).
 * They sit in the catalogue beside the routes, so that their plots and panels read one label and
 * one colour too. Their exact and simulated columns are the `exact` and `simulation` routes.
 */
export const STUDY_METHODS: readonly MethodInfo[] = [
  {
    key: 'bellEvans',
    label: 'Bell–Evans',
    short: 'Bell–Evans',
    definition:
      'rupture-force statistics under a force ramp from k(F) = k0 e^{F x‡/k_BT} (the barrier lowered linearly, its position fixed)',
    regime: 'F well below the critical force; ΔG‡/k_BT ≫ 1; quasi-static ramp',
    reference: 'Bell, Science 200, 618 (1978); Evans & Ritchie, Biophys. J. 72, 1541 (1997)',
    dynamics: 'overdamped',
    kind: 'closed form',
    colour: '#1098ad',
  },
  {
    key: 'dhs',
    label: 'Dudko–Hummer–Szabo',
    short: 'DHS',
    definition:
      'rupture-force statistics from k(F) = k0 (1 − νFx‡/ΔG‡)^{1/ν−1} e^{βΔG‡[1 − (1 − νFx‡/ΔG‡)^{1/ν}]}: ν = 1/2 cusp, 2/3 linear-cubic',
    regime: 'ΔG‡/k_BT ≫ 1 at the rupture force; the model potential (ν) must fit the bond',
    reference: 'Dudko, Hummer & Szabo, Phys. Rev. Lett. 96, 108101 (2006)',
    dynamics: 'overdamped',
    kind: 'closed form',
    colour: '#9c36b5',
  },
  {
    key: 'twoState',
    label: 'two-state theory',
    short: 'two-state',
    definition:
      'spectral amplification and SNR of a two-state hopping process with Kramers rates modulated by the drive',
    regime: 'two wells, ΔU/D ≫ 1, drive slow against intrawell relaxation, A ≪ A_c',
    reference: 'McNamara & Wiesenfeld, Phys. Rev. A 39, 4854 (1989)',
    dynamics: 'overdamped',
    kind: 'closed form',
    colour: '#fab005',
  },
  {
    key: 'linearResponse',
    label: 'linear response (Fokker–Planck modes)',
    short: 'linear response',
    definition:
      'spectral amplification and SNR to first order in the drive amplitude from the Fokker–Planck eigenmodes (intrawell motion included)',
    regime: 'any noise, first order in A (A·|Δφ| ≪ D); error from the modes left out, reported',
    reference:
      'Jung & Hänggi, Phys. Rev. A 44, 8032 (1991); Gammaitoni et al., Rev. Mod. Phys. 70, 223 (1998)',
    dynamics: 'overdamped',
    kind: 'exact',
    colour: '#0b7285',
  },
];
