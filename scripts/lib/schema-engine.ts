// Glue for Prisma's WebAssembly schema engine over the better-sqlite3 driver adapter: offline migrations.
//
// The native schema engine is downloaded by the prisma CLI and that fails offline (see shared OFFLINE
// notes), so we drive `@prisma/schema-engine-wasm` ourselves. Two things surprise:
// - Node 20 cannot `import` a .wasm file, so the module is compiled by hand with the package's
//   `schema_engine_bg` glue as its import object.
// - When replaying migrations on the shadow database the engine sends a whole multi-statement
//   migration.sql to `executeRaw`, and better-sqlite3 runs only single statements; parameterless SQL on
//   the shadow connection is routed to `executeScript` instead.
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from "@prisma/driver-adapter-utils";
import * as glue from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";
import { sqliteFilePath } from "../../lib/db-url.ts";

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

/** Sends parameterless (possibly multi-statement) SQL to executeScript; everything else passes through. */
function scriptAwareAdapter(adapter: SqlDriverAdapter): SqlDriverAdapter {
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
    dispose: () => adapter.dispose(),
  };
}

/** An adapter factory that remembers its connections so they can all be closed afterwards. */
function trackingFactory(file: string): { factory: SqlMigrationAwareDriverAdapterFactory; closeAll: () => Promise<void> } {
  const inner = new PrismaBetterSqlite3({ url: file }, { shadowDatabaseUrl: ":memory:" });
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
      const adapter = scriptAwareAdapter(await inner.connectToShadowDb());
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
 * Opens a schema engine on the SQLite database `databaseUrl` (folder created if missing), runs `work`,
 * then frees the engine and closes every connection it opened.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  schema: { path: string; content: string },
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const file = sqliteFilePath(databaseUrl);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const SchemaEngineClass = loadSchemaEngineClass();
  const { factory, closeAll } = trackingFactory(file);
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
