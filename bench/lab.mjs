// The Lab in Chromium: simulation walker-steps per second on the page's Web Workers beside the
// same chunks on Node's worker_threads pool (same kernel, same requests, same worker count; on
// both engines, the JavaScript kernels and the WebAssembly SIMD lanes, wall time), the
// same for sampled trajectories of a rocked double well (the stochastic-resonance jobs of the
// Drive panel), and slider-to-repaint times on the seed double well. Needs `npm run build && npm run build:lab` and
// Debian's chromium (/usr/bin/chromium).
import { chromium } from 'playwright-core';
import { differentiate, generateSource, parseExpression, simplify } from '../dist/expr/index.js';
import { createSimulationPool, serveLab } from '../dist/node/index.js';
import { runJobs } from '../dist/simulation/index.js';

const WORKERS = 2;
const REPEATS = 5;
const ast = simplify(parseExpression('x^4/4 - x^2/2').ast);
const config = {
  dynamics: 'overdamped',
  potential: generateSource(ast, ['x']),
  force: generateSource(simplify(differentiate(ast, 'x')), ['x']),
  D: 0.25,
  gamma: 1,
  dt: 1e-3,
  tMax: 300,
  start: { x: -1 },
  absorbing: { above: 1 },
  seed: 11,
};
// 8 chunks of 128 walkers: ~1.5e7 walker-steps (MFPT ≈ 14.3 at dt = 1e-3).
const requests = Array.from({ length: 8 }, (_, i) => ({
  config,
  firstWalker: 128 * i,
  walkers: 128,
}));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Sampled trajectories of the rocked well x⁴/4 − x²/2 − 0.05·x·cos(0.1 t) (an SR job): 8 jobs of
// 4 trajectories, 36 periods of 2π/0.1 at dt ≈ 0.005 (1.45e7 walker-steps).
const rocked = simplify(
  parseExpression('x^4/4 - x^2/2 - 0.05*x*cos(0.1*t)', { variables: ['x', 't'] }).ast,
);
const spacing = (2 * Math.PI) / 0.1 / 16;
const every = Math.ceil(spacing / 0.005);
const trajectoryRequests = Array.from({ length: 8 }, (_, i) => ({
  config: {
    dynamics: 'overdamped',
    potential: generateSource(rocked, ['x', 't']),
    force: generateSource(simplify(differentiate(rocked, 'x')), ['x', 't']),
    D: 0.15,
    gamma: 1,
    dt: spacing / every,
    start: { x: -1 },
    seed: 5,
  },
  firstTrajectory: 4 * i,
  trajectories: 4,
  samples: 36 * 16,
  every,
}));

const pool = createSimulationPool(WORKERS);
const ENGINES = ['js', 'wasm'];
const withEngine = (engine) => requests.map((r) => ({ ...r, config: { ...r.config, engine } }));
const nodeRates = { js: [], wasm: [] };
let steps = 0;
for (let r = 0; r < REPEATS; r++) {
  for (const engine of ENGINES) {
    const t0 = performance.now();
    const results = await runJobs(pool.runner, 'chunk', withEngine(engine));
    const seconds = (performance.now() - t0) / 1000;
    steps = results.reduce((s, x) => s + x.steps, 0);
    nodeRates[engine].push(steps / seconds);
  }
}
const nodeTrajectoryRates = [];
let trajectorySteps = 0;
for (let r = 0; r < REPEATS; r++) {
  const t0 = performance.now();
  const results = await runJobs(pool.runner, 'trajectory', trajectoryRequests);
  const seconds = (performance.now() - t0) / 1000;
  trajectorySteps = results.reduce((s, x) => s + x.steps, 0);
  nodeTrajectoryRates.push(trajectorySteps / seconds);
}
await pool.close();

const server = await serveLab({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.KRAMERS_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${server.url}?panel=landscape`);
await page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) >= 1);
const pageRates = { js: [], wasm: [] };
const pageEngines = new Set();
for (let r = 0; r < REPEATS; r++) {
  for (const engine of ENGINES) {
    const { seconds, engines } = await page.evaluate(async (reqs) => {
      const t0 = performance.now();
      const results = await window.__lab.simulation.runChunks(reqs);
      return { seconds: (performance.now() - t0) / 1000, engines: results.map((x) => x.engine) };
    }, withEngine(engine));
    for (const e of engines) pageEngines.add(e);
    pageRates[engine].push(steps / seconds);
  }
}
const pageWorkers = await page.evaluate(() => window.__lab.simulation.workers);
const pageTrajectoryRates = [];
for (let r = 0; r < REPEATS; r++) {
  const seconds = await page.evaluate(async (reqs) => {
    const t0 = performance.now();
    await window.__lab.simulation.runTrajectories(reqs);
    return (performance.now() - t0) / 1000;
  }, trajectoryRequests);
  pageTrajectoryRates.push(trajectorySteps / seconds);
}

// Slider-to-repaint: 20 keyboard steps of the D slider on the landscape and on the rates panel.
const repaint = {};
for (const panel of ['landscape', 'rates']) {
  await page.goto(`${server.url}?panel=${panel}`);
  await page.waitForFunction(() => Number(document.body.dataset.renders ?? 0) >= 1);
  await page.focus('#D-slider');
  for (let i = 0; i < 20; i++) {
    const before = await page.evaluate(() => Number(document.body.dataset.renders));
    await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
    await page.waitForFunction((k) => Number(document.body.dataset.renders) > k, before);
  }
  const times = await page.evaluate(() => window.__lab.repaintTimes);
  repaint[panel] = { median: median(times), max: Math.max(...times) };
}
await browser.close();
await server.close();

const fmt = (x) => (x / 1e6).toFixed(1);
console.log(`walker-steps per run: ${steps.toExponential(3)}, ${REPEATS} runs, median`);
console.log(`engines that ran in the page: ${[...pageEngines].join(', ')}`);
console.log('| runner | engine | workers | Mwalker-steps/s | × Node pool, same engine |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const engine of ENGINES) {
  const node = median(nodeRates[engine]);
  const inPage = median(pageRates[engine]);
  console.log(`| Node worker_threads (piscina) | ${engine} | ${WORKERS} | ${fmt(node)} | 1.00 |`);
  console.log(
    `| Chromium Web Workers (the Lab) | ${engine} | ${pageWorkers} | ${fmt(inPage)} | ${(inPage / node).toFixed(2)} |`,
  );
}
console.log(
  `\nsampled trajectories (rocked well): ${trajectorySteps.toExponential(3)} walker-steps per run`,
);
console.log('| runner | workers | Mwalker-steps/s | × Node pool |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| Node pool, trajectory jobs (piscina) | ${WORKERS} | ${fmt(median(nodeTrajectoryRates))} | 1.00 |`,
);
console.log(
  `| Chromium Web Workers, trajectory jobs (the Lab) | ${pageWorkers} | ${fmt(median(pageTrajectoryRates))} | ${(median(pageTrajectoryRates) / median(nodeTrajectoryRates)).toFixed(2)} |`,
);
console.log('\n| panel | slider-to-repaint median ms | max ms |');
console.log('| --- | ---: | ---: |');
for (const [panel, t] of Object.entries(repaint)) {
  console.log(`| ${panel} | ${t.median.toFixed(1)} | ${t.max.toFixed(1)} |`);
}
