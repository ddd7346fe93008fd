/*
 * Vectorised C reference for bench/simulation.mjs: overdamped Euler–Maruyama first passage with
 * LANES walkers in lock step, laid out as arrays (structure of arrays) so that gcc -O3 vectorises
 * the generator, the ziggurat's fast path (a gather from the layer table) and the update. The same
 * case, generator, per-walker seeding and ziggurat as bench/langevin.c; the rare slow path
 * (≈1.2% of draws) runs lane by lane. Lanes take walkers in index order, as our WebAssembly engine
 * does; a lane whose walker is absorbed takes the next one, and idle lanes at the end keep
 * stepping (their steps are not counted, as ours).
 *
 *   gcc -O3 -march=native -o /tmp/langevin_block bench/langevin_block.c -lm
 *   /tmp/langevin_block WALKERS [D gamma dt tMax seed]
 *
 * Prints one JSON line: {"scheme", "walkers", "steps", "seconds", "mfpt", "censored"}; seconds
 * are CPU time of the process.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define LAYERS 128
#define LANES 16
static const double ZR = 3.442619855899;
static const double ZV = 9.91256303526217e-3;
static const double SCALE = 16777216.0; /* 2^24 */
static int32_t kn[LAYERS];
static double wn[LAYERS], fn[LAYERS];

static void zigset(void) {
  double dn = ZR, tn = ZR, q = ZV / exp(-0.5 * dn * dn);
  kn[0] = (int32_t)floor((dn / q) * SCALE);
  kn[1] = 0;
  wn[0] = q / SCALE;
  wn[LAYERS - 1] = dn / SCALE;
  fn[0] = 1.0;
  fn[LAYERS - 1] = exp(-0.5 * dn * dn);
  for (int i = LAYERS - 2; i >= 1; i--) {
    dn = sqrt(-2.0 * log(ZV / dn + exp(-0.5 * dn * dn)));
    kn[i + 1] = (int32_t)floor((dn / tn) * SCALE);
    tn = dn;
    fn[i] = exp(-0.5 * dn * dn);
    wn[i] = dn / SCALE;
  }
}

static uint32_t S0[LANES], S1[LANES], S2[LANES], S3[LANES];

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

/* One xoshiro128** step of lane l (the slow path's scalar draws). */
static inline uint32_t next_lane(int l) {
  const uint32_t result = rotl(S1[l] * 5, 7) * 9;
  const uint32_t t = S1[l] << 9;
  S2[l] ^= S0[l];
  S3[l] ^= S1[l];
  S1[l] ^= S2[l];
  S0[l] ^= S3[l];
  S2[l] ^= t;
  S3[l] = rotl(S3[l], 11);
  return result;
}

static inline double open_uniform(int l) { return ((double)next_lane(l) + 0.5) * 0x1p-32; }

static double zig_slow(int l, int32_t u) {
  for (;;) {
    int iz = u & 127;
    int32_t j = u >> 7;
    double x = j * wn[iz];
    if (iz == 0) {
      double y;
      do {
        x = -log(open_uniform(l)) / ZR;
        y = -log(open_uniform(l));
      } while (y + y < x * x);
      return j > 0 ? ZR + x : -ZR - x;
    }
    if (fn[iz] + open_uniform(l) * (fn[iz - 1] - fn[iz]) < exp(-0.5 * x * x)) return x;
    u = (int32_t)next_lane(l);
    int iz2 = u & 127;
    int32_t j2 = u >> 7;
    if ((j2 < 0 ? -j2 : j2) < kn[iz2]) return j2 * wn[iz2];
  }
}

static uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352dU;
  x ^= x >> 15;
  x *= 0x846ca68bU;
  x ^= x >> 16;
  return x;
}

