/**
 * Runs the fake PayTR server until SIGTERM / SIGINT:
 *
 *   npx tsx tests/support/fake-paytr-cli.ts --port 12113 --merchant-id 123456 --merchant-key K \
 *     --merchant-salt S [--notify-url http://127.0.0.1:3000/api/webhooks/paytr]
 *
 * Then point the app at it with PAYTR_BASE_URL=http://127.0.0.1:12113 and the same PAYTR_MERCHANT_ID / _KEY /
 * _SALT. The first stdout line is `fake-paytr listening on <url>`. The credentials may also come from those
 * PAYTR_MERCHANT_* variables, the port from FAKE_PAYTR_PORT and the notify URL from FAKE_PAYTR_NOTIFY_URL.
 * Test controls are reachable over HTTP under `/_fake/…` (see tests/support/fake-paytr.ts).
 */
import { parseArgs } from "node:util";
import { startFakePaytr } from "./fake-paytr";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.FAKE_PAYTR_PORT ?? "12113" },
    "merchant-id": { type: "string", default: process.env.PAYTR_MERCHANT_ID },
    "merchant-key": { type: "string", default: process.env.PAYTR_MERCHANT_KEY },
    "merchant-salt": { type: "string", default: process.env.PAYTR_MERCHANT_SALT },
    "notify-url": { type: "string", default: process.env.FAKE_PAYTR_NOTIFY_URL },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`fake-paytr: invalid --port ${values.port}`);
  process.exit(2);
}
const merchantId = values["merchant-id"];
const merchantKey = values["merchant-key"];
const merchantSalt = values["merchant-salt"];
if (!merchantId || !merchantKey || !merchantSalt) {
  console.error(
    "fake-paytr: --merchant-id, --merchant-key and --merchant-salt are required (or PAYTR_MERCHANT_*)",
  );
  process.exit(2);
}
const notifyUrl = values["notify-url"] || null;

// tsx runs this file as CommonJS (package.json has no "type": "module"), so no top-level await.
async function main(id: string, key: string, salt: string) {
  const fake = await startFakePaytr({
    port,
    merchantId: id,
    merchantKey: key,
    merchantSalt: salt,
    notifyUrl,
  });
  console.log(`fake-paytr listening on ${fake.url}`);
  if (notifyUrl) console.log(`fake-paytr delivering notifications to ${notifyUrl}`);

  let stopping = false;
  async function stop(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    console.log(`fake-paytr: ${signal}, stopping`);
    await fake.close();
    process.exit(0);
  }
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main(merchantId, merchantKey, merchantSalt).catch((e: unknown) => {
  console.error("fake-paytr: failed to start:", e);
  process.exit(1);
});
