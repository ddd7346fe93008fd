/** How every Lab worker reports a failed request: its id, kind 'error', message and code. */
export function errorReply(id: number, error: unknown) {
  const e = error as { message?: string; code?: string };
  return {
    id,
    kind: 'error' as const,
    error: { message: String(e?.message ?? error), ...(e?.code ? { code: e.code } : {}) },
  };
}
