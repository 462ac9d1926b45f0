export * from './health.controller';
export * from './health.module';
export * from './readiness';
export * from './shutdown';
