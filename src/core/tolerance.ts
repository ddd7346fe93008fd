/**
 * A relative error that missed its tolerance, with as many digits as show it above (2 to 17): at
 * two digits 1.003e-4 printed as 0.00010 and read "0.00010, not the tolerance 0.0001", and
 * 1.03e-13 as "estimated relative error 1e-13 is above the tolerance 1e-13".
 */
export function aboveTolerance(error: number, tolerance: number): string {
  let digits = 2;
  while (digits < 17 && Number(error.toPrecision(digits)) <= tolerance) digits++;
  return String(Number(error.toPrecision(digits)));
}
