// Paths every script agrees on.
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (two levels above scripts/lib). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
