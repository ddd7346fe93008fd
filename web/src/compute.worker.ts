/**
 * The Lab's compute worker: the page's requests in, the library's numbers out (compute.ts), so
 * that the page never waits on a quadrature or an eigen-solver.
 */
import { arrheniusSweep, mainResult } from './compute.js';
import type { ComputeReply, ComputeRequest } from './protocol.js';
import { serveRequests } from './workerProtocol.js';

async function reply(request: ComputeRequest): Promise<ComputeReply> {
  const { id, problem, panel } = request;
  return request.kind === 'main'
    ? { id, kind: 'main', result: await mainResult(problem, panel) }
    : { id, kind: 'arrhenius', result: await arrheniusSweep(problem) };
}

serveRequests<ComputeRequest, ComputeReply>(reply);
