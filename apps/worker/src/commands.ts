import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LotseLogger, loadEnvironment } from '@lotse/common';
import { seedDemoUsers, seedInitialAdmin } from '@lotse/identity';
import { seedDemoInstitutions } from '@lotse/institution';
import { seedDemoOffers } from '@lotse/offer';
import { AuditChainResult, verifyAuditChain } from '@lotse/audit';
import { dataSourceOptions, runMigrations } from '@lotse/persistence';
import { ModelCatalog } from '@lotse/task';
import { DeploymentService } from '@lotse/engine';
import { CommandModule } from './worker.module';

/** Applies pending database migrations as the owner, then the grants of the apps' role. */
export async function migrate(): Promise<string[]> {
  const env = loadEnvironment();
  return runMigrations(env.DATABASE_OWNER_URL ?? env.DATABASE_URL, {
    appUrl: env.DATABASE_URL,
    engineSchema: env.ENGINE_DB_SCHEMA,
  });
}

/**
 * Recomputes the audit's hash chain (connected as the app, which may read the audit) and says
 * whether it is intact; the first broken row otherwise.
 */
export async function auditVerify(): Promise<AuditChainResult> {
  const ds = new DataSource(dataSourceOptions(loadEnvironment().DATABASE_URL, 1));
  await ds.initialize();
  try {
    return await verifyAuditChain((sql, params) => ds.query(sql, params));
  } finally {
    await ds.destroy();
  }
}

async function withCommandContext<T>(
  fn: (app: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>) => Promise<T>,
) {
  const app = await NestFactory.createApplicationContext(CommandModule, {
    logger: new LotseLogger('lotse', loadEnvironment().LOG_LEVEL),
    abortOnError: false,
  });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** Deploys bpmn/ (processes, forms, decisions) to the engine, what changed only. */
export async function deploy() {
  return withCommandContext(async (app) => {
    const result = await app.get(DeploymentService).deployModels();
    await app.get(ModelCatalog).record(result);
    return result;
  });
}

/**
 * The data a new install starts with. With LOTSE_DEMO_DATA (default outside production, refused
 * in production): the demo Jugendberufsagentur (partners, accounts with the published password,
 * offers). Then the initial admin from INITIAL_ADMIN_*, when configured (see seedInitialAdmin).
 */
export async function seed(): Promise<string[]> {
  const env = loadEnvironment();
  const demo = env.LOTSE_DEMO_DATA ?? env.NODE_ENV !== 'production';
  return withCommandContext(async (app) => {
    const ds = app.get<DataSource>(getDataSourceToken());
    return ds.transaction(async (m) => {
      const done: string[] = [];
      if (demo) {
        await seedDemoInstitutions(m);
        await seedDemoUsers(m);
        await seedDemoOffers(m);
        done.push('demo data seeded');
      } else {
        done.push('no demo data (LOTSE_DEMO_DATA)');
      }
      done.push(await seedInitialAdmin(m, env));
      return done;
    });
  });
}
