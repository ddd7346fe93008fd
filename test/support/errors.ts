import { expect } from 'vitest';
import { KramersError } from '../../src/index.js';

/** The KramersError a call throws (sync or async), for its class, code and text. */
export async function thrown(call: () => unknown): Promise<KramersError> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(KramersError);
    return error as KramersError;
  }
  throw new Error('expected a KramersError, nothing was thrown');
}
