import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Staff web UI. Built with `npx vite build --config apps/web/vite.config.ts` into apps/web/dist,
 * which the API serves at `/` (SPA fallback); the API itself lives under /api/v1 on the same origin.
 *
 * No @vitejs/plugin-react: Vite 8 transforms TSX with Oxc, configured for the automatic runtime.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    // bpmn-js and form-js are big; they load with the task and case pages only.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-router marks its modules "use client" (for React Server Components): irrelevant here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `npx vite --config apps/web/vite.config.ts` proxies the API of a locally running backend.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
