// `npm run lint` step: fails when an import breaks the layer rule (scripts/layers.mjs).
import { fileURLToPath } from 'node:url';
import { checkLayers, checkWeb } from './layers.mjs';

const violations = [
  ...checkLayers(fileURLToPath(new URL('../src', import.meta.url))),
  ...checkWeb(fileURLToPath(new URL('../web', import.meta.url))),
];
if (violations.length > 0) {
  console.error(
    `Layer rule violated (CONTRIBUTING.md, Floors):\n${violations.map((v) => `  ${v}`).join('\n')}`,
  );
  process.exit(1);
}
console.log('layers: ok');
