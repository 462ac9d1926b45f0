import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { httpConfig, HttpConfig, loadEnvironment } from '@lotse/common';
import { stopGracefullyOnSignals } from '@lotse/health';
import { createApi } from './bootstrap';

async function main() {
  const app = await createApi();
  const http = app.get<HttpConfig>(httpConfig.KEY);
  await app.listen(http.port, http.host);
  const server = app.getHttpServer() as Server;
  let draining = false;
  // While draining, answers close their connection: the client opens its next one elsewhere.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
  });
  stopGracefullyOnSignals(app, 'api', {
    timeoutMs: loadEnvironment().SHUTDOWN_TIMEOUT_MS,
    server,
    onStart: () => (draining = true),
  });
  new Logger('Api').log({
    msg: 'listening',
    url: `http://${http.host}:${http.port}`,
    docs: '/api/docs',
  });
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
