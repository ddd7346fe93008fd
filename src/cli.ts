#!/usr/bin/env node
import { main } from './cli/main.js';
import { useKleinKramersHelper } from './index.js';
import { createKleinKramersHelper } from './node/index.js';

// A second thread for the Klein–Kramers ladder (a full step's check level beside it): set here,
// for the command's own thread only, as the sweep's point threads run `main` on cores already
// taken. Its thread starts with the first ladder that steps, and never holds the process.
useKleinKramersHelper(createKleinKramersHelper());

process.exitCode = await main(process.argv.slice(2));
