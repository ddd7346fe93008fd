/** Plain triple loop, A (n×m) times B (m×l): the independent route for the blocked kernels. */
export function product(A: Float64Array, B: Float64Array, n: number, m: number, l: number) {
  const out = new Float64Array(n * l);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < l; j++) {
      let s = 0;
      for (let q = 0; q < m; q++) s += A[i * m + q]! * B[q * l + j]!;
      out[i * l + j] = s;
    }
  return out;
}
