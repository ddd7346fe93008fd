import { parseExpression } from 'kramers';
import DriveWorker from './drive.worker.ts?worker';
import type {
  DriveLocal,
  DriveReply,
  DriveRequest,
  DriveRunSummary,
  DriveTheory,
  DriveWalkers,
  SrRow,
} from './driveProtocol.js';
import { fmt, h, pct } from './format.js';
import { LatestWorker, type WorkerError } from './latestWorker.js';
import { method } from './methods.js';
import { type Mark, Plot, type PlotSpec } from './plot.js';
import { DRIVE_PERIODS, type DriveSettings, type LabState, readDriveRun } from './state.js';
import { tableWithCsv, tex, warningList } from './widgets.js';

interface Host {
  getState(): LabState;
  setDrive(drive: DriveSettings): void;
  /** Drive settings the page's link carried that were refused (state.ts linkProblems), and why. */
  readonly linkProblems?: readonly string[];
}

type DriveResult = Exclude<DriveReply, { kind: 'error' }>;

/** A simulated point of the SR scan (η and SNR with their CI and PSD). */
type SimulatedSr = NonNullable<SrRow['simulated']>;

/** A theory curve of the SR scan, named and coloured by the method catalogue. */
function theorySeries(key: 'twoState' | 'linearResponse', width: number, dashed: boolean) {
  const { label, colour } = method(key);
  return { label, color: colour, width, ...(dashed ? { dash: [6, 3] } : {}) };
}

type SrQuantity = 'amplification' | 'snr';

/** A simulated point whose 95% CI has no upper end (an SNR whose noise is not resolved). */
function unbounded(s: SimulatedSr | undefined, quantity: SrQuantity): boolean {
  return s !== undefined && !Number.isFinite(s[`${quantity}CI95`][1]);
}

/**
 * The simulated points' 95% CIs as bars. One without an upper end (a warning names the levels)
 * runs to the top of the frame (y2 null) with an arrow, not to ∞, which drew no bar at all.
 */
function ciMarks(
  t: DriveTheory,
  sim: readonly (SimulatedSr | undefined)[],
  quantity: SrQuantity,
): Mark[] {
  const colour = method('simulation').colour;
  return sim.flatMap((s, i) => {
    if (!s) return [];
    const [lo, hi] = s[`${quantity}CI95`];
    const open = unbounded(s, quantity);
    const x = t.rows[i]!.D;
    return [
      {
        x1: x,
        y1: lo,
        x2: x,
        y2: open ? null : hi,
        color: colour,
        ...(open ? { arrow: true } : {}),
      },
    ];
  });
}

/**
 * η(D) or SNR(D): the theories as curves and the simulated points. A point whose CI has no upper
 * end is drawn open, a series of its own with its own legend entry (a filled dot read as a
 * precise value), as the CLI's resonance plot draws it.
 */
function resonanceCurves(
  t: DriveTheory,
  sim: readonly (SimulatedSr | undefined)[],
  quantity: SrQuantity,
): Pick<PlotSpec, 'xLabel' | 'xLog' | 'series' | 'data'> {
  const simulated = method('simulation');
  const twoState = t.rows.every((r) => r.twoState);
  const open = sim.some((s) => unbounded(s, quantity));
  const points = (wanted: boolean) =>
    sim.map((s) => (s && unbounded(s, quantity) === wanted ? s[quantity] : null));
  return {
    xLabel: 'noise D',
    xLog: true,
    series: [
      ...(twoState ? [theorySeries('twoState', 1.5, true)] : []),
      theorySeries('linearResponse', 2.5, false),
      { label: `${simulated.label} (95% CI)`, color: simulated.colour, pointsOnly: true },
      ...(open
        ? [
            {
              label: `${simulated.label}, 95% CI unbounded above`,
              color: simulated.colour,
              pointsOnly: true,
              open: true,
            },
          ]
        : []),
    ],
    data: [
      t.rows.map((r) => r.D),
      ...(twoState ? [t.rows.map((r) => r.twoState![quantity])] : []),
      // Unreliable linear-response points (error bound not small against η) are not drawn.
      t.rows.map((r) => (r.linearResponse.reliable ? r.linearResponse[quantity] : null)),
      points(false),
      ...(open ? [points(true)] : []),
    ],
  };
}

/** An error to two significant digits, as the CLI prints a maximum's ± (src/cli/resonance.ts). */
function twoDigits(e: number): string {
  return String(Number(e.toPrecision(2)));
}

