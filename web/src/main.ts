/**
 * The Lab's shell: the layout, the sidebar's problem controls, the state kept in the URL, the
 * tabs, and the wiring of each tab to the workers that compute what it shows.
 */
import 'katex/dist/katex.min.css';
import './style.css';
import ComputeWorker from './compute.worker.ts?worker';
import { type DriftHooks, DriftPanel } from './driftPanel.js';
import { DrivePanel } from './drive.js';
import { FluxPanel } from './fluxPanel.js';
import { h } from './format.js';
import { type GalleryHooks, PhysicalGallery, scenarioList } from './galleryPanel.js';
import { LandscapePanel } from './landscapePanel.js';
import { LatestWorker, type WorkerError } from './latestWorker.js';
import {
  type ComputeReply,
  type ComputeRequest,
  hasPassage,
  type LabProblem,
  type MainResult,
  type NoPassageResult,
  type Panel,
} from './protocol.js';
import { PullPanel } from './pullPanel.js';
import { RatesPanel } from './ratesPanel.js';
import { ProblemControls } from './sidebar.js';
import { SimulationPanel } from './simulation.js';
import { SpectrumPanel } from './spectrumPanel.js';
import { decodeState, encodeState, type LabState, linkProblems, PANELS } from './state.js';
import { type SurfaceHooks, SurfacePanel } from './surfacePanel.js';
import { type TurnoverHooks, TurnoverPanel } from './turnoverPanel.js';

/** Hooks for the browser tests and for measuring the page (bench/README.md). */
interface LabHooks {
  /** Milliseconds from a control's input event to the repainted result. */
  repaintTimes: number[];
  lastResult: MainResult | NoPassageResult | null;
  /** Increments on every rendered result (tests wait on it). */
  renders: number;
  simulation: SimulationPanel;
  drive: DrivePanel;
  pulling: PullPanel;
  surface: SurfaceHooks;
  drift: DriftHooks;
}
declare global {
  interface Window {
    __lab: LabHooks;
    /** The Turnover tab and the physical-presets gallery (tests read the library's reports). */
    __panels: { turnover: TurnoverHooks; gallery: GalleryHooks };
  }
}

let state: LabState = decodeState(location.search);
let latest: MainResult | null = null;
let inputStartedAt: number | null = null;

// ---------------------------------------------------------------- state
function setState(next: Partial<LabState>, options: { recompute?: boolean } = {}) {
  state = { ...state, ...next };
  history.replaceState(null, '', `?${encodeState(state)}`);
  if (options.recompute !== false) requestMain();
}

/** Replaces the whole problem (the seed example): the controls follow. */
function loadProblem(problem: LabProblem) {
  state = { ...state, problem };
  controls.sync(problem);
  setState({});
}

/** A control moved: the repaint it causes is timed (window.__lab.repaintTimes). */
function markInput() {
  inputStartedAt = performance.now();
}

// ---------------------------------------------------------------- layout
const app = document.getElementById('app')!;
app.append(
  h(
    'header',
    {},
    h('h1', { text: 'kramers Lab: a marble shaken in an egg box' }),
    h('p', {
      text: 'Thermally activated escape over a barrier. Overdamped γ dx = −U′(x) dt + √(2γD) dW; every number below is computed by the kramers library in Web Workers.',
    }),
  ),
);
const aside = h('aside', { 'aria-label': 'problem' });
const mainEl = h('main', {});
app.append(h('div', { class: 'layout' }, aside, mainEl));

// ---------------------------------------------------------------- sidebar
/** What the page's link carried that was refused, per tab: each says why, as typing it would. */
const refused = linkProblems(location.search);
const controls = new ProblemControls(
  aside,
  {
    getProblem: () => state.problem,
    setProblem: (problem) => setState({ problem }),
    markInput,
    onInputInvalid: () => {
      // Nothing to compute for what is typed: drop answers still due for earlier keystrokes.
      compute.cancel();
      controls.status.textContent = '';
      mainEl.classList.add('stale');
    },
  },
  refused.problem,
);

