/**
 * Runs the fake Stripe server until SIGTERM / SIGINT:
 *
 *   npx tsx tests/support/fake-stripe-cli.ts --port 12111 \
 *     [--webhook-url http://127.0.0.1:3000/api/webhooks/stripe] [--webhook-secret whsec_test]
 *
 * Then point the app at it with STRIPE_API_BASE=http://127.0.0.1:12111 (and STRIPE_SECRET_KEY=sk_test_…).
 * The first stdout line is `fake-stripe listening on <url>`. The webhook URL and secret may also come from
 * FAKE_STRIPE_WEBHOOK_URL and STRIPE_WEBHOOK_SECRET. Test controls are reachable over HTTP under `/_fake/…`
 * (see tests/support/fake-stripe.ts).
 */
import { parseArgs } from "node:util";
import { startFakeStripe } from "./fake-stripe";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.FAKE_STRIPE_PORT ?? "12111" },
    "webhook-url": { type: "string", default: process.env.FAKE_STRIPE_WEBHOOK_URL },
    "webhook-secret": { type: "string", default: process.env.STRIPE_WEBHOOK_SECRET },
    "secret-key": { type: "string" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`fake-stripe: invalid --port ${values.port}`);
  process.exit(2);
}
const webhookUrl = values["webhook-url"];
const webhookSecret = values["webhook-secret"];
if (webhookUrl && !webhookSecret) {
  console.error("fake-stripe: --webhook-url needs --webhook-secret (or STRIPE_WEBHOOK_SECRET)");
  process.exit(2);
}

// tsx runs this file as CommonJS (package.json has no "type": "module"), so no top-level await.
async function main() {
  const fake = await startFakeStripe({
    port,
    ...(webhookUrl && webhookSecret ? { webhook: { url: webhookUrl, secret: webhookSecret } } : {}),
    ...(values["secret-key"] ? { secretKey: values["secret-key"] } : {}),
  });
  console.log(`fake-stripe listening on ${fake.url}`);
  if (webhookUrl) console.log(`fake-stripe delivering webhooks to ${webhookUrl}`);

  let stopping = false;
  async function stop(signal: NodeJS.Signals) {
    if (stopping) return;
    stopping = true;
    console.log(`fake-stripe: ${signal}, stopping`);
    await fake.close();
    process.exit(0);
  }
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((e: unknown) => {
  console.error("fake-stripe: failed to start:", e);
  process.exit(1);
});
