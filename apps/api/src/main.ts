import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { httpConfig, HttpConfig } from '@lotse/common';
import { createApi } from './bootstrap';

async function main() {
  const app = await createApi();
  const http = app.get<HttpConfig>(httpConfig.KEY);
  await app.listen(http.port, http.host);
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