/** A number shown to four digits, its full value in data-value (and its field named, for tests). */
function shown(field: string, value: number, text: string): HTMLElement {
  return h('span', { 'data-field': field, 'data-value': String(value), text });
}

/**
 * Where each theory's η(D) is largest, as the library located it: D* ± and η* ± (the ± bounds how
 * far the exact curve's maximum may be, proven from evaluated values), ≈ where the search did not
 * converge, and the library's note where the curve has no maximum in the scanned range.
 */
function theoryMaxima(t: DriveTheory): HTMLElement[] {
  return (['linearResponse', 'twoState'] as const).flatMap((curve) => {
    const m = t.maximum[curve];
    const note = t.maximumNote[curve];
    const { label } = method(curve);
    if (!m) return note ? [h('li', { 'data-curve': curve, text: `${label}: — (${note})` })] : [];
    const is = m.retcode === 'success' ? '=' : '≈';
    const pm = (field: string, e: number | null) =>
      e !== null && e > 0 ? [' ± ', shown(field, e, twoDigits(e))] : [' (not bounded)'];
    return [
      h(
        'li',
        { 'data-curve': curve },
        `${label}: η is largest at D* ${is} `,
        shown('D', m.D, fmt(Number(m.D.toPrecision(4)))),
        ...pm('DError', m.DError),
        `, η* ${is} `,
        shown('amplification', m.amplification, fmt(Number(m.amplification.toPrecision(4)))),
        ...pm('amplificationError', m.amplificationError),
        m.retcode === 'success' ? '' : ' (not converged)',
      ),
    ];
  });
}

/** A drive computation on a worker of its own, restarted when superseded (the page never waits). */
function latestDrive(
  onResult: (reply: DriveResult) => void,
  onError?: (error: WorkerError) => void,
) {
  return new LatestWorker<DriveRequest, DriveReply>({
    create: () => new DriveWorker(),
    policy: 'restart',
    onResult,
    ...(onError ? { onError } : {}),
  });
}

/**
 * Drive panel: U(x, t) = U₀(x) − A φ(x) cos Ωt. The rocking landscape (animated phase), the
 * quasi-static rate Γ(t) of each method over one period, and stochastic resonance: η(D) and
 * SNR(D) from two-state theory and linear response, with simulated points (95% CIs) added one
 * noise level at a time by a run on Web Workers, and the PSD with its signal peak. Every number
 * comes from the library, computed in drive workers.
 */
