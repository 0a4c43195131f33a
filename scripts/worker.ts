/**
 * `npm run worker`: the job queue's worker on its own, for deployments that run it apart from the web
 * servers (`JOBS_IN_PROCESS=false npm start` on those). Same database rules as `npm start`; applies
 * pending migrations first. SIGINT/SIGTERM let the jobs in hand finish, then it exits.
 */
import "./as-server";
import { redact, resolveDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";
import { startWorker } from "../lib/jobs/worker";
import { localSecrets } from "./local-secrets";

async function main() {
  const database = await resolveDatabase();
  console.log(`Database: ${redact(database.url)} (${database.source})`);
  // On the embedded database, the secrets `npm start` keeps in .data/ (what is set wins).
  const secrets = database.source === "DATABASE_URL" ? {} : localSecrets();
  Object.assign(process.env, { ...secrets, ...process.env, DATABASE_URL: database.url });
  await runMigrations(database.url);
  const runner = await startWorker({ connectionString: database.url });
  console.log("Jobs: worker running; Ctrl-C stops it once the jobs in hand are done.");
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, async () => {
      await runner.stop();
      await database.stop();
      process.exit(0);
    });
  }
  await runner.promise;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
