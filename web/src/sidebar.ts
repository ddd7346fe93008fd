/**
 * The sidebar: the problem every tab works on (a preset or a typed U(x) with its parameters, the
 * domain, D, γ, m, and the transition from one well to another), its errors and the status line.
 */
import { isKramersError, parseExpression } from 'kramers';
import { fmt, h } from './format.js';
import { PRESETS } from './presets.js';
import type { LabProblem, MainResult, NoPassageResult } from './protocol.js';
import { SCALE_LABELS } from './state.js';
import { type LogSlider, logSlider, showError } from './widgets.js';

interface Host {
  getProblem(): LabProblem;
  /** The problem changed (a control moved): keep it and recompute. */
  setProblem(problem: LabProblem): void;
  /** A control moved: the repaint it causes is timed. */
  markInput(): void;
  /**
   * What is typed has no problem to compute (a parse error): answers still coming for earlier
   * keystrokes are dropped and the panels greyed out, so that one error shows, the current one.
   */
  onInputInvalid(): void;
}

/** Same problem, whatever the key order (a decoded URL builds its object in another order). */
function canonical(q: LabProblem): string {
  return JSON.stringify([q.potential, q.parameters, q.D, q.gamma, q.mass, q.domain, q.from, q.to]);
}

export class ProblemControls {
  /** What the page is doing ('computing…', the worker's time). */
  readonly status = h('span', { class: 'status', 'aria-live': 'polite' });
  /** Why the problem has no answer (the panels keep the last one that had). */
  private readonly problemError = h('div', { id: 'problem-error', class: 'error', role: 'alert' });
  /** Why D, γ or m of the page's link were refused (the defaults run): kept until one is set. */
  private readonly linkError = h('div', {
    id: 'problem-link-error',
    class: 'error',
    role: 'alert',
  });
  /** On a phone: shows or hides the controls (the tabs come right after it). */
  private readonly toggle = h('button', {
    type: 'button',
    id: 'problem-toggle',
    class: 'problem-toggle',
    'aria-controls': 'problem-controls',
    'aria-expanded': 'false',
  });
  private readonly body = h('div', { id: 'problem-controls' });
  private readonly preset = h('select', { id: 'preset' });
  private readonly expr = h('input', {
    id: 'expr',
    type: 'text',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'expr-error',
  });
  private readonly exprError = h('div', { id: 'expr-error', class: 'error', role: 'alert' });
  private readonly params = h('div', { id: 'params' });
  private readonly domain = h('input', {
    id: 'domain',
    type: 'text',
    placeholder: 'automatic (e.g. -4:8)',
    autocomplete: 'off',
  });
  private readonly from = h('select', { id: 'from' });
  private readonly to = h('select', { id: 'to' });
  private readonly sliders: Record<'D' | 'gamma' | 'mass', LogSlider>;
  /**
   * Fields whose text is no value (a parameter left empty or 1e400, D ≤ 0 in its box): the
   * problem keeps its last valid value, so the panels are greyed until the field holds one.
   */
  private readonly invalidFields = new Set<string>();

  constructor(
    aside: HTMLElement,
    private readonly host: Host,
    /** D, γ, m the page's link carried that were refused (state.ts linkProblems), and why. */
    linkProblems?: readonly string[],
  ) {
    this.preset.append(h('option', { value: '', text: 'custom' }));
    for (const p of PRESETS) this.preset.append(h('option', { value: p.id, text: p.name }));
    // On a phone the controls start folded under a one-line summary, so that the tabs and the
    // panel are on the first screen (on wider screens the button is hidden and they always show).
    aside.classList.add('folded');
    this.toggle.addEventListener('click', () => {
      const open = aside.classList.toggle('folded') === false;
      this.toggle.setAttribute('aria-expanded', String(open));
      this.summarize();
    });
    aside.append(this.toggle, this.body);
    const body = this.body;
    body.append(
      h('label', { for: 'preset', text: 'Preset landscape' }),
      this.preset,
      h('label', { for: 'expr', text: 'U(x) =' }),
      this.expr,
      this.exprError,
      this.params,
      h('label', { for: 'domain', text: 'Domain min:max (blank: automatic)' }),
      this.domain,
    );
    this.sliders = {
      D: this.slider(body, 'D', SCALE_LABELS.D, -3, 1),
      gamma: this.slider(body, 'gamma', SCALE_LABELS.gamma, -2, 2),
      mass: this.slider(body, 'mass', SCALE_LABELS.mass, -2, 2),
    };
    showError(this.linkError, (linkProblems ?? []).join('\n'));
    body.append(this.linkError);
    body.append(
      h('label', { for: 'from', text: 'Escape from well' }),
      this.from,
      h('label', { for: 'to', text: 'to' }),
      this.to,
    );
    // The problem's error and the status stay in view when the controls are folded.
    aside.append(this.problemError, h('p', {}, this.status));
    this.listen();
    this.summarize();
  }

