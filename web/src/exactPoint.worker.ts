/**
 * Worker of one exact turnover point at a time: `turnoverExactPoint` of the library for the
 * problem and friction value asked (the Turnover tab spreads its exact curve over several of
 * these, exactRunner.ts).
 */
import { turnoverExactPoint } from 'kramers';
import type { ExactPointReply, ExactPointRequest } from './exactRunner.js';
import { serveRequests } from './workerProtocol.js';

serveRequests<ExactPointRequest, ExactPointReply>((request) => ({
  id: request.id,
  kind: 'exactPoint',
  result: turnoverExactPoint(request.problem, request.gamma),
}));
