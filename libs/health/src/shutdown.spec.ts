import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { drainHttp } from './shutdown';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', path }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('drainHttp', () => {
  let server: Server;
  let port: number;

  beforeEach(async () => {
    server = createServer((req, res) => {
      const ms = req.url === '/slow' ? 400 : req.url === '/hang' ? 60_000 : 0;
      setTimeout(() => res.end(`done ${req.url}`), ms).unref();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('answers the request in flight, then refuses new connections', async () => {
    const inFlight = get(port, '/slow');
    await new Promise((r) => setTimeout(r, 50));
    const drained = drainHttp(server, 5000);
    await new Promise((r) => setTimeout(r, 20));
    const refused = await get(port, '/fast').catch((e: NodeJS.ErrnoException) => e.code);
    expect(refused).toBe('ECONNREFUSED');
    expect(await inFlight).toEqual({ status: 200, body: 'done /slow' });
    await drained;
    expect(server.listening).toBe(false);
  });

  it('cuts off what still runs after the grace time', async () => {
    const hanging = get(port, '/hang').catch((e: NodeJS.ErrnoException) => e.code);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await drainHttp(server, 300);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await hanging).toBe('ECONNRESET');
  });
});
