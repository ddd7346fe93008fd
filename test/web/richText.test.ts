import { describe, expect, it } from 'vitest';
import { presetCatalog, runPreset } from '../../src/index.js';
import { PRESETS } from '../../web/src/presets.js';
import { parseRich, plainText, tidyCommand, unitText } from '../../web/src/richText.js';

/** The gallery's text marks (web/src/richText.ts) on the library's own preset texts. */
describe('rich text for the Lab gallery', () => {
  it('reads subscripts, superscripts, code and units', () => {
    expect(parseRich('(1−i)^{3/2}')).toEqual(['(1−i)', { tag: 'sup', parts: ['3/2'] }]);
    expect(parseRich('k_BT')).toEqual(['k', { tag: 'sub', parts: ['B'] }, 'T']);
    expect(parseRich('ω_p0/2π')).toEqual(['ω', { tag: 'sub', parts: ['p0'] }, '/2π']);
    expect(parseRich('T_cr = ħω_p/(2πk_B)')).toEqual([
      'T',
      { tag: 'sub', parts: ['cr'] },
      ' = ħω',
      { tag: 'sub', parts: ['p'] },
      '/(2πk',
      { tag: 'sub', parts: ['B'] },
      ')',
    ]);
    expect(parseRich('e^{−ΔU/k_BT}')).toEqual([
      'e',
      { tag: 'sup', parts: ['−ΔU/k', { tag: 'sub', parts: ['B'] }, 'T'] },
    ]);
    expect(parseRich('×e^10')).toEqual(['×e', { tag: 'sup', parts: ['10'] }]);
    expect(parseRich('`kramers rate` on it')).toEqual([
      { tag: 'code', parts: ['kramers rate'] },
      ' on it',
    ]);
    expect(plainText('9.00733 uA')).toBe('9.00733 µA');
    expect(plainText('R (ohm), η (mPa*s), K (J/m^3), D_x (nm^2/s)')).toBe(
      'R (Ω), η (mPa·s), K (J/m3), Dx (nm2/s)',
    );
    expect(plainText(`I_c (${unitText('uA')})`)).toBe('Ic (µA)');
    expect(plainText(`ΔG‡ (${unitText('kT')})`)).toBe('ΔG‡ (kBT)');
  });

  it('leaves no mark in any preset text', () => {
    for (const info of presetCatalog()) {
      const report = runPreset(info.name);
      const texts = [
        info.summary,
        info.context,
        ...info.references,
        ...info.parameters.flatMap((p) => [p.symbol, unitText(p.unit), p.description]),
        ...report.results.flatMap((r) => [r.label, r.text, r.method ?? '']),
        ...report.tables.flatMap((t) => [t.title, ...t.columns]),
        ...report.notes,
        ...report.warnings,
        report.problem.units.description,
        report.problem.coordinate,
      ];
      for (const text of [...texts, ...PRESETS.map((p) => p.note)]) {
        const plain = plainText(text);
        expect(plain, `${info.name}: ${text}`).not.toMatch(/[\^_{}`]|\buA\b|\bohm\b|\w\*\w/);
      }
    }
  });

  it('cuts float noise from commands, and only that', () => {
    expect(
      tidyCommand(
        'kramers rate "-cos(x) - i*x" --param i=0.9000000000000001 --D 0.004195150165292355 --gamma 0.05736775910521984 --domain=-2:4 --from 0 --to=+inf',
      ),
    ).toBe(
      'kramers rate "-cos(x) - i*x" --param i=0.9 --D 0.004195150165 --gamma 0.05736775911 --domain=-2:4 --from 0 --to=+inf',
    );
    const short = 'kramers rate "b*(1.5*x - 2*x^3) - f*x" --param b=10 --D 1 --domain=0.0001:3.25';
    expect(tidyCommand(short)).toBe(short);
    expect(tidyCommand('--domain=0.0001:3.141492653589793')).toBe('--domain=0.0001:3.141492654');
  });
});
