import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@lotse/persistence';

describe('Database schema', () => {
  it('is exactly what the entities describe once the migrations ran (no drift, no synchronize)', async () => {
    // as the owner (the apps' role may not change the schema)
    const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL!;
    await runMigrations(url, { appUrl: process.env.DATABASE_URL });
    const ds = new DataSource(dataSourceOptions(url, 1));
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
    }
  });
});
