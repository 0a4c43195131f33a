/** `npm run db:migrate` and `npm run db:seed`, against DATABASE_URL or the embedded database. */
import { createDb } from "../db/client";
import { redact, resolveDatabase } from "../db/local";
import { runMigrations } from "../db/migrate";
import { seedDemoStore } from "../lib/demo/store";

const command = process.argv[2];
if (command !== "migrate" && command !== "seed") {
  console.error("usage: tsx scripts/db.ts migrate|seed");
  process.exit(2);
}

async function main() {
  const database = await resolveDatabase();
  try {
    console.log(`Database: ${redact(database.url)} (${database.source})`);
    await runMigrations(database.url);
    console.log("Migrations applied.");
    if (command === "seed") {
      const { client, db } = createDb(database.url, { max: 1 });
      try {
        const result = await seedDemoStore(db);
        console.log(`Demo store seeded: ${result.products} products, ${result.variants} variants.`);
      } finally {
        await client.end();
      }
    }
  } finally {
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
