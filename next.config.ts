// Next.js configuration. Native and server-only packages stay external to the server bundle.
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  serverExternalPackages: ["better-sqlite3", "argon2", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  typedRoutes: false,
  // The build type-checks only what ships (app/, lib/, root configs); tests and scripts are checked by
  // `npm run typecheck`, so a half-written spec never breaks `npm start`.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

export default nextConfig;
