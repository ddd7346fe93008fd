import { humanDuration } from '../index.js';

/** A progress reporter: `update` as work finishes, `stop` before the results are printed. */
export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A one-line progress bar with ETA on stderr, redrawn in place on a terminal. */
export function progressBar(stream: NodeJS.WriteStream, unit: string): Progress {
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

/** Milliseconds from an environment variable of seconds; the default when unset or not > 0. */
export function envMilliseconds(name: string, defaultSeconds: number): number {
  const seconds = Number(process.env[name] ?? defaultSeconds);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultSeconds * 1000;
}

/**
 * Seconds between progress lines when stderr is not a terminal (piped output, a log file):
 * KRAMERS_PROGRESS_SECONDS, default 5, so a long run still says how far it is without flooding.
 */
const lineInterval = () => envMilliseconds('KRAMERS_PROGRESS_SECONDS', 5);

/** Progress as whole lines every few seconds, for a stderr that is not a terminal. */
export function progressLines(write: (text: string) => void, unit: string): Progress {
  const start = Date.now();
  const interval = lineInterval();
  let last = start;
  return {
    update(done: number, total: number) {
      const now = Date.now();
      if (now - last < interval || done >= total) return;
      last = now;
      const elapsed = (now - start) / 1000;
      const left =
        done > 0 ? ` (about ${humanDuration((elapsed * (total - done)) / done)} left)` : '';
      write(`progress: ${done}/${total} ${unit} after ${humanDuration(elapsed)}${left}\n`);
    },
    stop() {},
  };
}
