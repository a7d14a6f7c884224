// Runs `prisma generate` offline for both schemas: the SQLite client (prisma/schema.prisma, into
// lib/generated/prisma) and the PostgreSQL one (prisma/postgresql/schema.prisma, lib/generated/prisma-postgresql).
// The generator needs no schema engine, so point Prisma at an existing file to stop it downloading one
// (see shared OFFLINE notes).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
for (const schema of ["prisma/schema.prisma", "prisma/postgresql/schema.prisma"]) {
  const result = spawnSync(process.execPath, [prismaCli, "generate", "--schema", schema], {
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
