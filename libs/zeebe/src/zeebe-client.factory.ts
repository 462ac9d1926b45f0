import { Camunda8, Zeebe } from '@camunda8/sdk';
import type { ZeebeConfig } from '@lotse/common';

export type ZeebeClient = Zeebe.ZeebeGrpcClient;

/**
 * A gRPC client for the configured gateway. The SDK's own request retries are off: callers
 * that must not lose a command (the outbox relay) retry on their own terms, and workers are
 * re-driven by the broker.
 */
export function createZeebeClient(
  config: ZeebeConfig,
  opts: { retry?: boolean } = {},
): ZeebeClient {
  const c8 = new Camunda8({
    ZEEBE_GRPC_ADDRESS: config.address,
    ZEEBE_ADDRESS: config.address,
    CAMUNDA_AUTH_STRATEGY: config.auth,
    CAMUNDA_SECURE_CONNECTION: config.secure,
    ...(config.auth === 'OAUTH'
      ? {
          ZEEBE_CLIENT_ID: config.clientId,
          ZEEBE_CLIENT_SECRET: config.clientSecret,
          CAMUNDA_OAUTH_URL: config.oauthUrl,
          ZEEBE_TOKEN_AUDIENCE: config.tokenAudience,
        }
      : {}),
    zeebeGrpcSettings: {
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
      ZEEBE_GRPC_CLIENT_RETRY: opts.retry ?? false,
      ZEEBE_GRPC_CLIENT_EAGER_CONNECT: false,
    },
  });
  return c8.getZeebeGrpcApiClient();
}
