import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the worker when dist/ is missing or older than the sources (crash tests run the real binary). */
export function ensureWorkerBuilt(): string {
  const main = join(ROOT, 'dist/apps/worker/main.js');
  const sources = Math.max(newest(join(ROOT, 'libs')), newest(join(ROOT, 'apps/worker/src')));
  if (!existsSync(main) || statSync(main).mtimeMs < sources) {
    execFileSync('npx', ['nest', 'build', 'worker'], { cwd: ROOT, stdio: 'ignore' });
  }
  return main;
}

/** The worker as its own process, with the test environment plus `env`. */
export function spawnWorker(env: Record<string, string> = {}): ChildProcess {
  const child = spawn('node', [ensureWorkerBuilt(), 'run'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

/** Builds the API when dist/ is missing or older than the sources (boot checks run the real binary). */
export function ensureApiBuilt(): string {
  const main = join(ROOT, 'dist/apps/api/main.js');
  const sources = Math.max(newest(join(ROOT, 'libs')), newest(join(ROOT, 'apps/api/src')));
  if (!existsSync(main) || statSync(main).mtimeMs < sources) {
    execFileSync('npx', ['nest', 'build', 'api'], { cwd: ROOT, stdio: 'ignore' });
  }
  return main;
}

/** Runs the API binary to its end (e.g. a start it refuses); its exit code and all it wrote. */
export function runApiToEnd(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  return runToEnd(ensureApiBuilt(), [], env, timeoutMs);
}

/** Runs the worker binary to its end (e.g. a start it refuses); its exit code and all it wrote. */
export function runWorkerToEnd(
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
  args = ['run'],
): Promise<{ code: number | null; output: string }> {
  return runToEnd(ensureWorkerBuilt(), args, env, timeoutMs);
}

/** `undefined` in `env` removes that variable from the test environment. */
function runToEnd(
  main: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  const merged: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  const child = spawn('node', [main, ...args], {
    cwd: ROOT,
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

export function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
