/**
 * The bench's yardstick: the least a server can do for "add one unit of a SKU to a new cart" on the same
 * database — node:http + postgres.js (pool of 10), one transaction that creates the cart and claims the
 * stock with the store's conditional statement (UPDATE inventory … WHERE on_hand - reserved >= qty,
 * reservation INSERT in the same CTE). No framework, no validation, no cart view in the answer.
 *
 *   BASELINE_DATABASE_URL=postgres://… BASELINE_PORT=4001 tsx bench/baseline.ts
 *
 * POST /claim {"sku": "...", "qty": 1} → 200 {"cartId", "reservationId"} | 409 {"error":{"code":"OUT_OF_STOCK"}}
 * GET /health → 200
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import postgres from "postgres";

const url = process.env.BASELINE_DATABASE_URL;
const port = Number(process.env.BASELINE_PORT ?? 4001);
if (!url) throw new Error("BASELINE_DATABASE_URL is required");

const sql = postgres(url, { max: 10, onnotice: () => {} });
const TTL_MS = 15 * 60_000;

async function claim(sku: string, qty: number) {
  const cartId = `c_${randomBytes(16).toString("hex")}`;
  const now = new Date();
  const expiresAt = new Date(now.getTime() + TTL_MS);
  return sql.begin(async (tx) => {
    await tx`insert into carts (id, currency, created_at, updated_at, last_activity_at)
      values (${cartId}, 'TRY', ${now}, ${now}, ${now})`;
    const [held] = await tx<{ id: string }[]>`
      with claim as (
        update inventory set reserved = reserved + ${qty}, updated_at = ${now}
        where variant_id = (select id from variants where sku = ${sku}) and on_hand - reserved >= ${qty}
        returning variant_id
      )
      insert into reservations (variant_id, cart_id, qty, status, expires_at, created_at, updated_at)
      select variant_id, ${cartId}, ${qty}, 'active', ${expiresAt}, ${now}, ${now} from claim
      returning id`;
    return held ? { cartId, reservationId: String(held.id) } : null;
  });
}

function send(response: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

const server = http.createServer((request, response) => {
  if (request.method === "GET" && request.url === "/health") return send(response, 200, { ok: true });
  if (request.method !== "POST" || request.url !== "/claim")
    return send(response, 404, { error: { code: "NOT_FOUND" } });
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    let input: { sku?: unknown; qty?: unknown };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return send(response, 400, { error: { code: "VALIDATION_FAILED" } });
    }
    const sku = typeof input.sku === "string" ? input.sku : "";
    const qty = typeof input.qty === "number" ? input.qty : 1;
    claim(sku, qty).then(
      (held) => (held ? send(response, 200, held) : send(response, 409, { error: { code: "OUT_OF_STOCK" } })),
      (error: unknown) => {
        console.error(error);
        send(response, 500, { error: { code: "INTERNAL_ERROR" } });
      },
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () => console.log(`baseline on http://127.0.0.1:${port}`));
process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 2 }).then(() => process.exit(0));
});
