import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { zeebeConfig, ZeebeConfig } from '@lotse/common';
import { DeploymentService } from './deployment.service';
import { createZeebeClient, ZeebeClient } from './zeebe-client.factory';
import { ZEEBE_CLIENT } from './zeebe.tokens';

/** The process-wide Zeebe gRPC client. */
@Global()
@Module({
  providers: [
    {
      provide: ZEEBE_CLIENT,
      inject: [zeebeConfig.KEY],
      useFactory: (config: ZeebeConfig) => createZeebeClient(config),
    },
    DeploymentService,
  ],
  exports: [ZEEBE_CLIENT, DeploymentService],
})
export class ZeebeModule implements OnApplicationShutdown {
  constructor(@Inject(ZEEBE_CLIENT) private readonly client: ZeebeClient) {}

  async onApplicationShutdown() {
    await this.client.close(5000).catch(() => undefined);
  }
}
