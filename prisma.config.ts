// Prisma CLI configuration: schema and migrations paths. The URL is only used by CLI commands.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/dev.db" },
});
