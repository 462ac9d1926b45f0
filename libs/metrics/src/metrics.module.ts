import { DynamicModule, Global, Module } from '@nestjs/common';
import { loadEnvironment } from '@lotse/common';
import { LotseMetrics, MetricsApp } from './lotse-metrics';
import { MetricsServer } from './metrics-server';

/** The internal port of each app when METRICS_PORT is not set. */
export const DEFAULT_METRICS_PORT: Record<MetricsApp, number> = { api: 9464, worker: 9465 };

/**
 * Metrics of one app: its registry (`LotseMetrics`, injectable everywhere) and the internal
 * HTTP server that serves it (`MetricsServer`; `app.get(MetricsServer).port` is the port bound).
 */
@Global()
@Module({})
export class MetricsModule {
  static forApp(app: MetricsApp): DynamicModule {
    return {
      module: MetricsModule,
      providers: [
        { provide: LotseMetrics, useFactory: () => new LotseMetrics(app) },
        {
          provide: MetricsServer,
          inject: [LotseMetrics],
          useFactory: (metrics: LotseMetrics) => {
            const env = loadEnvironment();
            return new MetricsServer(metrics, {
              host: env.METRICS_HOST,
              port: env.METRICS_PORT ?? DEFAULT_METRICS_PORT[app],
            });
          },
        },
      ],
      exports: [LotseMetrics, MetricsServer],
    };
  }
}
