import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METHODS,
  exactMethodOf,
  isKramersError,
  methodInfo,
  parseSweepSpec,
  REFERENCE_METHOD,
  rate as rateOf,
  recordOf,
  type SweepRecord,
  SweepTally,
  sweepPoint,
  sweepPoints,
  sweepReportOf,
  sweepRunReport,
} from '../../src/index.js';

const SPEC = parseSweepSpec({
  command: 'rate',
  options: { method: 'exact' },
  axes: { D: [0.3, 0.1, 0.2], gamma: [2, 1] },
});

/** A record as a store holds it, with a report of the `rate --json` shape. */
function record(index: number, report: unknown, retcode = 'success'): SweepRecord {
  const point = sweepPoint(SPEC, 'v', index);
  return {
    ...recordOf(point, { report, exit: 0, seconds: 0.1, stderr: '', host: 'h' }, [])!,
    retcode,
  };
}
const rate = (k: number) => ({ retcode: 'success', methods: { exact: { rate: k } } });

describe('recordOf and SweepTally', () => {
  it('stores a report once per key; an internal failure is no record', () => {
    const point = sweepPoint(SPEC, 'v', 0);
    const outcome = { report: rate(1), exit: 0, seconds: 0.123456, stderr: '', host: 'h' };
    const made = recordOf(point, outcome, ['--workers=1'])!;
    expect(made).toMatchObject({ key: point.key, retcode: 'success', seconds: 0.1235 });
    expect(made.args).toEqual([...point.args, '--workers=1']);
    expect(recordOf(point, { ...outcome, exit: 1 }, [])).toBeNull();
    expect(recordOf(point, { ...outcome, report: null }, [])).toBeNull();
    // Bad input is a stored result: the command's { error } object, retcode 'error'.
    expect(recordOf(point, { ...outcome, report: { error: {} }, exit: 2 }, [])!.retcode).toBe(
      'error',
    );
    const keys = new Set<string>();
    const sink = {
      add: (r: SweepRecord) => {
        if (keys.has(r.key)) return false;
        keys.add(r.key);
        return true;
      },
    };
    const tally = new SweepTally();
    tally.store(sink, made);
    tally.store(sink, made);
    expect([tally.computed, tally.duplicates, tally.retcodes]).toEqual([1, 1, { success: 1 }]);
  });
});

describe('sweepRunReport', () => {
  const run = (
    shard: [number, number],
    pending: number,
    tally: SweepTally,
    stopped: string | null = null,
  ) =>
    sweepRunReport({
      command: ['rate'],
      total: 6,
      shard,
      pending,
      tally,
      stopped,
      out: 'o',
      stored: 0,
    });

  it("counts a shard's points as sweepPoints enumerates them", () => {
    for (const n of [1, 2, 4, 7]) {
      for (let i = 0; i < n; i++) {
        const enumerated = [...sweepPoints(SPEC, 'v', [i, n])].length;
        expect(run([i, n], 0, new SweepTally()).points, `${i}/${n}`).toBe(enumerated);
      }
    }
  });

  it('succeeds only when every pending point is stored; a stop or a failure is interrupted', () => {
    const tally = new SweepTally();
    const sink = { add: () => true };
    tally.store(sink, record(0, rate(1)));
    tally.store(sink, record(1, { error: {} }, 'error'));
    const done = run([0, 1], 2, tally);
    expect(done).toMatchObject({ retcode: 'success', alreadyDone: 4, computed: 2 });
    expect(done.warnings).toEqual([
      '1 point did not succeed (error: 1): kramers sweep report o marks them',
    ]);
    expect(run([0, 1], 3, tally).retcode).toBe('interrupted');
    expect(run([0, 1], 2, tally, 'stopped by Ctrl-C').warnings.at(-1)).toBe('stopped by Ctrl-C');
    tally.fail(sweepPoint(SPEC, 'v', 2), 'boom\n');
    expect(run([0, 1], 3, tally).warnings[1]).toMatch(/1 point failed inside kramers .*: boom$/);
  });
});

