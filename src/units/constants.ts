/**
 * Physical constants in SI. The first four are exact by definition since the 2019 redefinition
 * of the SI (CODATA 2018: Tiesinga, Mohr, Newell & Taylor, Rev. Mod. Phys. 93, 025010, 2021);
 * the others are CODATA 2018 recommended values with their uncertainty noted.
 */

/** Boltzmann constant k_B (J/K), exact. */
export const BOLTZMANN = 1.380649e-23;
/** Avogadro constant N_A (1/mol), exact. */
export const AVOGADRO = 6.02214076e23;
/** Elementary charge e (C), exact. */
export const ELEMENTARY_CHARGE = 1.602176634e-19;
/** Planck constant h (J s), exact. */
export const PLANCK = 6.62607015e-34;

/** Molar gas constant R = N_A k_B (J/(mol K)), exact as a product of exact constants. */
export const GAS_CONSTANT = AVOGADRO * BOLTZMANN;
/** Reduced Planck constant ħ = h/2π (J s), exact (π aside). */
export const HBAR = PLANCK / (2 * Math.PI);
/** Magnetic flux quantum Φ0 = h/(2e) (Wb), exact. */
export const FLUX_QUANTUM = PLANCK / (2 * ELEMENTARY_CHARGE);
/** Thermochemical calorie (J), exact by definition (4.184 J). */
export const CALORIE = 4.184;

/** Vacuum magnetic permeability μ0 (N/A²), CODATA 2018, relative uncertainty 1.5e-10. */
export const VACUUM_PERMEABILITY = 1.25663706212e-6;
/** Atomic mass constant, 1 Da (kg), CODATA 2018, relative uncertainty 3.0e-10. */
export const DALTON = 1.6605390666e-27;
/** Electron gyromagnetic ratio |γ_e| (rad/(s T)), CODATA 2018, relative uncertainty 3.0e-10. */
export const ELECTRON_GYROMAGNETIC_RATIO = 1.76085963023e11;

/** Seconds in a day and in a Julian year (365.25 d, the IAU year), exact. */
export const DAY = 86400;
export const JULIAN_YEAR = 365.25 * DAY;
