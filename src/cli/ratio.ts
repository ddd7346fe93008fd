import type { Command } from 'commander';
import { KramersError, rateRatioForBarrierChange, rateRatioForNoiseChange } from '../index.js';
import { formatFromLog, formatNumber } from './format.js';
import { type CliIO, EXIT_SUCCESS, numberOption, toJson } from './options.js';

/** `kramers ratio`: the rate change for a change of noise or of barrier (the seed's example). */
/**
 * The two forms do not mix: an option of the other form would be silently dropped (`--deltaU 20
 * --D0 1 --D1 2 --deltaU0 3` answered the noise change alone). A barrier height is ≥ 0: ΔU < 0 is
 * no barrier (the state is not metastable, and no Arrhenius factor describes its decay).
 */
function requireOneForm(
  noise: Record<string, number | undefined>,
  barrier: Record<string, number | undefined>,
): void {
  const given = (form: Record<string, number | undefined>) =>
    Object.keys(form).filter((k) => form[k] !== undefined);
  const [n, b] = [given(noise), given(barrier)];
  if (n.length > 0 && b.length > 0) {
    throw new KramersError(
      'usage',
      `ratio takes one form: ${n.map((k) => `--${k}`).join(', ')} (noise change) and ${b.map((k) => `--${k}`).join(', ')} (barrier change) were both given`,
      { hint: 'e.g. kramers ratio --deltaU 20 --D0 1 --D1 2, or --D 1 --deltaU0 3 --deltaU1 4' },
    );
  }
  for (const name of ['deltaU', 'deltaU0', 'deltaU1']) {
    const value = noise[name] ?? barrier[name];
    if (value !== undefined && value < 0) {
      throw new KramersError(
        'invalid_parameter',
        `--${name} is a barrier height and must be ≥ 0; got ${value} (ΔU < 0 is no barrier: the state is not metastable and no Arrhenius factor describes its decay)`,
        { issues: [{ path: name, message: 'negative barrier' }] },
      );
    }
  }
}

export function registerRatio(program: Command, io: CliIO, setExit: (code: number) => void): void {
  program
    .command('ratio')
    .description(
      'how much a rate changes when the noise (--D0 → --D1) or the barrier (--deltaU0 → --deltaU1) changes',
    )
    .option('--deltaU <ΔU>', 'barrier height (noise-change form)')
    .option('--D0 <D>', 'initial noise intensity')
    .option('--D1 <D>', 'new noise intensity')
    .option('--D <D>', 'noise intensity (barrier-change form)')
    .option('--deltaU0 <ΔU>', 'initial barrier height')
    .option('--deltaU1 <ΔU>', 'new barrier height')
    .option('--json', 'print one JSON object')
    .action((options: Record<string, string | boolean | undefined>) => {
      const get = (name: string) => {
        const v = options[name];
        return typeof v === 'string' ? numberOption(name, v) : undefined;
      };
      const deltaU = get('deltaU');
      const D0 = get('D0');
      const D1 = get('D1');
      const D = get('D');
      const deltaU0 = get('deltaU0');
      const deltaU1 = get('deltaU1');
      requireOneForm({ deltaU, D0, D1 }, { D, deltaU0, deltaU1 });
      let result: Record<string, unknown>;
      let text: string;
      if (deltaU !== undefined && D0 !== undefined && D1 !== undefined && D === undefined) {
        const r = rateRatioForNoiseChange(deltaU, D0, D1);
        result = { kind: 'noise', deltaU, D0, D1, ratio: r.ratio, logRatio: r.logRatio };
        text = `k(D1)/k(D0) = exp(ΔU/D0 − ΔU/D1) = exp(${formatNumber(r.logRatio, 10)}) = ${formatFromLog(r.logRatio, 10)}\n  (ΔU = ${formatNumber(deltaU)}, D0 = ${formatNumber(D0)}, D1 = ${formatNumber(D1)}; exact for a D-independent prefactor: Arrhenius, TST, overdamped Kramers)\n`;
      } else if (
        D !== undefined &&
        deltaU0 !== undefined &&
        deltaU1 !== undefined &&
        deltaU === undefined
      ) {
        const r = rateRatioForBarrierChange(deltaU0, deltaU1, D);
        result = { kind: 'barrier', D, deltaU0, deltaU1, ratio: r.ratio, logRatio: r.logRatio };
        text = `k(ΔU1)/k(ΔU0) = exp(−(ΔU1 − ΔU0)/D) = exp(${formatNumber(r.logRatio, 10)}) = ${formatFromLog(r.logRatio, 10)}\n  (D = ${formatNumber(D)}, ΔU0 = ${formatNumber(deltaU0)}, ΔU1 = ${formatNumber(deltaU1)}; same prefactor assumed)\n`;
      } else {
        throw new KramersError(
          'usage',
          'ratio needs either --deltaU, --D0 and --D1 (noise change) or --D, --deltaU0 and --deltaU1 (barrier change)',
          { hint: 'e.g. kramers ratio --deltaU 20 --D0 1 --D1 2' },
        );
      }
      // A closed form always answers: the report says so like every other (retcode first).
      io.stdout(options.json ? toJson({ retcode: 'success', warnings: [], ...result }) : text);
      setExit(EXIT_SUCCESS);
    });
}
