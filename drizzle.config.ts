import { defineConfig } from "drizzle-kit";

// Used only by `npm run db:generate` (writes SQL migrations from db/schema); the app applies them itself.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