  /** Why the problem has no answer ('' clears it). */
  showProblemError(message: string): void {
    showError(this.problemError, message);
  }

  /**
   * Whether what is typed has no problem to compute: the expression box does not parse, or a
   * parameter, D, γ or m field holds no usable value (their errors are showing).
   */
  get inputInvalid(): boolean {
    return this.exprError.childElementCount > 0 || this.invalidFields.size > 0;
  }

  /**
   * A field's text is ignored (the problem keeps its last valid value): mark it, and drop and
   * grey what is computed, as a parse error does; the message says what the panels show instead.
   */
  private fieldInvalid(key: string): void {
    this.invalidFields.add(key);
    this.host.onInputInvalid();
  }

  /** The folding button's text: the problem in one line. */
  private summarize(): void {
    const q = this.host.getProblem();
    const open = this.toggle.getAttribute('aria-expanded') === 'true';
    this.toggle.textContent = `${open ? '▾ Hide the problem' : '▸ Problem'}: U(x) = ${q.potential}, D = ${fmt(q.D)}, γ = ${fmt(q.gamma)}, m = ${fmt(q.mass)}`;
  }

  /** Every change of the problem made here goes through this (the summary follows). */
  private setProblem(problem: LabProblem): void {
    this.host.setProblem(problem);
    this.summarize();
  }

  /** A log slider bound to one field of the problem. */
  private slider(
    aside: HTMLElement,
    id: 'D' | 'gamma' | 'mass',
    label: string,
    min: number,
    max: number,
  ): LogSlider {
    const onChange = (v: number) => {
      this.invalidFields.delete(id);
      showError(this.linkError, '');
      this.host.markInput();
      this.patch({ [id]: v });
    };
    const onInvalid = (message: string) => {
      const symbol = { D: 'D', gamma: 'γ', mass: 'm' }[id];
      const shown = fmt(this.host.getProblem()[id]);
      this.showProblemError(`${message}; the panels still show ${symbol} = ${shown}`);
      this.fieldInvalid(id);
    };
    return logSlider(aside, { id, label, min, max }, onChange, onInvalid);
  }

  private patch(patch: Partial<LabProblem>): void {
    this.setProblem({ ...this.host.getProblem(), ...patch } as LabProblem);
  }

  private listen(): void {
    this.preset.addEventListener('change', () => {
      const preset = PRESETS.find((p) => p.id === this.preset.value);
      if (!preset) return;
      showError(this.linkError, '');
      this.sync(preset.problem);
      this.setProblem(preset.problem);
    });
    this.expr.addEventListener('input', () => this.onExpression());
    this.domain.addEventListener('change', () => this.onDomain());
    this.from.addEventListener('change', () => {
      // Another start well: its own default target.
      const { to: _drop, ...rest } = this.host.getProblem();
      this.setProblem({ ...rest, from: Number(this.from.value) });
    });
    this.to.addEventListener('change', () => {
      const v = this.to.value;
      this.patch({ to: v === '-inf' || v === '+inf' ? v : Number(v) });
    });
  }

