/**
 * Runs the fake iyzico server until SIGTERM / SIGINT:
 *
 *   npx tsx tests/support/fake-iyzico-cli.ts --port 12112 --api-key K --secret-key S \
 *     [--notify-url http://127.0.0.1:3000/api/webhooks/iyzico] [--merchant-id 3404590]
 *
 * Then point the app at it as iyzico's base URL, with the same API and secret keys. The first stdout line is
 * `fake-iyzico listening on <url>`. The keys and the notification URL may also come from IYZICO_API_KEY,
 * IYZICO_SECRET_KEY and FAKE_IYZICO_NOTIFY_URL. Test controls are reachable over HTTP under `/_fake/…` (see
 * tests/support/fake-iyzico.ts).
 */
import { parseArgs } from "node:util";
import { startFakeIyzico } from "./fake-iyzico";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.FAKE_IYZICO_PORT ?? "12112" },
    "api-key": { type: "string", default: process.env.IYZICO_API_KEY },
    "secret-key": { type: "string", default: process.env.IYZICO_SECRET_KEY },
    "notify-url": { type: "string", default: process.env.FAKE_IYZICO_NOTIFY_URL },
    "merchant-id": { type: "string" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`fake-iyzico: invalid --port ${values.port}`);
  process.exit(2);
}
const apiKey = values["api-key"];
const secretKey = values["secret-key"];
if (!apiKey || !secretKey) {
  console.error(
    "fake-iyzico: --api-key and --secret-key are required (or IYZICO_API_KEY / IYZICO_SECRET_KEY)",
  );
  process.exit(2);
}
const notifyUrl = values["notify-url"] ?? null;

// tsx runs this file as CommonJS (package.json has no "type": "module"), so no top-level await.
async function main(apiKey: string, secretKey: string) {
  const fake = await startFakeIyzico({
    apiKey,
    secretKey,
    port,
    notifyUrl,
    ...(values["merchant-id"] ? { merchantId: values["merchant-id"] } : {}),
  });
  console.log(`fake-iyzico listening on ${fake.url}`);
  if (notifyUrl) console.log(`fake-iyzico delivering notifications to ${notifyUrl}`);

  let stopping = false;
  async function stop(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    console.log(`fake-iyzico: ${signal}, stopping`);
    await fake.close();
    process.exit(0);
  }
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main(apiKey, secretKey).catch((e: unknown) => {
  console.error("fake-iyzico: failed to start:", e);
  process.exit(1);
});
