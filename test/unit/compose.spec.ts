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
