import { useKleinKramersHelper } from '../index.js';
import { createKleinKramersHelper } from '../node/index.js';
import { main } from './main.js';

/**
 * The CLI's start, run by dist/cli.js: from the bundle scripts/bundle-cli.mjs makes of this file
 * (dist/cli/bundle.js) where that is current, else from the modules. A function, not top-level
 * code awaiting `main`: the bundle's lazily loaded chunks import from the bundle's entry, and an
 * entry still awaiting at the top level would never let them finish loading (Node exits 13).
 */
export async function start(argv: readonly string[]): Promise<number> {
  // A second thread for the Klein–Kramers ladder (a full step's check level beside it): set here,
  // for the command's own thread only, as the sweep's point threads run `main` on cores already
  // taken. Its thread starts with the first ladder that steps, and never holds the process.
  useKleinKramersHelper(createKleinKramersHelper());
  return main([...argv]);
}
