// Evaluation speed of compiled expressions against the same functions written by hand.
// Run after `npm run build`:  node bench/eval.mjs
// Each function gets its own freshly generated loop, so every call site stays monomorphic and the
// JIT treats compiled and hand-written functions alike; the sum of all values is returned so that
// no evaluation can be dropped as dead code.
import { compile, parseExpression, potentialFromExpression } from '../dist/expr/index.js';

const N = 1e7;
const REPETITIONS = 7;
const WARMUP = 5;

const quartic = potentialFromExpression('x^4/4 - x^2/2');
const tilted = potentialFromExpression('-cos(x) - 0.5*x');

const cases = [
  {
    name: '`x^4/4 - x^2/2`',
    compiled: quartic.U,
    hand: (x) => (x * x * x * x) / 4 - (x * x) / 2,
  },
  {
    name: "U' of `x^4/4 - x^2/2`",
    compiled: quartic.dU,
    hand: (x) => x * x * x - x,
  },
  {
    name: '`-cos(x) - 0.5*x`',
    compiled: tilted.U,
    hand: (x) => -Math.cos(x) - 0.5 * x,
  },
  {
    name: '`exp(-x^2)*sin(3*x)`',
    compiled: compile(parseExpression('exp(-x^2)*sin(3*x)').ast),
    hand: (x) => Math.exp(-x * x) * Math.sin(3 * x),
  },
];

let loops = 0;
function makeLoop() {
  // A new function per measured function, so each has its own type feedback and inlining. The
  // source must differ (the comment): V8 caches identical `new Function` sources, and a shared
  // loop would turn megamorphic and slow down whichever function is measured later.
  loops++;
  return new Function(
    'f',
    'n',
    `'use strict'; // loop ${loops}\n let sum = 0; const step = 4 / n;` +
      ' for (let i = 0; i < n; i++) sum += f(-2 + i * step); return sum;',
  );
}

function measure(f) {
  const loop = makeLoop();
  let sink = 0;
  for (let i = 0; i < WARMUP; i++) sink += loop(f, N / 10);
  const times = [];
  for (let r = 0; r < REPETITIONS; r++) {
    const start = process.hrtime.bigint();
    sink += loop(f, N);
    times.push(Number(process.hrtime.bigint() - start) / N);
  }
  times.sort((a, b) => a - b);
  return { nsPerEval: times[Math.floor(times.length / 2)], sink };
}

const rows = [];
let checksum = 0;
for (const c of cases) {
  const hand = measure(c.hand);
  const compiled = measure(c.compiled);
  const agree = Math.abs(hand.sink - compiled.sink) <= 1e-9 * Math.max(1, Math.abs(hand.sink));
  checksum += hand.sink + compiled.sink;
  rows.push(
    `| ${c.name} | ${compiled.nsPerEval.toFixed(2)} | ${hand.nsPerEval.toFixed(2)} | ` +
      `${(compiled.nsPerEval / hand.nsPerEval).toFixed(2)} | ${agree ? 'yes' : 'NO'} |`,
  );
}

console.log(`Node ${process.version}, ${N.toExponential(0)} evaluations, median of ${REPETITIONS}`);
console.log('');
console.log('| function | compiled ns/eval | hand-written ns/eval | ratio | same sums |');
console.log('|---|---:|---:|---:|:---:|');
for (const row of rows) console.log(row);
console.log('');
console.log(`(checksum ${checksum.toPrecision(6)})`);
