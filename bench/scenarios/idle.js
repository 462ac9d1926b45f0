// @ts-check
'use strict';
/**
 * (extra, not in the default set) What an idle installation costs: the api and worker running,
 * nothing to do, for --idle-seconds. CPU of each process and their RSS.
 */
const { log, sleep } = require('../lib/util');

/** @param {import('../lib/context').BenchContext} ctx */
async function run(ctx) {
  const seconds = Number(ctx.opts['idle-seconds']);
  await ctx.apps({ api: true, worker: true });
  await sleep(5000);
  log(`idle: ${seconds} s`);
  const win = await ctx.window();
  await sleep(seconds * 1000);
  const resources = await win.end();
  const rss = ctx.peakRss();
  await ctx.stopApps();
  return {
    figures: [
      { figure: 'api CPU while idle', value: resources.cpu.api, unit: '% of a core' },
      { figure: 'worker CPU while idle', value: resources.cpu.worker, unit: '% of a core' },
      { figure: 'engine CPU while idle', value: resources.cpu.engine, unit: '% of a core' },
      { figure: 'PostgreSQL CPU while idle', value: resources.cpu.postgres, unit: '% of a core' },
      { figure: 'PostgreSQL commits/s while idle', value: resources.pg.commitsPerSec, unit: '/s' },
      {
        figure: 'engine job acquisitions/s while idle',
        value: (resources.engine.metrics['job-acquisition-attempt'] ?? NaN) / resources.seconds,
        unit: '/s',
      },
    ],
    rss,
    resources,
    details: { seconds },
  };
}

module.exports = { run, name: 'idle' };