/* Same per-walker seeding as deriveStreamSeed in src/simulation/rng.ts. */
static void seed_lane(int l, uint32_t seed, uint32_t walker) {
  uint32_t s[4];
  for (uint32_t k = 0; k < 4; k++) {
    uint32_t key = mix32(seed ^ ((k + 1) * 0x9e3779b9U));
    s[k] = mix32(mix32(key ^ walker) + k * 0x632be5abU);
  }
  if ((s[0] | s[1] | s[2] | s[3]) == 0) s[0] = 1;
  S0[l] = s[0];
  S1[l] = s[1];
  S2[l] = s[2];
  S3[l] = s[3];
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s WALKERS [D gamma dt tMax seed]\n", argv[0]);
    return 2;
  }
  const long walkers = atol(argv[1]);
  const double D = argc > 2 ? atof(argv[2]) : 0.25;
  const double gamma = argc > 3 ? atof(argv[3]) : 1.0;
  const double dt = argc > 4 ? atof(argv[4]) : 1e-3;
  const double tMax = argc > 5 ? atof(argv[5]) : 1e4;
  const uint32_t seed = argc > 6 ? (uint32_t)strtoul(argv[6], NULL, 10) : 1;
  const double x0 = -1.0, above = 1.0;
  const double nMax = ceil(tMax / dt);
  const double a = dt / gamma, b = sqrt(2.0 * D * dt / gamma);
  zigset();

  double x[LANES], f[LANES], n[LANES], g[LANES];
  int32_t u[LANES];
  int ok[LANES], hit[LANES];
  long walker[LANES];
  long next = 0, finished = 0, censored = 0;
  long long steps = 0;
  double sum = 0;
  for (int l = 0; l < LANES; l++) {
    walker[l] = next < walkers ? next++ : -1;
    seed_lane(l, seed, (uint32_t)(walker[l] < 0 ? 0 : walker[l]));
    x[l] = x0;
    f[l] = x0 * x0 * x0 - x0;
    n[l] = 0;
  }

  struct timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  while (finished < walkers) {
    int any_slow = 0, any_hit = 0;
    for (int l = 0; l < LANES; l++) {
      const uint32_t result = rotl(S1[l] * 5, 7) * 9;
      const uint32_t t = S1[l] << 9;
      S2[l] ^= S0[l];
      S3[l] ^= S1[l];
      S1[l] ^= S2[l];
      S0[l] ^= S3[l];
      S2[l] ^= t;
      S3[l] = rotl(S3[l], 11);
      u[l] = (int32_t)result;
    }
    for (int l = 0; l < LANES; l++) {
      const int iz = u[l] & 127;
      const int32_t j = u[l] >> 7;
      ok[l] = (j < 0 ? -j : j) < kn[iz];
      g[l] = j * wn[iz];
      any_slow |= !ok[l];
    }
    if (any_slow)
      for (int l = 0; l < LANES; l++)
        if (!ok[l]) g[l] = zig_slow(l, u[l]);
    for (int l = 0; l < LANES; l++) {
      x[l] = x[l] - a * f[l] + b * g[l];
      f[l] = x[l] * x[l] * x[l] - x[l];
      n[l] += 1;
      hit[l] = (x[l] >= above) | (n[l] >= nMax);
      any_hit |= hit[l];
    }
    if (!any_hit) continue;
    for (int l = 0; l < LANES; l++) {
      if (!hit[l]) continue;
      if (walker[l] >= 0) {
        steps += (long long)n[l];
        if (x[l] >= above) sum += n[l] * dt;
        else censored++;
        finished++;
      }
      walker[l] = next < walkers ? next++ : -1;
      seed_lane(l, seed, (uint32_t)(walker[l] < 0 ? 0 : walker[l]));
      x[l] = x0;
      f[l] = x0 * x0 * x0 - x0;
      n[l] = walker[l] < 0 ? -1e300 : 0; /* an idle lane never reaches nMax */
    }
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  const double seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  const long done = walkers - censored;
  printf("{\"scheme\":\"euler-maruyama (vectorised, %d lanes)\",\"walkers\":%ld,\"steps\":%lld,"
         "\"seconds\":%.6f,\"mfpt\":%.6g,\"censored\":%ld}\n",
         LANES, walkers, steps, seconds, done ? sum / done : NAN, censored);
  return 0;
}
