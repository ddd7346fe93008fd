export { createSimulationPool, type SimulationPool } from './simulationPool.js';
