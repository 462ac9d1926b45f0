import { normaliseTemplate, routeLabel } from './route-label';

describe('routeLabel', () => {
  it('is the template of the matched route, not the URL', () => {
    expect(routeLabel({ routePath: '/api/v1/referrals/:id', path: '/api/v1/referrals/1f0c' })).toBe(
      '/api/v1/referrals/:id',
    );
    expect(routeLabel({ baseUrl: '/api/v1', routePath: '/tasks/:taskId/claim', path: '/x' })).toBe(
      '/api/v1/tasks/:taskId/claim',
    );
    expect(routeLabel({ routePath: '/health', path: '/health' })).toBe('/health');
  });

  it('drops a trailing or doubled slash', () => {
    expect(routeLabel({ baseUrl: '/api/v1/', routePath: '/referrals/', path: '/' })).toBe(
      '/api/v1/referrals',
    );
    expect(routeLabel({ routePath: '/', path: '/' })).toBe('/');
  });

  it('puts requests no route answered into a few fixed values', () => {
    // not found, or refused before routing (rate limit, CSRF, malformed body)
    expect(routeLabel({ path: '/api/v1/referrals/6c1c3f2e-7d7b-4c44-9a40-1e0f0b0d0c0a/x' })).toBe(
      'unmatched',
    );
    expect(routeLabel({ path: '/api' })).toBe('unmatched');
    expect(routeLabel({ path: '/health' })).toBe('unmatched');
    // the web UI's files and client-side paths (which may carry ids)
    expect(routeLabel({ path: '/faelle/6c1c3f2e-7d7b-4c44-9a40-1e0f0b0d0c0a' })).toBe('web');
    expect(routeLabel({ path: '/assets/index-4f3a9c.js' })).toBe('web');
    expect(routeLabel({ path: '' })).toBe('web');
    // Swagger UI and its files
    expect(routeLabel({ path: '/api/docs' })).toBe('/api/docs');
    expect(routeLabel({ path: '/api/docs/swagger-ui.css' })).toBe('/api/docs');
    expect(routeLabel({ path: '/api/docs-json' })).toBe('/api/docs');
  });

  it('ignores a route path that is no string (a pattern Express keeps as a RegExp)', () => {
    expect(routeLabel({ routePath: /^\/x\/(\d+)$/, path: '/api/v1/x/1' })).toBe('unmatched');
  });
});

describe('normaliseTemplate', () => {
  it('replaces literal id-like segments, keeps parameters and words', () => {
    expect(normaliseTemplate('/api/v1/referrals/6c1c3f2e-7d7b-4c44-9a40-1e0f0b0d0c0a')).toBe(
      '/api/v1/referrals/:id',
    );
    expect(normaliseTemplate('/api/v1/conferences/42/agenda')).toBe(
      '/api/v1/conferences/:id/agenda',
    );
    expect(normaliseTemplate('/api/v1/calendar/ics/AbCdEfGhIjKlMnOpQrStUvWxYz012345')).toBe(
      '/api/v1/calendar/ics/:id',
    );
    expect(normaliseTemplate('/api/v1/tasks/:taskId/complete')).toBe(
      '/api/v1/tasks/:taskId/complete',
    );
    expect(normaliseTemplate('/api/v1/data-protection/access-report')).toBe(
      '/api/v1/data-protection/access-report',
    );
    expect(normaliseTemplate('/api/v1/v1')).toBe('/api/v1/v1');
  });
});
