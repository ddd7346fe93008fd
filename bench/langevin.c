/*
 * C reference for bench/simulation.mjs: the same first-passage loop as our generated kernels.
 * Double well U = x^4/4 - x^2/2 (U' = x^3 - x), start x = -1, absorbed at x >= +1 (samples only,
 * no bridge correction), one walker after another, each on its own xoshiro128** stream, normals
 * by a 128-layer ziggurat (Marsaglia & Tsang 2000, layer and abscissa from disjoint bits as in
 * src/simulation/rng.ts).
 *
 *   gcc -O3 -march=native -o /tmp/langevin bench/langevin.c -lm
 *   /tmp/langevin em|heun|baoab WALKERS [D gamma mass dt tMax seed]
 *
 * Times are CPU time of the process (CLOCK_PROCESS_CPUTIME_ID): the machine may be shared.
 *
 * Prints one JSON line: {"scheme", "walkers", "steps", "seconds", "mfpt", "censored"}.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LAYERS 128
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

typedef struct { uint32_t s[4]; } rng_t;

static inline uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static inline uint32_t next32(rng_t *r) {
  uint32_t *s = r->s;
  const uint32_t result = rotl(s[1] * 5, 7) * 9;
  const uint32_t t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

static inline double open_uniform(rng_t *r) { return ((double)next32(r) + 0.5) * 0x1p-32; }

static double zig_slow(rng_t *r, int32_t u) {
  for (;;) {
    int iz = u & 127;
    int32_t j = u >> 7;
    double x = j * wn[iz];
    if (iz == 0) {
      double y;
      do {
        x = -log(open_uniform(r)) / ZR;
        y = -log(open_uniform(r));
      } while (y + y < x * x);
      return j > 0 ? ZR + x : -ZR - x;
    }
    if (fn[iz] + open_uniform(r) * (fn[iz - 1] - fn[iz]) < exp(-0.5 * x * x)) return x;
    u = (int32_t)next32(r);
    int iz2 = u & 127;
    int32_t j2 = u >> 7;
    if ((j2 < 0 ? -j2 : j2) < kn[iz2]) return j2 * wn[iz2];
  }
}

static inline double normal(rng_t *r) {
  int32_t u = (int32_t)next32(r);
  int iz = u & 127;
  int32_t j = u >> 7;
  if ((j < 0 ? -j : j) < kn[iz]) return j * wn[iz];
  return zig_slow(r, u);
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
static void seed_walker(rng_t *r, uint32_t seed, uint32_t walker) {
  for (uint32_t k = 0; k < 4; k++) {
    uint32_t key = mix32(seed ^ ((k + 1) * 0x9e3779b9U));
    r->s[k] = mix32(mix32(key ^ walker) + k * 0x632be5abU);
  }
  if ((r->s[0] | r->s[1] | r->s[2] | r->s[3]) == 0) r->s[0] = 1;
}

static inline double force(double x) { return x * x * x - x; }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s em|heun|baoab WALKERS [D gamma mass dt tMax seed]\n", argv[0]);
    return 2;
  }
  const int baoab = strcmp(argv[1], "baoab") == 0;
  const int heun = strcmp(argv[1], "heun") == 0;
  const long walkers = atol(argv[2]);
  const double D = argc > 3 ? atof(argv[3]) : 0.25;
  const double gamma = argc > 4 ? atof(argv[4]) : 1.0;
  const double mass = argc > 5 ? atof(argv[5]) : 1.0;
  const double dt = argc > 6 ? atof(argv[6]) : 1e-3;
  const double tMax = argc > 7 ? atof(argv[7]) : 1e4;
  const uint32_t seed = argc > 8 ? (uint32_t)strtoul(argv[8], NULL, 10) : 1;
  const double x0 = -1.0, above = 1.0;
  const long nMax = (long)ceil(tMax / dt);
  zigset();

  struct timespec t0, t1;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
  long long steps = 0;
  double sum = 0;
  long censored = 0;
  for (long w = 0; w < walkers; w++) {
    rng_t r;
    seed_walker(&r, seed, (uint32_t)w);
    double x = x0, f = force(x);
    long n = 0;
    int absorbed = 0;
    if (heun) {
      /* Stochastic Heun as src/simulation/kernel.ts: predictor, then the trapezoidal corrector
         with the same increment; two force evaluations per step. */
      const double a = dt / gamma, half = dt / gamma / 2, b = sqrt(2.0 * D * dt / gamma);
      while (n < nMax) {
        const double g = normal(&r);
        const double xp = x - a * f + b * g;
        const double xn = x - half * (f + force(xp)) + b * g;
        n++;
        x = xn;
        if (xn >= above) { absorbed = 1; break; }
        f = force(x);
      }
    } else if (!baoab) {
      const double a = dt / gamma, b = sqrt(2.0 * D * dt / gamma);
      while (n < nMax) {
        const double xn = x - a * f + b * normal(&r);
        n++;
        x = xn;
        if (xn >= above) { absorbed = 1; break; }
        f = force(x);
      }
    } else {
      const double c1 = exp(-gamma * dt / mass), c2 = sqrt(D / mass * (1.0 - c1 * c1));
      const double kick = dt / (2.0 * mass), drift = dt / 2.0;
      double v = sqrt(D / mass) * normal(&r); /* Maxwellian start velocity, as ours */
      while (n < nMax) {
        const double g = normal(&r);
        v -= kick * f;
        x += drift * v;
        v = c1 * v + c2 * g;
        x += drift * v;
        f = force(x);
        v -= kick * f;
        n++;
        if (x >= above) { absorbed = 1; break; }
      }
    }
    steps += n;
    if (absorbed) sum += n * dt; else censored++;
  }
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
  const double seconds = (t1.tv_sec - t0.tv_sec) + 1e-9 * (t1.tv_nsec - t0.tv_nsec);
  const long done = walkers - censored;
  printf("{\"scheme\":\"%s\",\"walkers\":%ld,\"steps\":%lld,\"seconds\":%.6f,\"mfpt\":%.6g,\"censored\":%ld}\n",
         baoab ? "baoab" : heun ? "heun" : "euler-maruyama", walkers, steps, seconds, done ? sum / done : NAN, censored);
  return 0;
}
