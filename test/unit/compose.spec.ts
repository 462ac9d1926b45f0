import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The ports each service of the compose file publishes, read line by line (the file keeps
 * `ports:` as a one-line flow list or a block list under the service).
 */
function publishedPorts(yaml: string): Record<string, string[]> {
  const ports: Record<string, string[]> = {};
  let inServices = false;
  let service: string | undefined;
  let inPorts = false;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) {
      inServices = line.startsWith('services:');
      service = undefined;
      continue;
    }
    if (!inServices) continue;
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name) {
      service = name[1];
      inPorts = false;
      continue;
    }
    if (!service) continue;
    const flow = /^ {4}ports:\s*\[(.*)\]\s*$/.exec(line);
    const block = /^ {4}ports:\s*$/.test(line);
    if (flow) {
      ports[service] = flow[1].split(',').map((p) => p.trim().replace(/^['"]|['"]$/g, ''));
      inPorts = false;
    } else if (block) {
      ports[service] = [];
      inPorts = true;
    } else if (inPorts && /^ {6}- /.test(line)) {
      ports[service].push(
        line
          .replace(/^ {6}- /, '')
          .trim()
          .replace(/^['"]|['"]$/g, ''),
      );
    } else if (/^ {4}\S/.test(line)) inPorts = false;
  }
  return ports;
}

describe('infra/docker-compose.yml', () => {
  const yaml = readFileSync(join(__dirname, '../../infra/docker-compose.yml'), 'utf8');
  const ports = publishedPorts(yaml);

  it('publishes only the API/UI port to the network', () => {
    const everywhere = Object.entries(ports).flatMap(([service, list]) =>
      list.filter((p) => !p.startsWith('127.0.0.1:')).map((p) => `${service} ${p}`),
    );
    expect(everywhere).toEqual(['api 3000:3000']);
  });

  it('keeps the engine, Cockpit and the mail catcher on loopback or unpublished', () => {
    for (const service of ['engine', 'engine-2', 'mailpit', 'postgres', 'redis']) {
      for (const p of ports[service] ?? []) expect(p).toMatch(/^127\.0\.0\.1:/);
    }
    expect(ports['engine-2']).toBeUndefined();
    expect(ports.postgres).toBeUndefined();
    expect(ports.redis).toBeUndefined();
    expect(yaml).not.toMatch(/^\s+expose:/m);
  });
});

/** Each service's lines of the compose file (its block under `services:`). */
function serviceBlocks(yaml: string): Record<string, string> {
  const blocks: Record<string, string> = {};
  let inServices = false;
  let service: string | undefined;
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) {
      inServices = line.startsWith('services:');
      service = undefined;
      continue;
    }
    if (!inServices) continue;
    const name = /^ {2}([\w-]+):\s*$/.exec(line);
    if (name) {
      service = name[1];
      blocks[service] = '';
      continue;
    }
    if (service) blocks[service] += line + '\n';
  }
  return blocks;
}

describe('infra/docker-compose.yml: probes, restarts, shutdown', () => {
  const yaml = readFileSync(join(__dirname, '../../infra/docker-compose.yml'), 'utf8');
  const blocks = serviceBlocks(yaml);
  const seconds = (s: string) => Number(/^(\d+)s$/.exec(s)?.[1] ?? NaN);

  it('restarts every long-running service', () => {
    for (const service of ['postgres', 'redis', 'mailpit', 'engine', 'engine-2', 'api', 'worker']) {
      const block = blocks[service] ?? '';
      const inherited = /<<: \*engine/.test(block) && /restart: unless-stopped/.test(yaml);
      expect({
        service,
        restart: inherited || /^ {4}restart: unless-stopped$/m.test(block),
      }).toEqual({ service, restart: true });
    }
    expect(blocks.setup).not.toMatch(/restart:/);
  });

  it('checks the api and the worker by their readiness probe on the internal port', () => {
    expect(blocks.api).toMatch(/healthcheck:\n\s+<<: \*probe\n/);
    expect(blocks.api).toContain("fetch('http://127.0.0.1:9464/health/ready')");
    expect(blocks.worker).toMatch(/healthcheck:\n\s+<<: \*probe\n/);
    expect(blocks.worker).toContain("fetch('http://127.0.0.1:9465/health/ready')");
    // the probes answer on METRICS_HOST, which must be reachable from inside the container
    expect(yaml).toMatch(/^ {2}METRICS_HOST: 0\.0\.0\.0$/m);
    expect(yaml).toMatch(/^x-probe: &probe\n(?: {2}\w+: \S+\n)+/m);
  });

  it('gives api and worker more time to stop than their own shutdown timeout', () => {
    const timeoutMs = Number(/^ {2}SHUTDOWN_TIMEOUT_MS: '(\d+)'$/m.exec(yaml)?.[1]);
    expect(timeoutMs).toBeGreaterThan(0);
    for (const service of ['api', 'worker']) {
      const grace = /^ {4}stop_grace_period: (\S+)$/m.exec(blocks[service])?.[1] ?? '';
      expect(seconds(grace) * 1000).toBeGreaterThanOrEqual(timeoutMs + 5000);
    }
  });

  it('starts the apps once the database, Redis and the engine are ready', () => {
    for (const service of ['api', 'worker']) {
      expect(blocks[service]).toMatch(/setup: \{ condition: service_completed_successfully \}/);
      expect(blocks[service]).toMatch(/redis: \{ condition: service_healthy \}/);
    }
    expect(blocks.setup).toMatch(/engine: \{ condition: service_healthy \}/);
    expect(blocks.setup).toMatch(/postgres: \{ condition: service_healthy \}/);
  });
});
