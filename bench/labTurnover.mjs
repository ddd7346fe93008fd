// The Lab's Turnover tab: wall time from opening the page with the exact curve asked for
// (texact=1) to the exact Klein–Kramers curve on the page, beside the same turnover() call in
// Node on this thread (the Lab solves the curve on one worker of its own). Seed double well,
// D = 0.05 (ΔU/D = 5), γ from 0.01 to 100. Needs `npm run build && npm run build:lab` and Debian's
// chromium (/usr/bin/chromium).  node bench/labTurnover.mjs [points=17]
import { loadavg } from 'node:os';
import { chromium } from 'playwright-core';
import { turnover } from '../dist/index.js';
import { serveLab } from '../dist/node/index.js';

const points = Number(process.argv[2] ?? 17);
const U = 'x^4/4 - x^2/2';
const t0 = performance.now();
const node = await turnover({
  potential: U,
  D: 0.05,
  mass: 1,
  gammaMin: 0.01,
  gammaMax: 100,
  points,
  exact: true,
});
const nodeSeconds = (performance.now() - t0) / 1000;
const statuses = new Set(node.rows.map((r) => r.retcodes?.kleinKramers ?? r.retcode ?? '?'));

const server = await serveLab({ port: 0 });
const browser = await chromium.launch({
  executablePath: process.env.KRAMERS_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const query = `panel=turnover&U=${encodeURIComponent(U)}&D=0.05&gamma=1&m=1&tg=0.01:100:${points}&texact=1`;
const t1 = performance.now();
await page.goto(`${server.url}?${query}`);
await page.waitForFunction(() => window.__panels?.turnover?.exact != null, null, {
  timeout: 600_000,
});
const pageSeconds = (performance.now() - t1) / 1000;
await browser.close();
await server.close();
console.log(`load average ${loadavg()[0].toFixed(2)}; ${points} points, γ 0.01…100, D = 0.05`);
console.log('| where | wall s |');
console.log('| --- | ---: |');
console.log(`| Node, turnover({ exact: true }), this thread | ${nodeSeconds.toFixed(1)} |`);
console.log(`| the Lab in Chromium, page open to exact curve drawn | ${pageSeconds.toFixed(1)} |`);
console.log(`row statuses (Node): ${[...statuses].join(', ')}`);
