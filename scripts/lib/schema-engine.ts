// Glue for Prisma's WebAssembly schema engine over a driver adapter (better-sqlite3 for a SQLite file, pg for
// a postgresql:// URL): offline migrations.
//
// The native schema engine is downloaded by the prisma CLI and that fails offline (see shared OFFLINE
// notes), so we drive `@prisma/schema-engine-wasm` ourselves. Two things surprise:
// - Node 20 cannot `import` a .wasm file, so the module is compiled by hand with the package's
//   `schema_engine_bg` glue as its import object.
// - When replaying migrations on the shadow database the engine sends a whole multi-statement
//   migration.sql to `executeRaw`, and better-sqlite3 runs only single statements; parameterless SQL on
//   the shadow connection is routed to `executeScript` instead.
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { databaseProviderOf, postgresPoolConfig, sqliteFilePath } from "../../lib/db-url.ts";

export type { SchemaEngine };

let loaded: typeof glue.SchemaEngine | undefined;

/** Compiles and starts the schema engine wasm once per process; returns its SchemaEngine class. */
function loadSchemaEngineClass(): typeof glue.SchemaEngine {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bytes = readFileSync(path.join(packageDir, "schema_engine_bg.wasm"));
  const wasmModule = new WebAssembly.Module(bytes);
  const imports = { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports };
  const instance = new WebAssembly.Instance(wasmModule, imports);
  glue.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start === "function") start();
  loaded = glue.SchemaEngine;
  return loaded;
}

/** Sends parameterless (possibly multi-statement) SQL to executeScript; everything else passes through; `afterDispose` runs once it is closed. */
function scriptAwareAdapter(adapter: SqlDriverAdapter, afterDispose: () => Promise<void> = async () => undefined): SqlDriverAdapter {
  const executeRaw = async (query: SqlQuery): Promise<number> => {
    if (query.args.length === 0) {
      await adapter.executeScript(query.sql);
      return 0;
    }
    return adapter.executeRaw(query);
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw,
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    getConnectionInfo: adapter.getConnectionInfo ? () => adapter.getConnectionInfo!() : undefined,
    dispose: async () => {
      try {
        await adapter.dispose();
      } finally {
        await afterDispose();
      }
    },
  };
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

/** Reports PostgreSQL's one-byte `"char"` columns of a pg result as text. */
function charColumnsAsText(result: unknown): unknown {
  const fields: unknown = typeof result === "object" && result !== null ? Reflect.get(result, "fields") : undefined;
  if (Array.isArray(fields)) {
    for (const field of fields) if (typeof field === "object" && field !== null && Reflect.get(field, "dataTypeID") === PG_CHAR_OID) Reflect.set(field, "dataTypeID", PG_TEXT_OID);
  }
  return result;
}

/**
 * A pg client for the schema engine. Its introspection reads catalog columns of PostgreSQL's `"char"` type
 * (pg_class.relkind and the like), which @prisma/adapter-pg 7.10 does not map and refuses ("Column type
 * 'char' could not be deserialized"); pg already hands them over as strings, so they are reported as text.
 */
class CatalogClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    const patched = (...args: unknown[]): unknown => {
      // pg-pool passes a callback; a client used on its own returns a promise.
      const callback = args.at(-1);
      if (typeof callback === "function") {
        return query(...args.slice(0, -1), (error: unknown, result: unknown) => Reflect.apply(callback, undefined, [error, charColumnsAsText(result)]));
      }
      const out = query(...args);
      return out instanceof Promise ? out.then(charColumnsAsText) : out;
    };
    this.query = patched as pg.Client["query"];
  }
}

/** pg pool config of `databaseUrl` for the schema engine (CatalogClient connections). */
function enginePoolConfig(databaseUrl: string): pg.PoolConfig {
  return { ...postgresPoolConfig(databaseUrl), Client: CatalogClient };
}

/**
 * A shadow database on `databaseUrl`'s PostgreSQL server, dropped when its adapter is disposed. The pg
 * adapter's own connectToShadowDb drops its database before closing its pool, which PostgreSQL refuses
 * while the pool's idle connection is still there ("being accessed by other users").
 */
async function connectPostgresShadow(databaseUrl: string): Promise<SqlDriverAdapter> {
  const config = postgresPoolConfig(databaseUrl);
  const admin = new pg.Client(config);
  await admin.connect();
  const name = `prisma_shadow_${randomUUID().replaceAll("-", "")}`;
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const adapter = await new PrismaPg({ ...enginePoolConfig(databaseUrl), database: name }).connect();
    return scriptAwareAdapter(adapter, async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    });
  } catch (error) {
    await admin.end();
    throw error;
  }
}

/** The adapter factory of `databaseUrl` (PostgreSQL: its shadow database comes from connectPostgresShadow). */
function adapterFactoryOf(databaseUrl: string): SqlMigrationAwareDriverAdapterFactory {
  if (databaseProviderOf(databaseUrl) === "postgresql") return new PrismaPg(enginePoolConfig(databaseUrl));
  return new PrismaBetterSqlite3({ url: sqliteFilePath(databaseUrl) }, { shadowDatabaseUrl: ":memory:" });
}

/** An adapter factory that remembers its connections so they can all be closed afterwards. */
function trackingFactory(databaseUrl: string): { factory: SqlMigrationAwareDriverAdapterFactory; closeAll: () => Promise<void> } {
  const inner = adapterFactoryOf(databaseUrl);
  const open: SqlDriverAdapter[] = [];
  const factory: SqlMigrationAwareDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const adapter = await inner.connect();
      open.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = databaseProviderOf(databaseUrl) === "postgresql" ? await connectPostgresShadow(databaseUrl) : scriptAwareAdapter(await inner.connectToShadowDb());
      open.push(adapter);
      return adapter;
    },
  };
  const closeAll = async () => {
    for (const adapter of open.splice(0)) await adapter.dispose().catch(() => undefined);
  };
  return { factory, closeAll };
}

/** Formats whatever the engine rejected with (a JS error, or a JSON-ish user-facing error object). */
export function describeEngineError(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  if (error && typeof error === "object") {
    const record = error as Record<string, unknown>;
    const code = typeof record.error_code === "string" ? `${record.error_code}: ` : "";
    if (typeof record.message === "string") return `${code}${record.message}`;
    return JSON.stringify(error);
  }
  return String(error);
}

/**
 * Opens a schema engine on `databaseUrl` (a SQLite file, its folder created if missing, or a postgresql://
 * database), runs `work`, then frees the engine and closes every connection it opened.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schema: { path: string; content: string },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  if (databaseProviderOf(databaseUrl) === "sqlite") {
    const file = sqliteFilePath(databaseUrl);
    if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  }
  const SchemaEngineClass = loadSchemaEngineClass();
  const { factory, closeAll } = trackingFactory(databaseUrl);
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`[schema-engine] ${line}\n`);
  };
  const bound = bindMigrationAwareSqlAdapterFactory(factory);
  let engine: SchemaEngine | undefined;
  try {
    engine = (await SchemaEngineClass.new({ datamodels: [[schema.path, schema.content]] }, log, bound)) as SchemaEngine;
    return await work(engine);
  } catch (error) {
    throw new Error(`Schema engine: ${describeEngineError(error)}`, { cause: error });
  } finally {
    engine?.free();
    await closeAll();
  }
}
