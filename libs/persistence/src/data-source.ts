import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    extra: { max: poolSize, application_name: 'lotse' },
  };
}

export interface MigrationOptions {
  /** The apps' connection (DATABASE_URL); when its user is not the owner's, it gets the grants. */
  appUrl?: string;
  /** The engine's schema, whose task events the worker consumes (ENGINE_DB_SCHEMA). */
  engineSchema?: string;
}

/**
 * Applies pending migrations as the owner (`ownerUrl`), then the grants of the apps' role;
 * safe to run from several processes (an advisory lock serialises concurrent starts).
 */
export async function runMigrations(
  ownerUrl: string,
  opts: MigrationOptions = {},
): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(ownerUrl, 2));
  await ds.initialize();
  try {
    // One runner at a time: an advisory lock serialises concurrent starts.
    await ds.query('select pg_advisory_lock(7411)');
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      const role = appRoleOf(ownerUrl, opts.appUrl);
      if (role) await applyAppGrants(ds, role, opts.engineSchema);
      return done.map((m) => m.name);
    } finally {
      await ds.query('select pg_advisory_unlock(7411)');
    }
  } finally {
    await ds.destroy();
  }
}

/** The apps' database role when it differs from the owner's, else null (the apps run as the owner). */
export function appRoleOf(ownerUrl: string, appUrl?: string): string | null {
  if (!appUrl) return null;
  const app = decodeURIComponent(new URL(appUrl).username);
  const owner = decodeURIComponent(new URL(ownerUrl).username);
  return app && app !== owner ? app : null;
}

/**
 * The apps' rights, applied after every migration run so that new tables are covered:
 * data (not schema) changes on Lotse's tables; on `audit_entry` only SELECT and INSERT; on the
 * chain's anchor and the migration table only SELECT; `audit_prune` to run retention; in the
 * engine's schema what the task feed needs (SELECT, UPDATE, DELETE), where the owner may grant it
 * (in the compose setup the engine's role owns that schema and infra/postgres-init grants it).
 */
export async function applyAppGrants(ds: DataSource, role: string, engineSchema?: string) {
  const r = quoteIdent(role);
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${r}`,
    `REVOKE CREATE ON SCHEMA public FROM ${r}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${r}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entry" FROM ${r}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON "audit_entry" FROM PUBLIC`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "audit_chain_anchor" FROM ${r}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "schema_migration" FROM ${r}`,
    `REVOKE ALL ON FUNCTION audit_prune(timestamptz) FROM PUBLIC`,
    `GRANT EXECUTE ON FUNCTION audit_prune(timestamptz) TO ${r}`,
  ];
  for (const sql of statements) await ds.query(sql);
  // Before PostgreSQL 15 every role may create tables in schema public.
  await ds.query(`DO $$ BEGIN
    IF pg_has_role(current_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'public'), 'USAGE') THEN
      REVOKE CREATE ON SCHEMA public FROM PUBLIC;
    END IF; END $$`);
  if (engineSchema && /^[a-z_][a-z0-9_]*$/.test(engineSchema)) {
    await ds.query(`DO $$ DECLARE t record; BEGIN
      IF EXISTS (SELECT FROM pg_namespace n WHERE n.nspname = '${engineSchema}'
                  AND pg_has_role(current_user, n.nspowner, 'USAGE')) THEN
        GRANT USAGE ON SCHEMA "${engineSchema}" TO ${r};
        ALTER DEFAULT PRIVILEGES IN SCHEMA "${engineSchema}" GRANT SELECT, UPDATE, DELETE ON TABLES TO ${r};
      END IF;
      FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = '${engineSchema}' AND c.relkind IN ('r', 'p')
                  AND pg_has_role(current_user, c.relowner, 'USAGE') LOOP
        EXECUTE format('GRANT SELECT, UPDATE, DELETE ON %I.%I TO %I', '${engineSchema}', t.relname, ${quoteLiteral(role)});
      END LOOP;
    END $$`);
  }
}

/**
 * Whether the connection's role may change or remove audit rows (update, delete, truncate):
 * the table owner, a superuser, or a role granted too much. Null when the table is not there yet.
 */
export async function auditWritable(
  ds: DataSource,
): Promise<{ role: string; writable: boolean } | null> {
  const [row] =
    (await ds.query(`select current_user as role, to_regclass('audit_entry') is not null as present,
      case when to_regclass('audit_entry') is null then false else
        has_table_privilege('audit_entry', 'UPDATE') or has_table_privilege('audit_entry', 'DELETE')
        or has_table_privilege('audit_entry', 'TRUNCATE') end as writable`)) as {
      role: string;
      present: boolean;
      writable: boolean;
    }[];
  return row.present ? { role: row.role, writable: row.writable } : null;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
