import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { LotseLogger, loadEnvironment } from '@lotse/common';
import { stopGracefullyOnSignals } from '@lotse/health';
import { auditVerify, deploy, migrate, seed } from './commands';
import { WorkerModule } from './worker.module';

const USAGE = 'usage: worker [run|migrate|deploy|seed|audit-verify]...';

async function runWorkers() {
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: new LotseLogger('worker', loadEnvironment().LOG_LEVEL),
    abortOnError: false,
  });
  // SIGTERM: no new fetches; running tasks and mails finish (or go back), then exit 0.
  stopGracefullyOnSignals(app, 'worker', { timeoutMs: loadEnvironment().SHUTDOWN_TIMEOUT_MS });
  await app.init();
}

async function main(args: string[]) {
  const steps = args.length ? args : ['run'];
  for (const step of steps) {
    switch (step) {
      case 'migrate': {
        const done = await migrate();
        process.stdout.write(
          JSON.stringify({ msg: 'migrations applied', migrations: done }) + '\n',
        );
        break;
      }
      case 'deploy':
        await deploy();
        break;
      case 'seed':
        for (const msg of await seed()) process.stdout.write(JSON.stringify({ msg }) + '\n');
        break;
      case 'run':
        await runWorkers();
        break;
      case 'audit-verify': {
        // Exit code 1 when the chain is broken; the first broken row is named.
        const result = await auditVerify();
        if (result.ok) {
          process.stdout.write(
            JSON.stringify({ msg: `audit chain intact: ${result.rows} rows`, ...result }) + '\n',
          );
        } else {
          process.stdout.write(
            JSON.stringify({ msg: `audit chain broken: ${result.message}`, ...result }) + '\n',
          );
          process.exitCode = 1;
          return;
        }
        break;
      }
      default:
        throw new Error(USAGE);
    }
  }
}

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
