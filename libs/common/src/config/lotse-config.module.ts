import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { allConfigs } from './config';
import { loadEnvironment } from './env';

/** Global, validated configuration: the app refuses to boot on a bad variable. */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: false,
      load: allConfigs,
      validate: (raw) => {
        loadEnvironment(raw as NodeJS.ProcessEnv);
        return raw;
      },
    }),
  ],
  exports: [ConfigModule],
})
export class LotseConfigModule {}
