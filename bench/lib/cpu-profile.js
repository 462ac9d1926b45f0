// @ts-check
'use strict';
/**
 * Preloaded into the api and worker with `--cpu-prof` of the harness (`node -r`): records a V8
 * CPU profile and writes it to $BENCH_CPU_PROFILE_DIR/<app>-<pid>.cpuprofile. Node's own
 * --cpu-prof cannot be used: Nest's shutdown hooks end the process by re-raising SIGTERM, and
 * a process killed by a signal writes no profile. Here the second SIGTERM (the one Nest raises
 * after closing the app) writes the profile and exits.
 */
const fs = require('node:fs');
const inspector = require('node:inspector');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.start'));
  let signals = 0;
  process.on('SIGTERM', () => {
    if (++signals < 2) return;
    session.post('Profiler.stop', (err, res) => {
      if (!err) {
        const name = path.basename(process.argv[1]).replace(/\.js$/, '');
        const app = process.argv[1].includes('worker') ? 'worker' : 'api';
        fs.writeFileSync(
          path.join(dir, `${app}-${name}-${process.pid}.cpuprofile`),
          JSON.stringify(res.profile),
        );
      }
      process.exit(0);
    });
  });
}
