import { Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseConfig } from '@lotse/common';
import { auditWritable, dataSourceOptions } from './data-source';

/**
 * The apps must not be able to rewrite the audit: their database role may insert into
 * `audit_entry` but not update, delete or truncate it. With NODE_ENV=production an app whose role
 * can does not start; elsewhere it says so once (e.g. DATABASE_URL is still the owner's).
 */
@Injectable()
export class AuditRoleCheck implements OnModuleInit {
  private readonly log = new Logger('Database');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly config: DatabaseConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const state = await auditWritable(this.dataSource);
    if (!state?.writable) return;
    const message =
      `The database role "${state.role}" of DATABASE_URL may update, delete or truncate ` +
      `audit_entry, so the audit could be rewritten. Connect the apps as a role that may only ` +
      `insert there (DATABASE_URL) and run the migrations as the owner (DATABASE_OWNER_URL), ` +
      `which grants that role its rights.`;
    if (this.config.production) throw new Error(message);
    this.log.warn(message);
  }
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY],
      useFactory: (config: DatabaseConfig) => ({
        ...dataSourceOptions(config.url, config.poolSize),
        migrationsRun: false,
      }),
    }),
  ],
  providers: [AuditRoleCheck],
})
export class PersistenceModule {}