// ---------------------------------------------------------------- compute workers
// Analysis and rates of the sidebar's problem (tens of ms): one worker, the newest request next.
const compute = new LatestWorker<ComputeRequest, ComputeReply>({
  create: () => new ComputeWorker(),
  policy: 'queue',
  onResult: (reply) => {
    if (reply.kind !== 'main') return;
    const r = reply.result;
    // A well with no barrier to cross (x^2): the Landscape tab shows the landscape, as
    // `kramers analyze` does; the tabs of a passage say why they have nothing (as `kramers rate`).
    if (!hasPassage(r) && state.panel !== 'landscape') {
      showProblemError({ message: r.noPassage });
      return;
    }
    controls.showProblemError('');
    // Still grey while the expression box holds a parse error: what is shown is not what is typed.
    mainEl.classList.toggle('stale', controls.inputInvalid);
    if (hasPassage(r)) latest = r;
    render(r);
  },
  onError: showProblemError,
});

// The Arrhenius sweep (15 exact solves) runs on its own worker, restarted when superseded, and
// starts only once the controls rest for 250 ms, so that it never competes with a slider's repaint.
const sweep = new LatestWorker<ComputeRequest, ComputeReply>({
  create: () => new ComputeWorker(),
  policy: 'restart',
  onResult: (reply) => {
    if (reply.kind === 'arrhenius') rates.renderArrhenius(reply.result);
  },
});

function requestMain() {
  controls.status.textContent = 'computing…';
  compute.request((id) => ({ id, kind: 'main', problem: state.problem, panel: state.panel }));
}

function requestSweep() {
  sweep.request(
    (id) => ({ id, kind: 'arrhenius', problem: state.problem, panel: state.panel }),
    250,
  );
}

function showProblemError(error: WorkerError) {
  controls.status.textContent = '';
  // While the expression box holds a parse error, that is the one error shown.
  if (!controls.inputInvalid) controls.showProblemError(error.message);
  // The panels still show the last problem that worked: grey them out.
  mainEl.classList.add('stale');
}

// ---------------------------------------------------------------- tabs
const TAB_TITLES: Record<Panel, string> = {
  landscape: 'Landscape',
  rates: 'Rates',
  flux: 'Flux',
  spectrum: 'Spectrum',
  simulation: 'Simulation',
  drive: 'Drive',
  turnover: 'Turnover',
  pulling: 'Pulling',
  surface: '2-D',
  drift: 'Drift',
  gallery: 'Gallery',
};
const tabList = h('div', { role: 'tablist', 'aria-label': 'panels' });
const sections = new Map<Panel, HTMLElement>();
for (const panel of PANELS) {
  tabList.append(tabButton(panel));
  const section = h('section', {
    id: `panel-${panel}`,
    role: 'tabpanel',
    'aria-labelledby': `tab-${panel}`,
  });
  sections.set(panel, section);
}
mainEl.append(tabList, ...sections.values());

/** A tab: click to open; the arrow keys move to the neighbouring tab. */
function tabButton(panel: Panel) {
  const tab = h('button', {
    role: 'tab',
    id: `tab-${panel}`,
    'aria-controls': `panel-${panel}`,
    type: 'button',
    text: TAB_TITLES[panel],
  });
  tab.addEventListener('click', () => selectPanel(panel));
  tab.addEventListener('keydown', (event) => {
    const i = PANELS.indexOf(panel);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      const next = PANELS[(i + step + PANELS.length) % PANELS.length]!;
      selectPanel(next);
      document.getElementById(`tab-${next}`)?.focus();
    }
  });
  return tab;
}

function selectPanel(panel: Panel) {
  for (const [p, section] of sections) {
    section.hidden = p !== panel;
    const tab = document.getElementById(`tab-${p}`)!;
    tab.setAttribute('aria-selected', String(p === panel));
    tab.tabIndex = p === panel ? 0 : -1;
  }
  // The 2-D tab has a problem of its own: the sidebar shows its controls instead of U(x)'s.
  aside.classList.toggle('surface-mode', panel === 'surface');
  aside.classList.toggle('drift-mode', panel === 'drift');
  if (panel === 'surface' || panel === 'drift') {
    setState({ panel }, { recompute: false });
    (panel === 'surface' ? surface : driftPanel).show();
    return;
  }
  setState({ panel });
}

