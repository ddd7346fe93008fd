export {
  createKleinKramersHelper,
  type KleinKramersThread,
  type KleinKramersThreadOptions,
} from './kleinKramersHelper.js';
export { LAB_DIRECTORY, type LabServer, type LabServerOptions, serveLab } from './labServer.js';
export { createSimulationPool, type SimulationPool } from './simulationPool.js';
