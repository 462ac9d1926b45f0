// @ts-check
/** Three tiers: unit specs beside the code; e2e specs against the real stack (broker, Postgres, Redis, SMTP). */

/**
 * pdf-parse (specs read PDFs back with it) runs PDF.js with its worker in the main thread and
 * would load that with a dynamic import(), which Jest's CommonJS sandbox refuses. Compiled to
 * CommonJS, the worker can be required instead; it then registers itself as
 * `globalThis.pdfjsWorker`, where PDF.js looks first (see `loadPdfWorker` in the specs).
 */
const PDF_WORKER = 'pdf-parse/dist/pdf-parse/cjs/pdf\\.worker\\.mjs$';
const transformIgnorePatterns = [`/node_modules/(?!${PDF_WORKER})`];

const transform = {
  [`/node_modules/${PDF_WORKER}`]: [
    '@swc/jest',
    { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
  '^.+\\.(t|j)s$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: {
          legacyDecorator: true,
          decoratorMetadata: true,
          useDefineForClassFields: false,
        },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};
const moduleNameMapper = { '^@lotse/([^/]+)$': '<rootDir>/libs/$1/src' };

/** @type {import('jest').Config} */
module.exports = {
  testSequencer: '<rootDir>/test/harness/sequencer.js',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/*/src/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      globalSetup: '<rootDir>/test/harness/global-setup.js',
      globalTeardown: '<rootDir>/test/harness/global-teardown.js',
      setupFiles: ['<rootDir>/test/harness/env.js'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/timeout.js'],
      slowTestThreshold: 60,
    },
  ],
};