  /** Parses as the user types; unknown names become parameters (default 1). */
  private onExpression(): void {
    const source = this.expr.value;
    const parameters: Record<string, number> = {};
    for (let attempt = 0; attempt < 12; attempt++) {
      try {
        const parsed = parseExpression(source, { parameters });
        showError(this.exprError, '');
        const problem = this.host.getProblem();
        const used: Record<string, number> = {};
        for (const name of parsed.usedParameters) {
          used[name] = problem.parameters[name] ?? parameters[name] ?? 1;
        }
        this.preset.value = '';
        // A new landscape has its own wells: start from the first, to its default target.
        const { to: _drop, ...rest } = problem;
        this.renderParams(used);
        this.setProblem({ ...rest, potential: source, parameters: used, from: 0 });
        return;
      } catch (error) {
        if (isKramersError(error) && error.code === 'unknown_name') {
          const span = error.issues[0]?.span;
          const name = span ? source.slice(span.start, span.end) : '';
          if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !(name in parameters) && name !== 'x') {
            parameters[name] = 1;
            continue;
          }
        }
        // One error at a time: the problem's error (if any) was for an earlier keystroke.
        showError(this.exprError, error instanceof Error ? error.message : String(error));
        this.showProblemError('');
        this.host.onInputInvalid();
        return;
      }
    }
  }

  private onDomain(): void {
    const text = this.domain.value.trim();
    if (text === '') {
      const { domain: _d, ...rest } = this.host.getProblem();
      this.setProblem(rest);
      return;
    }
    const parts = text.split(':').map(Number);
    if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[0]! < parts[1]!)) {
      this.showProblemError(`domain must read min:max with min < max, e.g. -4:8; got ${text}`);
      return;
    }
    this.patch({ domain: { min: parts[0]!, max: parts[1]! } });
  }

  private renderParams(parameters: Readonly<Record<string, number>>): void {
    this.params.replaceChildren();
    for (const key of [...this.invalidFields]) {
      if (key.startsWith('param-')) this.invalidFields.delete(key);
    }
    for (const [name, value] of Object.entries(parameters)) {
      const id = `param-${name}`;
      const input = h('input', {
        id,
        type: 'number',
        step: 'any',
        value: String(value),
        'aria-describedby': `${id}-error`,
      });
      const error = h('div', { id: `${id}-error`, class: 'error', role: 'alert' });
      input.addEventListener('input', () => {
        const v = Number(input.value);
        // An empty box or one past the doubles (1e400 reads as ∞) is no value: say so by the
        // field and grey the panels, which still show the last value (they used to stay as if
        // computed for the text).
        if (input.value.trim() === '' || !Number.isFinite(v)) {
          const shown = fmt(this.host.getProblem().parameters[name] ?? null);
          // Chromium hands a number box's unreadable text (1e400, "1e") over as '': badInput
          // tells it from a box left empty.
          const what = input.validity.badInput
            ? 'its text is not a finite number'
            : input.value.trim() === ''
              ? 'the field is empty'
              : `got ${input.value}`;
          showError(
            error,
            `parameter ${name} must be a finite number: ${what}. The panels still show ${name} = ${shown}.`,
          );
          input.setAttribute('aria-invalid', 'true');
          this.fieldInvalid(id);
          return;
        }
        showError(error, '');
        input.removeAttribute('aria-invalid');
        this.invalidFields.delete(id);
        this.host.markInput();
        this.patch({ parameters: { ...this.host.getProblem().parameters, [name]: v } });
      });
      this.params.append(h('label', { for: id, text: `parameter ${name}` }), input, error);
    }
  }

  /** Shows `problem` in the controls (a preset, a shared URL, a problem opened from a tab). */
  sync(problem: LabProblem): void {
    this.expr.value = problem.potential;
    showError(this.exprError, '');
    // Every field shows the problem's own value again.
    this.invalidFields.clear();
    const preset = PRESETS.find((p) => canonical(p.problem) === canonical(problem));
    this.preset.value = preset?.id ?? '';
    this.domain.value = problem.domain ? `${problem.domain.min}:${problem.domain.max}` : '';
    this.sliders.D.set(problem.D);
    this.sliders.gamma.set(problem.gamma);
    this.sliders.mass.set(problem.mass);
    this.renderParams(problem.parameters);
    this.summarize();
  }

  /** Moves D as its slider would (the Rates tab's "Double the noise D"). */
  setD(D: number): void {
    this.sliders.D.set(D);
    this.invalidFields.delete('D');
    this.host.markInput();
    this.patch({ D });
  }

  /** The wells of the result, and the targets reachable from the chosen one. */
  showResult(r: MainResult | NoPassageResult): void {
    const from = this.host.getProblem().from;
    this.from.replaceChildren(
      ...r.wells.map((w) =>
        h('option', { value: String(w.index), text: `well ${w.index} (x = ${fmt(w.x)})` }),
      ),
    );
    this.from.value = String(from);
    const targets = r.transitions.filter((t) => t.from === from);
    this.to.replaceChildren(
      ...targets.map((t) =>
        h('option', {
          value: String(t.to),
          text: typeof t.to === 'number' ? `well ${t.to}` : `escape to ${t.to}`,
        }),
      ),
    );
    this.to.value = 'to' in r ? String(r.to.well ?? '') : '';
  }
}