// ---------------------------------------------------------------- panels
const section = (panel: Panel) => sections.get(panel)!;
const landscape = new LandscapePanel(section('landscape'));
const rates = new RatesPanel(section('rates'), {
  getState: () => state,
  getResult: () => latest,
  loadProblem,
  setD: (D) => controls.setD(D),
});
const flux = new FluxPanel(section('flux'));
const spectrum = new SpectrumPanel(section('spectrum'));
const simulation = new SimulationPanel(section('simulation'), {
  getState: () => state,
  getResult: () => latest,
  setSim: (sim) => setState({ sim }, { recompute: false }),
  linkProblems: refused.sim,
});
const drive = new DrivePanel(section('drive'), {
  getState: () => state,
  setDrive: (d) => setState({ drive: d }, { recompute: false }),
  linkProblems: refused.drive,
});
const turnover = new TurnoverPanel(section('turnover'), {
  getState: () => state,
  getResult: () => latest,
  setTurnover: (t) => setState({ turnover: t }, { recompute: false }),
  linkProblems: refused.turnover,
});
const pulling = new PullPanel(section('pulling'), {
  getProblem: () => state.problem,
  getPull: () => state.pull,
  setPull: (pull) => setState({ pull }, { recompute: false }),
});
const surface = new SurfacePanel(section('surface'), {
  get: () => state.surface,
  set: (problem) => setState({ surface: problem }, { recompute: false }),
});
aside.append(surface.controls);
const driftPanel = new DriftPanel(section('drift'), {
  get: () => state.drift,
  set: (problem) => setState({ drift: problem }, { recompute: false }),
});
aside.append(driftPanel.controls);
section('gallery').append(...scenarioList(state));
const physicalGallery = new PhysicalGallery(section('gallery'), {
  getState: () => state,
  setPhysical: (physical) => {
    const { physical: _drop, ...rest } = state;
    state = physical ? { ...rest, physical } : rest;
    setState({}, { recompute: false });
  },
  openProblem: (problem, panel) => {
    state = { ...state, problem };
    controls.sync(problem);
    selectPanel(panel);
  },
});

/** What each tab does with a new result of the compute worker (the sidebar's problem). */
const SHOW: Record<Panel, (r: MainResult) => void> = {
  landscape: (r) => landscape.render(r),
  rates: (r) => {
    rates.render(r);
    requestSweep();
  },
  flux: (r) => flux.render(r),
  spectrum: (r) => spectrum.render(r),
  simulation: (r) => simulation.onResult(r),
  drive: () => drive.update(),
  turnover: () => turnover.refresh(),
  pulling: () => pulling.show(),
  surface: () => {},
  drift: () => {},
  gallery: () => {},
};

// ---------------------------------------------------------------- render
function render(r: MainResult | NoPassageResult) {
  controls.showResult(r);
  if (hasPassage(r)) SHOW[state.panel](r);
  else landscape.render(r);
  controls.status.textContent = `computed in ${r.computeMs.toFixed(0)} ms (worker)`;
  const started = inputStartedAt;
  inputStartedAt = null;
  requestAnimationFrame(() => {
    if (started !== null) window.__lab.repaintTimes.push(performance.now() - started);
    window.__lab.renders++;
    document.body.dataset['renders'] = String(window.__lab.renders);
  });
  window.__lab.lastResult = r;
}

window.__lab = {
  repaintTimes: [],
  lastResult: null,
  renders: 0,
  simulation,
  drive,
  pulling,
  surface: surface.hooks,
  drift: driftPanel.hooks,
};
window.__panels = { turnover: turnover.hooks, gallery: physicalGallery.hooks };
controls.sync(state.problem);
selectPanel(state.panel);
