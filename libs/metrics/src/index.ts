export * from './lotse-metrics';
export * from './metrics-server';
export * from './metrics.module';
export * from './http-metrics';
export * from './route-label';
export type { Gauge } from 'prom-client';
