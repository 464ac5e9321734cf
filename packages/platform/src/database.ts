import { DataSource, type MixedList, type EntitySchema } from 'typeorm';

export interface DatabaseOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Count every SQL statement, for tests that bound the number of queries. */
  onQuery?: (sql: string) => void;
}

/** Opens the database and applies the committed migrations; the schema never comes from `synchronize`. */
export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: 10 },
    ...(options.onQuery ? { logger: queryCounter(options.onQuery) } : {}),
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return dataSource;
}

export async function closeDatabase(dataSource: DataSource | undefined): Promise<void> {
  if (dataSource?.isInitialized) await dataSource.destroy();
}

function queryCounter(onQuery: (sql: string) => void) {
  const noop = () => undefined;
  return {
    logQuery: (sql: string) => onQuery(sql),
    logQueryError: noop,
    logQuerySlow: noop,
    logSchemaBuild: noop,
    logMigration: noop,
    log: noop,
  };
}