export class DrivePanel {
  readonly workers = Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2));
  private local: DriveLocal | null = null;
  private theory: DriveTheory | null = null;
  private localKey = '';
  private theoryKey = '';
  private runKey = '';
  private simRows: (SrRow | undefined)[] = [];
  private summary: DriveRunSummary | null = null;
  private runId = 0;
  private running = false;
  /**
   * Run was pressed before the η(D), SNR(D) curves of this drive arrived (they take a second or
   * more after the page opens): the run starts when they do, or is called off if they fail.
   */
  private pendingStart = false;
  private phase = 0;
  private animating = false;
  private lastFrame = 0;
  private readonly localWorker = latestDrive(
    (r) => this.onLocal(r),
    (e) => this.onLocalError(e),
  );
  private readonly theoryWorker = latestDrive(
    (r) => this.onTheory(r),
    (e) => this.onTheoryError(e),
  );
  private readonly walkerWorker = latestDrive((r) => this.onWalkers(r));
  private walkers: DriveWalkers | null = null;
  /** Animation clock in drive periods (the phase is its fractional part times 2π). */
  private clock = 0;
  private readonly runWorker = new DriveWorker();
  readonly el = {
    amplitude: h('input', {
      id: 'drive-A',
      type: 'number',
      step: 'any',
      class: 'value',
      'aria-label': 'drive amplitude A',
    }),
    amplitudeSlider: h('input', {
      id: 'drive-A-slider',
      type: 'range',
      min: '-3',
      max: '0',
      step: '0.01',
      'aria-label': 'drive amplitude A (log scale)',
    }),
    omega: h('input', {
      id: 'drive-omega',
      type: 'number',
      step: 'any',
      class: 'value',
      'aria-label': 'drive angular frequency Ω',
    }),
    omegaSlider: h('input', {
      id: 'drive-omega-slider',
      type: 'range',
      min: '-4',
      max: '1',
      step: '0.01',
      'aria-label': 'drive angular frequency Ω (log scale)',
    }),
    coupling: h('input', {
      id: 'drive-phi',
      type: 'text',
      spellcheck: 'false',
      autocomplete: 'off',
    }),
    critical: h('p', { id: 'drive-Ac', class: 'muted' }),
    error: h('pre', { id: 'drive-error', class: 'error', role: 'alert' }),
    /** Why values of the link were refused: kept until a drive setting changes. */
    linkError: h('pre', { id: 'drive-link-error', class: 'error', role: 'alert' }),
    canvas: h('canvas', {
      class: 'walkers',
      id: 'drive-canvas',
      role: 'img',
      'aria-label': 'the landscape U(x, t) rocking in time',
    }),
    quasiTable: h('div', {}),
    atD: h('div', {}),
    trajectories: h('input', { id: 'drive-traj', type: 'number', min: '2', max: '256', step: '1' }),
    periods: h('select', { id: 'drive-periods' }),
    seed: h('input', { id: 'drive-seed', type: 'number', min: '0', step: '1' }),
    run: h('button', { type: 'button', id: 'drive-run', text: 'Run simulation' }),
    status: h('p', { id: 'drive-status', class: 'status', 'aria-live': 'polite', text: '' }),
    simTable: h('div', {}),
    theoryError: h('p', { id: 'drive-theory-error', class: 'warnings' }),
    maxima: h('ul', { id: 'drive-maxima', class: 'muted', 'aria-label': 'maxima of η(D)' }),
    warnings: h('div', { id: 'drive-warnings' }),
    outputs: h('div', { class: 'drive-outputs' }),
  };
  private readonly gammaPlot = new Plot(
    'quasi-static-rate',
    'Quasi-static rate Γ(t) over one drive period, each method',
  );
  private readonly etaPlot = new Plot(
    'spectral-amplification',
    'Spectral amplification η(D): two-state, linear response, simulated (95% CI)',
  );
  private readonly snrPlot = new Plot('snr', 'Signal-to-noise ratio SNR(D)');
  private readonly psdPlot = new Plot(
    'psd',
    'Power spectral density of x(t) with its signal peak at Ω (simulated)',
  );

  constructor(
    private readonly section: HTMLElement,
    private readonly host: Host,
  ) {
    const el = this.el;
    for (const p of DRIVE_PERIODS)
      el.periods.append(h('option', { value: String(p), text: String(p) }));
    el.linkError.textContent = (host.linkProblems ?? []).join('\n');
    this.syncControls();
    const logInput = (
      slider: HTMLInputElement,
      box: HTMLInputElement,
      label: string,
      apply: (v: number) => void,
    ) => {
      slider.addEventListener('input', () => {
        const v = Number((10 ** Number(slider.value)).toPrecision(4));
        box.value = String(v);
        slider.setAttribute('aria-valuetext', `${label} = ${v}`);
        apply(v);
      });
      box.addEventListener('change', () => {
        const v = Number(box.value);
        if (!(v > 0) || !Number.isFinite(v)) {
          el.error.textContent = `${label} must be a positive number (> 0); got ${box.value.trim() === '' ? 'nothing' : box.value}. The panel still shows the last valid drive.`;
          el.outputs.classList.add('stale');
          return;
        }
        slider.value = String(Math.log10(v));
        slider.setAttribute('aria-valuetext', `${label} = ${v}`);
        apply(v);
      });
    };
    logInput(el.amplitudeSlider, el.amplitude, 'drive amplitude A', (amplitude) =>
      this.setDrive({ amplitude }),
    );
    logInput(el.omegaSlider, el.omega, 'drive angular frequency Ω', (omega) =>
      this.setDrive({ omega }),
    );
    el.coupling.addEventListener('input', () => {
      const text = el.coupling.value;
      try {
        parseExpression(text, { parameters: this.host.getState().problem.parameters });
      } catch (error) {
        el.error.textContent = `coupling φ(x): ${error instanceof Error ? error.message : String(error)}`;
        el.outputs.classList.add('stale');
        return;
      }
      this.setDrive({ coupling: text });
    });
    // Refused, not clamped (1000 trajectories ran as 256 without a word): the last valid
    // settings run, and the words are those a link's refused value gets.
    const runSettings = () => {
      const text = {
        trajectories: el.trajectories.value,
        periods: el.periods.value,
        seed: el.seed.value,
      };
      const { run, problems } = readDriveRun(text, this.host.getState().drive, 'field');
      this.setDrive(run);
      this.el.error.textContent = problems.join('\n');
    };
    for (const c of [el.trajectories, el.periods, el.seed])
      c.addEventListener('change', runSettings);
    el.run.addEventListener('click', () => {
      if (this.pendingStart) this.callOff('');
      else if (this.running) this.stop();
      else this.start();
    });
    this.runWorker.onmessage = (event: MessageEvent<DriveReply>) => this.onRun(event.data);
    const label = (id: string, text: string) => h('label', { for: id, text });
    section.append(
      h('div', {}, tex(String.raw`U(x,t) = U_0(x) - A\,\varphi(x)\cos\Omega t`, true)),
      h('p', {
        class: 'muted',
        text: 'U₀ is the landscape of the sidebar. A weak periodic drive rocks it; the quasi-static rate Γ(t) follows the instantaneous barrier, and noise synchronises hopping with the drive: stochastic resonance (Gammaitoni, Hänggi, Jung, Marchesoni, Rev. Mod. Phys. 1998).',
      }),
      h(
        'div',
        { class: 'row' },
        label('drive-A', 'amplitude A'),
        el.amplitudeSlider,
        el.amplitude,
        label('drive-omega', 'frequency Ω'),
        el.omegaSlider,
        el.omega,
      ),
      h('div', { class: 'row' }, label('drive-phi', 'coupling φ(x) ='), el.coupling),
      el.critical,
      el.error,
      el.linkError,
      el.outputs,
    );
    el.outputs.append(
      el.canvas,
      this.gammaPlot.element,
      el.quasiTable,
      h('h3', { text: 'Stochastic resonance at the current D' }),
      el.atD,
      el.theoryError,
      h('div', { class: 'grid2' }, this.etaPlot.element, this.snrPlot.element),
      el.maxima,
      h(
        'div',
        { class: 'row' },
        label('drive-traj', 'trajectories per D'),
        el.trajectories,
        label('drive-periods', 'recorded periods'),
        el.periods,
        label('drive-seed', 'seed'),
        el.seed,
        el.run,
      ),
      el.status,
      el.simTable,
      this.psdPlot.element,
      el.warnings,
    );
  }

  private syncControls(): void {
    const d = this.host.getState().drive;
    const el = this.el;
    el.amplitude.value = String(d.amplitude);
    el.amplitudeSlider.value = String(Math.log10(d.amplitude));
    el.amplitudeSlider.setAttribute('aria-valuetext', `drive amplitude A = ${d.amplitude}`);
    el.omega.value = String(d.omega);
    el.omegaSlider.value = String(Math.log10(d.omega));
    el.omegaSlider.setAttribute('aria-valuetext', `drive angular frequency Ω = ${d.omega}`);
    el.coupling.value = d.coupling;
    el.trajectories.value = String(d.trajectories);
    el.periods.value = String(d.periods);
    el.seed.value = String(d.seed);
  }

  private setDrive(patch: Partial<DriveSettings>): void {
    this.el.error.textContent = '';
    this.el.linkError.textContent = '';
    this.el.outputs.classList.remove('stale');
    this.host.setDrive({ ...this.host.getState().drive, ...patch });
    this.update();
  }

  private keys() {
    const { problem: p, drive: d } = this.host.getState();
    const base = [
      p.potential,
      p.parameters,
      p.gamma,
      p.mass,
      p.domain,
      d.amplitude,
      d.omega,
      d.coupling,
    ];
    return {
      local: JSON.stringify([...base, p.D, p.from]),
      theory: JSON.stringify(base),
      run: JSON.stringify([...base, d.trajectories, d.periods, d.seed]),
    };
  }

  /** The problem or the drive changed (or the panel was shown): recompute what depends on it. */
  update(): void {
    const { problem, drive } = this.host.getState();
    const k = this.keys();
    if (k.local !== this.localKey) {
      this.localKey = k.local;
      if (!this.running && !this.pendingStart) this.el.status.textContent = 'computing…';
      this.localWorker.request((id) => ({ id, kind: 'local', problem, drive }), 60);
      this.walkers = null;
      this.walkerWorker.request((id) => ({ id, kind: 'walkers', problem, drive }), 300);
    }
    if (k.theory !== this.theoryKey) {
      this.theoryKey = k.theory;
      this.theoryWorker.request((id) => ({ id, kind: 'theory', problem, drive }), 150);
    }
    if (k.run !== this.runKey) {
      // Simulated points belong to one drive and one run setting: a change starts afresh (a run
      // still going is stopped and its late messages are ignored).
      if (this.running) {
        this.stop();
        this.runId++;
        this.running = false;
        this.el.run.textContent = 'Run simulation';
      }
      this.runKey = k.run;
      this.simRows = [];
      this.summary = null;
      this.el.simTable.replaceChildren();
      if (!this.running && !this.pendingStart) this.el.status.textContent = '';
    }
    this.renderResonance();
    this.startAnimation();
  }

  private onLocalError(error: WorkerError): void {
    this.el.error.textContent = error.message;
    this.el.outputs.classList.add('stale');
  }

  private onLocal(reply: DriveResult): void {
    if (reply.kind !== 'local') return;
    this.el.error.textContent = '';
    this.el.outputs.classList.remove('stale');
    this.local = reply.result;
    if (!this.running && !this.pendingStart) this.el.status.textContent = '';
    this.renderLocal(reply.result);
    this.renderResonance();
    this.section.dataset['local'] = String(Number(this.section.dataset['local'] ?? 0) + 1);
    this.section.dataset['localMs'] = reply.result.computeMs.toFixed(0);
  }

  private onWalkers(reply: DriveResult): void {
    // Walkers are decoration: without them (e.g. no confining U₀) the landscape still rocks.
    if (reply.kind !== 'walkers') return;
    this.walkers = reply.result;
    this.clock = 0;
    this.section.dataset['walkers'] = String(reply.result.x.length);
  }

  private onTheoryError(error: WorkerError): void {
    // The curves have no answer for this landscape (e.g. not confining): say why, in place.
    this.theory = null;
    this.el.theoryError.textContent = `η(D), SNR(D): ${error.message}`;
    this.el.maxima.replaceChildren();
    this.el.run.disabled = true;
    if (this.pendingStart) this.callOff('not run: the η(D), SNR(D) curves have no answer here');
  }

  private onTheory(reply: DriveResult): void {
    if (reply.kind !== 'theory') return;
    this.el.theoryError.textContent = '';
    this.el.run.disabled = false;
    this.theory = reply.result;
    this.renderResonance();
    this.section.dataset['theory'] = String(Number(this.section.dataset['theory'] ?? 0) + 1);
    this.section.dataset['theoryMs'] = reply.result.computeMs.toFixed(0);
    if (this.pendingStart) {
      this.pendingStart = false;
      this.start();
    }
  }

  /**
   * Starts a run. Not while the drive typed in has no answer (the panel is stale), and not before
   * the theory curves exist: the run's points are drawn on them, and a landscape they fail on
   * has no run either. Pressed before they arrive, the press is kept and the run starts with them.
   */
  private start(): void {
    if (this.el.outputs.classList.contains('stale')) {
      this.el.status.textContent = 'not run: fix the drive above first';
      return;
    }
    if (!this.theory) {
      this.pendingStart = true;
      this.el.run.textContent = 'Stop';
      this.el.status.textContent = 'starting once the η(D), SNR(D) curves are computed…';
      return;
    }
    const { problem, drive } = this.host.getState();
    this.simRows = [];
    this.summary = null;
    this.running = true;
    this.runId++;
    this.el.run.textContent = 'Stop';
    this.el.status.textContent = 'running…';
    this.runWorker.postMessage({
      id: this.runId,
      kind: 'run',
      problem,
      drive,
      workers: this.workers,
    } satisfies DriveRequest);
    this.renderResonance();
  }

  private stop(): void {
    this.runWorker.postMessage({ id: this.runId, kind: 'abort' } satisfies DriveRequest);
  }

  /** A run waiting for the theory curves is called off (pressed again, or they failed). */
  private callOff(status: string): void {
    this.pendingStart = false;
    this.el.run.textContent = 'Run simulation';
    this.el.status.textContent = status;
  }

  private onRun(reply: DriveReply): void {
    if (reply.id !== this.runId) return;
    const levels = () => this.simRows.filter(Boolean).length;
    if (reply.kind === 'progress') {
      this.el.status.textContent = `${levels()} of 12 noise levels, ${reply.done} of ${reply.total} trajectories`;
    } else if (reply.kind === 'row') {
      this.simRows[reply.index] = reply.row;
      this.renderResonance();
    } else if (reply.kind === 'done' || reply.kind === 'error') {
      this.running = false;
      this.el.run.textContent = 'Run simulation';
      if (reply.kind === 'error') {
        this.el.status.textContent = `failed: ${reply.error.message}`;
        return;
      }
      this.summary = reply.result;
      // The maximum is interpolated between levels from noisy points: its ± bounds how far it may
      // be off (no maximum where the largest η is at an end of the range, no ± where fewer than
      // two levels lie on either side of it). Only an interrupted run stopped: not_converged (an
      // unbounded maximum, an unreliable theory level) ran every level.
      const max = reply.result.maximum.simulated;
      const pm =
        max && max.DError !== null
          ? ` ± ${fmt(max.DError)}`
          : ' (not bounded: too few levels about it)';
      this.el.status.textContent = `${reply.result.retcode === 'interrupted' ? 'stopped' : 'finished'}: ${levels()} of 12 noise levels${max ? `; simulated η is largest at D ≈ ${fmt(max.D)}${pm}` : ''}`;
      this.renderResonance();
    }
  }

  private renderLocal(l: DriveLocal): void {
    const d = this.host.getState().drive;
    const Ac = l.criticalAmplitude;
    this.el.critical.textContent =
      Ac === null
        ? 'A_c: — (no barrier between two wells to erase)'
        : `A_c = ${fmt(Ac)}: at A ≥ A_c the drive erases the barrier at its extremes. Now A/A_c = ${fmt(d.amplitude / Ac)}.`;
    this.el.critical.dataset['value'] = String(Ac);
    const q = l.quasi;
    if (q) {
      this.gammaPlot.update({
        xLabel: 't (one period T = 2π/Ω)',
        yLabel: 'Γ(t) (1/time)',
        series: q.methods.map((m) => ({
          label: method(m).label,
          color: method(m).colour,
          width: m === 'exact' ? 2.5 : 1.5,
        })),
        data: [q.t, ...q.rates],
      });
      const rows: (string | Node)[][] = q.methods.map((m) => {
        const avg = q.periodAverage[m] ?? null;
        const cell = h('span', { text: fmt(avg) });
        if (avg !== null) cell.dataset['value'] = String(avg);
        const exact = q.periodAverage['exact'] ?? null;
        return [
          method(m).label,
          cell,
          m !== 'exact' && avg !== null && exact ? pct(avg / exact - 1) : '',
        ];
      });
      rows.push([
        'adiabaticity T / (γ/U″)',
        h('span', {
          text: Number.isFinite(q.adiabaticity.ratio) ? fmt(q.adiabaticity.ratio) : '— (no well)',
        }),
        q.adiabaticity.adiabatic
          ? 'slow drive: quasi-static picture holds'
          : 'too fast (≳ 100 needed)',
      ]);
      rows.push([
        'barrier erased',
        q.erasedFraction > 0 ? `${(100 * q.erasedFraction).toFixed(0)}%` : 'never',
        'of the period',
      ]);
      this.el.quasiTable.replaceChildren(
        tableWithCsv(
          'quasi-static',
          ['period average ⟨Γ⟩', 'value', 'vs exact'],
          rows,
          'drive-quasi-table',
        ),
      );
    } else {
      this.el.quasiTable.replaceChildren(h('p', { class: 'warnings', text: l.quasiError ?? '' }));
    }
    this.renderAtD(l);
    this.drawLandscape();
  }

  /** The theories' η and SNR at the sidebar's D, with the bound on η from the modes left out. */
  private renderAtD(l: DriveLocal): void {
    const r = l.atD;
    if (!r) {
      this.el.atD.replaceChildren(h('p', { class: 'warnings', text: l.atDError ?? '' }));
      return;
    }
    const v = (x: number | null | undefined) => {
      const cell = h('span', { text: fmt(x) });
      if (x !== null && x !== undefined) cell.dataset['value'] = String(x);
      return cell;
    };
    const D = this.host.getState().problem.D;
    const lr = r.linearResponse;
    this.el.atD.replaceChildren(
      tableWithCsv(
        'resonance-at-D',
        ['theory', 'η (spectral amplification)', 'SNR'],
        [
          [
            method('linearResponse').label,
            v(lr.reliable ? lr.amplification : null),
            v(lr.reliable ? lr.snr : null),
          ],
          [method('twoState').label, v(r.twoState?.amplification), v(r.twoState?.snr)],
        ],
        'drive-at-D',
      ),
      h(
        'p',
        { class: 'muted' },
        `At D = ${fmt(D)}: η = |χ(Ω)|² is the power of ⟨x⟩ at Ω over A²; linear response is exact to order A. The Fokker–Planck modes it leaves out and the grid they are computed on change η by at most `,
        // The library's bound on η itself (not truncationError, which bounds χ): the modes left
        // out plus η's change from the grid one level coarser.
        h('span', {
          id: 'drive-eta-bound',
          text: fmt(lr.amplificationError),
          'data-value': String(lr.amplificationError),
        }),
        '.',
      ),
    );
    const tableRows = this.el.atD.querySelectorAll('tbody tr');
    (tableRows[0] as HTMLElement).dataset['theory'] = 'linearResponse';
    (tableRows[1] as HTMLElement).dataset['theory'] = 'twoState';
  }

  private renderResonance(): void {
    const t = this.theory;
    const l = this.local;
    const warnings = [
      ...(l?.warnings ?? []),
      ...(l?.quasi?.warnings ?? []),
      ...(t?.warnings ?? []),
      ...(this.summary?.warnings ?? []),
    ];
    this.el.warnings.replaceChildren(warningList(warnings));
    if (!t) return;
    const sim = t.rows.map((_, i) => this.simRows[i]?.simulated);
    this.el.maxima.replaceChildren(...theoryMaxima(t));
    this.renderCurves(t, sim);
    this.renderSimulatedTable(t, sim);
    this.renderPsd(t, sim);
  }

  /** η(D) and SNR(D): the theories as curves, the simulated points with their CIs. */
  private renderCurves(t: DriveTheory, sim: readonly (SimulatedSr | undefined)[]): void {
    const D = this.host.getState().problem.D;
    const current: Mark = {
      x1: D,
      y1: null,
      x2: D,
      y2: null,
      color: '#5f3dc4',
      label: 'current D',
    };
    this.etaPlot.update({
      ...resonanceCurves(t, sim, 'amplification'),
      yLabel: 'η',
      marks: [current, ...ciMarks(t, sim, 'amplification')],
    });
    this.snrPlot.update({
      ...resonanceCurves(t, sim, 'snr'),
      yLabel: 'SNR',
      marks: [current, ...ciMarks(t, sim, 'snr')],
    });
  }

  /** The simulated points so far, beside linear response at the same D. */
  private renderSimulatedTable(t: DriveTheory, sim: readonly (SimulatedSr | undefined)[]): void {
    const done = t.rows.flatMap((r, i) => (sim[i] ? [[r, sim[i]!] as const] : []));
    if (done.length === 0) return;
    const v = (x: number) => {
      const cell = h('span', { text: fmt(x) });
      cell.dataset['value'] = String(x);
      return cell;
    };
    this.el.simTable.replaceChildren(
      tableWithCsv(
        'resonance-simulated',
        [
          'D',
          'η simulated',
          '95% CI',
          `η ${method('linearResponse').short}`,
          'SNR simulated',
          'SNR 95% CI',
        ],
        done.map(([r, s]) => [
          v(r.D),
          v(s.amplification),
          `[${fmt(s.amplificationCI95[0])}, ${fmt(s.amplificationCI95[1])}]`,
          r.linearResponse.reliable ? v(r.linearResponse.amplification) : '—',
          v(s.snr),
          // Half open where the SNR has no upper bound (fmt would print "Infinity]").
          Number.isFinite(s.snrCI95[1])
            ? `[${fmt(s.snrCI95[0])}, ${fmt(s.snrCI95[1])}]`
            : `[${fmt(s.snrCI95[0])}, ∞)`,
        ]),
        'drive-sim-table',
      ),
    );
  }

  /** The PSD of the simulated noise level nearest the current D (log distance). */
  private renderPsd(t: DriveTheory, sim: readonly (SimulatedSr | undefined)[]): void {
    const D = this.host.getState().problem.D;
    const ds = t.rows.map((r) => r.D);
    let nearest = -1;
    sim.forEach((s, i) => {
      if (!s?.spectrum) return;
      if (nearest < 0 || Math.abs(Math.log(ds[i]! / D)) < Math.abs(Math.log(ds[nearest]! / D))) {
        nearest = i;
      }
    });
    const spectrum = nearest >= 0 ? sim[nearest]!.spectrum! : null;
    if (!spectrum) return;
    const omega = this.host.getState().drive.omega;
    this.psdPlot.update({
      xLabel: 'ω',
      yLabel: `log₁₀ S(ω) at D = ${fmt(ds[nearest])}`,
      series: [
        {
          label: 'simulated PSD (trajectory average)',
          color: method('simulation').colour,
          width: 1.5,
        },
      ],
      data: [
        spectrum.omega.slice(1),
        spectrum.psd.slice(1).map((p) => (p > 0 ? Math.log10(p) : null)),
      ],
      marks: [{ x1: omega, y1: null, x2: omega, y2: null, color: '#d9480f', label: 'Ω (signal)' }],
    });
  }

  private startAnimation(): void {
    if (this.animating) return;
    const reduced = matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (reduced) {
      this.clock = 0.25;
      this.phase = Math.PI / 2;
      this.drawLandscape();
      return;
    }
    this.animating = true;
    this.lastFrame = performance.now();
    const tick = (now: number) => {
      // Only while the panel is on screen: a hidden panel burns no CPU.
      if (this.section.hidden || document.hidden) {
        this.animating = false;
        return;
      }
      // One drive period every 4 s of wall-clock time, whatever Ω is.
      this.clock += (now - this.lastFrame) / 4000;
      const recorded = this.walkers ? this.walkers.x[0]!.length / this.walkers.samplesPerPeriod : 1;
      if (this.clock >= recorded) this.clock -= recorded * Math.floor(this.clock / recorded);
      this.phase = 2 * Math.PI * (this.clock % 1);
      this.lastFrame = now;
      this.drawLandscape();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  private drawLandscape(): void {
    const l = this.local;
    const canvas = this.el.canvas;
    const dpr = devicePixelRatio || 1;
    const W = canvas.clientWidth * dpr;
    const H = canvas.clientHeight * dpr;
    if (!l || W === 0) return;
    if (canvas.width !== W || canvas.height !== H) {
      canvas.width = W;
      canvas.height = H;
    }
    const A = this.host.getState().drive.amplitude;
    const at = (c: number) => l.U0.map((u, i) => u - A * l.phi[i]! * c);
    const extremes = [at(1), at(-1)];
    const all = extremes.flat().filter(Number.isFinite);
    const uMin = Math.min(...all);
    const uMax = Math.max(...all);
    const xMin = l.x[0]!;
    const xMax = l.x[l.x.length - 1]!;
    const px = (x: number) => ((x - xMin) / (xMax - xMin)) * (W - 20 * dpr) + 10 * dpr;
    const py = (u: number) => H - 18 * dpr - ((u - uMin) / (uMax - uMin || 1)) * (H - 40 * dpr);
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, W, H);
    const curve = (us: number[], color: string, width: number) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = width * dpr;
      ctx.beginPath();
      us.forEach((u, i) => {
        if (i) ctx.lineTo(px(l.x[i]!), py(u));
        else ctx.moveTo(px(l.x[i]!), py(u));
      });
      ctx.stroke();
    };
    // The two extremes of the rocking (Ωt = 0 and π) faintly, the current phase in ink.
    curve(extremes[0]!, '#d0d5de', 1.5);
    curve(extremes[1]!, '#d0d5de', 1.5);
    curve(at(Math.cos(this.phase)), '#1d2330', 2.5);
    // The walkers: the library's sampled paths at this D, x(t) between samples drawn linearly.
    const w = this.walkers;
    const Acos = A * Math.cos(this.phase);
    const interp = (xv: number) => {
      const f = ((xv - xMin) / (xMax - xMin)) * (l.x.length - 1);
      const i = Math.min(Math.max(Math.floor(f), 0), l.x.length - 2);
      const s = Math.min(Math.max(f - i, 0), 1);
      const u0 = l.U0[i]! * (1 - s) + l.U0[i + 1]! * s;
      const ph = l.phi[i]! * (1 - s) + l.phi[i + 1]! * s;
      return u0 - Acos * ph;
    };
    if (w && w.D === this.host.getState().problem.D) {
      const k = this.clock * w.samplesPerPeriod - 1;
      const k0 = Math.max(0, Math.floor(k));
      const frac = k < 0 ? 0 : k - k0;
      ctx.fillStyle = '#1c7ed6cc';
      for (const path of w.x) {
        const a = path[k0]!;
        const b = path[Math.min(k0 + 1, path.length - 1)]!;
        const xv = Math.min(Math.max(a + (b - a) * frac, xMin), xMax);
        ctx.beginPath();
        ctx.arc(px(xv), py(interp(xv)) - 5 * dpr, 4 * dpr, 0, 2 * Math.PI);
        ctx.fill();
      }
    }
    ctx.font = `${12 * dpr}px sans-serif`;
    ctx.fillStyle = '#1d2330';
    const q = l.quasi;
    let gamma = '';
    if (q) {
      const k = Math.round((this.phase / (2 * Math.PI)) * (q.t.length - 1));
      const exact = q.rates[q.methods.indexOf('exact')]?.[k];
      gamma = `   Γ_exact(t) = ${exact === null || exact === undefined ? '— (no barrier)' : fmt(exact)}`;
    }
    ctx.fillText(
      `Ωt = ${this.phase.toFixed(2)} rad, t = ${fmt(this.clock * (q?.period ?? 0))}${gamma}${w ? `   ${w.x.length} walkers (the library's paths at this D)` : ''}`,
      10 * dpr,
      H - 4 * dpr,
    );
  }
}