describe('sweepReportOf', () => {
  it('sorts by the axes as numbers, picks the rate, marks failed and non-finite points', () => {
    const records = [0, 1, 2, 3, 4, 5].map((i) => record(i, rate(i === 3 ? Number.NaN : 10 + i)));
    records[5] = record(5, rate(15), 'not_converged');
    const report = sweepReportOf([...records, records[0]!]);
    expect(report.quantity).toBe('methods.exact.rate');
    expect(report.axes).toEqual(['D', 'gamma']);
    // D 0.1 < 0.2 < 0.3 numerically; gamma 1 < 2 within each.
    expect(report.points.map((p) => [p.inputs['D'], p.inputs['gamma']])).toEqual([
      [0.1, 1],
      [0.1, 2],
      [0.2, 1],
      [0.2, 2],
      [0.3, 1],
      [0.3, 2],
    ]);
    const failed = report.points.filter((p) => p.failed).map((p) => p.key);
    expect(failed.sort()).toEqual([records[3]!.key, records[5]!.key].sort());
    expect(report.warnings).toEqual([
      '1 records repeat a key already read; the first of each is used',
      '2 of 6 points failed or have no methods.exact.rate: marked ✗',
    ]);
  });

  it('takes any dotted path, and refuses a report with no number to show', () => {
    const report = sweepReportOf([record(0, { rows: [{ rate: 3 }] })], 'rows.0.rate');
    expect(report.points[0]!.value).toBe(3);
    try {
      sweepReportOf([record(0, { text: 'x' })]);
      expect.unreachable();
    } catch (error) {
      expect(isKramersError(error) && error.code).toBe('usage');
    }
  });

  it('sorts values written as text by what they are worth: numbers by value, units by the hook', () => {
    const spec = parseSweepSpec({
      command: 'rate',
      axes: { 'param.T': ['300K', '0.2', 'abc', '300mK', '1e-1', '0.5K', 1] },
    });
    const records = [...sweepPoints(spec, 'v')].map(
      (p) => recordOf(p, { report: rate(1), exit: 0, seconds: 0, stderr: '', host: 'h' }, [])!,
    );
    const order = (r: ReturnType<typeof sweepReportOf>) => r.points.map((p) => p.inputs['param.T']);
    // Default: plain numbers by value (kind ''), first; everything else after, as text.
    const plain = sweepReportOf(records);
    expect(order(plain)).toEqual(['1e-1', '0.2', 1, '0.5K', '300K', '300mK', 'abc']);
    // A unit-aware hook (a toy: mK and K only, the CLI passes parseQuantity): kelvin by value.
    const kelvin = (t: string) => {
      const m = /^([\d.e+-]+)(m?)K$/.exec(t);
      return m ? { value: Number(m[1]) * (m[2] ? 1e-3 : 1), kind: 'K' } : undefined;
    };
    const hooked = sweepReportOf([...records].reverse(), undefined, kelvin);
    expect(order(hooked)).toEqual([1, '300mK', '0.5K', '300K', '0.2', '1e-1', 'abc']);
    // A total order: the same whatever order the records come in.
    const shuffled = [3, 0, 6, 2, 5, 1, 4].map((i) => records[i]!);
    expect(order(sweepReportOf(shuffled, undefined, kelvin))).toEqual(order(hooked));
  });
});

describe('sweepReportOf: the default quantity', () => {
  /** A `rate --json` report with every default route, the exact one's rate given apart. */
  const full = (dynamics: 'overdamped' | 'underdamped', k: number, exact: number | null) => ({
    retcode: 'success',
    dynamics,
    methods: Object.fromEntries(
      DEFAULT_METHODS[dynamics].map((m) => [
        m,
        { rate: m === REFERENCE_METHOD[dynamics] ? exact : k },
      ]),
    ),
  });

  it("is the exact route's rate, the column rate tables compare against, not the first method's", () => {
    // The reference is named by REFERENCE_METHOD and is the catalogue's 'exact' kind; the first
    // key (kramers overdamped, tst underdamped) used to be chosen: F9 of audit S.
    for (const dynamics of ['overdamped', 'underdamped'] as const) {
      const reference = REFERENCE_METHOD[dynamics];
      expect(methodInfo(reference)!.kind).toBe('exact');
      expect(DEFAULT_METHODS[dynamics][0]).not.toBe(reference);
      const records = [0, 1, 2].map((i) => record(i, full(dynamics, 1 + i, 10 + i)));
      const report = sweepReportOf(records, undefined, undefined, exactMethodOf);
      expect(report.quantity).toBe(`methods.${reference}.rate`);
      expect(report.points.map((p) => p.value).sort()).toEqual([10, 11, 12]);
      // Without the catalogue (sweeps know no commands) the first method's rate, as before.
      expect(sweepReportOf(records).quantity).toBe(`methods.${DEFAULT_METHODS[dynamics][0]}.rate`);
    }
  });

  it('keeps the exact route when one point lacks its rate, and falls back when none has one', () => {
    // The first stored point's exact rate failed (null in JSON): the others still have it, so
    // the report stays on the exact rate and marks that point failed.
    const records = [0, 1, 2].map((i) => record(i, full('overdamped', 1, i === 0 ? null : 5)));
    const report = sweepReportOf(records, undefined, undefined, exactMethodOf);
    expect(report.quantity).toBe('methods.exact.rate');
    expect(report.points.filter((p) => p.failed)).toHaveLength(1);
    // No exact route among the methods asked for: the first method's rate.
    const closed = { methods: { kramers: { rate: 1 }, corrected: { rate: 2 } } };
    const only = [0, 1].map((i) => record(i, { dynamics: 'overdamped', ...closed }));
    expect(sweepReportOf(only, undefined, undefined, exactMethodOf).quantity).toBe(
      'methods.kramers.rate',
    );
    // A report's own `rate` comes first still (a preset, an ND report).
    const own = [0, 1].map((i) => record(i, { rate: 3, ...full('overdamped', 1, 5) }));
    expect(sweepReportOf(own, undefined, undefined, exactMethodOf).quantity).toBe('rate');
  });

  it('exactMethodOf reads a real rate report, stored as JSON', async () => {
    const problem = { potential: 'x^4/4 - x^2/2', D: 0.1 };
    const over = JSON.parse(JSON.stringify(await rateOf(problem)));
    expect(Object.keys(over.methods)[0]).toBe('kramers');
    expect(exactMethodOf(over)).toBe('exact');
    // Asked for spectral and Kramers only: the spectral route is the exact one there.
    const some = await rateOf({ ...problem, methods: ['kramers', 'spectral'] });
    expect(exactMethodOf(JSON.parse(JSON.stringify(some)))).toBe('spectral');
    expect(exactMethodOf(null)).toBeNull();
    expect(exactMethodOf({ methods: 3 })).toBeNull();
  });
});
