import { type ChunkRequest, type ChunkResult, runChunk } from '../simulation/index.js';

/**
 * Worker-thread entry: the same pure kernel as in the browser's Web Worker. It imports only the
 * simulation module (no expression parser, no CLI), so each worker starts light; the potential
 * arrives as generated source inside the request.
 */
export default function simulateChunk(request: ChunkRequest): ChunkResult {
  return runChunk(request);
}
