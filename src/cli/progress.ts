/** A one-line progress bar with ETA on stderr, only on a terminal (never floods CI logs). */
export function progressBar(stream: NodeJS.WriteStream, unit: string) {
  const start = Date.now();
  let last = 0;
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const fraction = total > 0 ? done / total : 1;
      const width = 30;
      const filled = Math.round(fraction * width);
      const elapsed = (now - start) / 1000;
      const eta = fraction > 0 ? elapsed * (1 / fraction - 1) : Number.NaN;
      stream.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${unit}, ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '?'}  `,
      );
    },
    stop() {
      stream.write('\r\x1b[K');
    },
  };
}
