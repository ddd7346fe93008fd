export { brentRoot } from './roots.js';
