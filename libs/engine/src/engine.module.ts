import { Global, Module } from '@nestjs/common';
import { engineConfig, EngineConfig } from '@lotse/common';
import { DeploymentService } from './deployment.service';
import { EngineClient } from './engine-client';

/** The process-wide client of the engine's REST API. */
@Global()
@Module({
  providers: [
    {
      provide: EngineClient,
      inject: [engineConfig.KEY],
      useFactory: (config: EngineConfig) => {
        if (config.defaultPassword && config.production) {
          throw new Error(
            'ENGINE_PASSWORD must be set in production (the development default is refused)',
          );
        }
        return new EngineClient(config);
      },
    },
    DeploymentService,
  ],
  exports: [EngineClient, DeploymentService],
})
export class EngineModule {}
