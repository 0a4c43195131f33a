/**
 * Helpers of the resilience suite (tests/resilience/*.test.ts): a PostgreSQL + store database per file,
 * HTTP requests with their own cookie jar, the stock and order invariants, and the check that an answer
 * carries nothing internal (stack traces, SQL, file paths).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { createStoreDatabase, type Postgres, startPostgres } from "@/bench/store";

export interface Stack {
  pg: Postgres;
  databaseUrl: string;
  sql: postgres.Sql;
  close: () => Promise<void>;
}

/** A PostgreSQL of this test file's own, with a store database migrated and seeded with the demo store. */
export async function startStack(): Promise<Stack> {
  const pg = await startPostgres();
  const databaseUrl = await createStoreDatabase(pg.serverUrl, "store");
  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {}, connect_timeout: 5 });
  return {
    pg,
    databaseUrl,
    sql,
    async close() {
      await sql.end({ timeout: 1 }).catch(() => {});
      await pg.close();
    },
  };
}

export interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON of any shape, inspected by the tests
  json: any;
  headers: Headers;
  /** `cart=<value>` from Set-Cookie, when the answer set one. */
  cartCookie?: string;
  /** Every cookie the answer set, name → value. */
  cookies: Record<string, string>;
  ms: number;
}

export interface Call {
  method?: string;
  body?: unknown;
  /** A raw body (sent as is); wins over `body`. */
  raw?: string;
  headers?: Record<string, string>;
  cookie?: string;
  timeoutMs?: number;
}

/** One request; a network failure (refused, reset, timed out) is thrown. */
export async function call(base: string, path: string, options: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined = options.raw;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  if (options.cookie) headers.cookie = options.cookie;
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    method: options.method ?? (body === undefined ? "GET" : "POST"),
    headers,
    body,
    redirect: "manual",
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const set = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
  const cart = set.find((c) => c.startsWith("cart="));
  const cookies = Object.fromEntries(
    set.map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)] as [string, string]),
  );
  return {
    status: response.status,
    text,
    json,
    headers: response.headers,
    cartCookie: cart,
    cookies,
    ms: performance.now() - started,
  };
}

export function checkoutBody(overrides: Record<string, unknown> = {}) {
  return {
    email: `shopper-${randomBytes(3).toString("hex")}@example.com`,
    shippingAddress: {
      name: "Ayşe Yılmaz",
      line1: "Bağdat Caddesi No: 12 D: 3",
      district: "Kadıköy",
      city: "İstanbul",
      postalCode: "34710",
      country: "TR",
      phone: "+905551112233",
    },
    shippingMethod: "standard",
    paymentMethod: "cash_on_delivery",
    acceptedTerms: true,
    ...overrides,
  };
}

/** Sets a SKU's stock to exactly `onHand` units (nothing reserved), with its ledger entry. */
export async function setStock(sql: postgres.Sql, sku: string, onHand: number): Promise<number> {
  const [row] = await sql<{ variant_id: number }[]>`
    with target as (
      select i.variant_id, i.on_hand from inventory i join variants v on v.id = i.variant_id
      where v.sku = ${sku} and i.reserved = 0
    ), changed as (
      update inventory i set on_hand = ${onHand} from target where i.variant_id = target.variant_id
      returning i.variant_id
    ), ledger as (
      insert into stock_ledger (variant_id, on_hand_delta, reason, reference)
      select variant_id, ${onHand} - on_hand, 'adjustment', 'resilience test' from target
    )
    select variant_id from changed`;
  if (!row) throw new Error(`no idle SKU ${sku}`);
  return row.variant_id;
}

/** on_hand per variant id, to compare with after a run. */
export async function onHandSnapshot(sql: postgres.Sql): Promise<Map<number, number>> {
  const rows = await sql<
    { variant_id: number; on_hand: number }[]
  >`select variant_id, on_hand from inventory`;
  return new Map(rows.map((r) => [r.variant_id, r.on_hand]));
}

/** Order statuses in which an order's units have left the shelf (API.md). */
export const COMMITTED_STATUSES = [
  "awaiting_confirmation",
  "paid",
  "processing",
  "shipped",
  "delivered",
  "partially_refunded",
  "refunded",
];

/**
 * Every invariant of ARCHITECTURE.md guarantee 1 and of the order tables, as a list of violations (empty
 * when all hold). With `initial` (on_hand before the run), also: on_hand = initial − units of committed
 * orders (+ units restocked), which holds when nothing but orders changed the stock.
 */
export async function invariantViolations(
  sql: postgres.Sql,
  initial?: Map<number, number>,
): Promise<string[]> {
  const problems: string[] = [];
  const stock = await sql<
    {
      variant_id: number;
      on_hand: number;
      reserved: number;
      held: number;
      ledger_on_hand: number;
      ledger_reserved: number;
    }[]
  >`
    select i.variant_id, i.on_hand, i.reserved,
      coalesce((select sum(qty) from reservations r where r.variant_id = i.variant_id and r.status = 'active'), 0)::int as held,
      coalesce((select sum(on_hand_delta) from stock_ledger l where l.variant_id = i.variant_id), 0)::int as ledger_on_hand,
      coalesce((select sum(reserved_delta) from stock_ledger l where l.variant_id = i.variant_id), 0)::int as ledger_reserved
    from inventory i`;
  for (const s of stock) {
    if (s.reserved !== s.held)
      problems.push(`variant ${s.variant_id}: reserved ${s.reserved} ≠ active holds ${s.held}`);
    if (s.reserved < 0 || s.reserved > s.on_hand)
      problems.push(`variant ${s.variant_id}: reserved ${s.reserved} outside 0..on_hand ${s.on_hand}`);
    if (s.on_hand !== s.ledger_on_hand)
      problems.push(`variant ${s.variant_id}: on_hand ${s.on_hand} ≠ ledger ${s.ledger_on_hand}`);
    if (s.reserved !== s.ledger_reserved)
      problems.push(`variant ${s.variant_id}: reserved ${s.reserved} ≠ ledger ${s.ledger_reserved}`);
  }
  if (initial) {
    const sold = await sql<{ variant_id: number; units: number }[]>`
      select oi.variant_id, sum(oi.qty - oi.restocked)::int as units
      from order_items oi join orders o on o.id = oi.order_id
      where o.status in ${sql(COMMITTED_STATUSES)} and oi.variant_id is not null
      group by oi.variant_id`;
    const soldBy = new Map(sold.map((r) => [r.variant_id, r.units]));
    for (const s of stock) {
      const expected = (initial.get(s.variant_id) ?? 0) - (soldBy.get(s.variant_id) ?? 0);
      if (s.on_hand !== expected)
        problems.push(`variant ${s.variant_id}: on_hand ${s.on_hand} ≠ initial − sold = ${expected}`);
    }
  }
  const orphans = await sql<{ what: string; id: string }[]>`
    select 'order without lines' as what, o.order_no as id from orders o
      where not exists (select 1 from order_items oi where oi.order_id = o.id)
    union all
    select 'order without payment', o.order_no from orders o
      where not exists (select 1 from payments p where p.order_id = o.id)
    union all
    select 'payment without order', p.id from payments p
      where not exists (select 1 from orders o where o.id = p.order_id)
    union all
    select 'order line without order', oi.id::text from order_items oi
      where not exists (select 1 from orders o where o.id = oi.order_id)
    union all
    select 'active hold without cart or order', r.id::text from reservations r
      where r.status = 'active' and r.cart_id is null and r.order_id is null
    union all
    select 'committed order with units still held', o.order_no from orders o
      where o.status in ${sql(COMMITTED_STATUSES)}
        and exists (select 1 from reservations r where r.order_id = o.id and r.status = 'active')
    union all
    select 'committed order whose completed holds differ from its lines', o.order_no from orders o
      where o.status = 'awaiting_confirmation'
        and (select coalesce(sum(qty), 0) from order_items oi where oi.order_id = o.id)
          <> (select coalesce(sum(qty), 0) from reservations r where r.order_id = o.id and r.status = 'completed')`;
  for (const o of orphans) problems.push(`${o.what}: ${o.id}`);
  return problems;
}

const LEAKS: [string, RegExp][] = [
  ["stack frame", /\n\s+at\s|\bat\s+(?:async\s+)?[\w$.<>[\]]+\s+\(|\bat \//],
  ["Error: prefix", /\b\w*Error:/],
  [
    "SQL",
    /\bselect\s+[\w*"(),.\s]+?\s+from\s|\binsert\s+into\b|\bupdate\s+"?\w+"?\s+set\b|\bdelete\s+from\b/i,
  ],
  [
    "PostgreSQL text",
    /duplicate key value|violates (?:check|foreign key|unique|not-null) constraint|syntax error at|relation "\w+"|PostgresError|ECONNREFUSED/i,
  ],
  [
    "file path",
    /(?:\/(?:work|tmp|home|root|usr|var|app|src)\/[\w.@-]+\/)|node_modules|\.next\/|\.[jt]sx?:\d+/,
  ],
];

/**
 * What in `text` looks internal. Strings the request itself sent (echoed back in `details`, legitimately)
 * are removed first.
 */
export function internalLeaks(text: string, echoed: string[] = []): string[] {
  let scanned = text;
  for (const piece of echoed) {
    if (piece.length < 3) continue;
    for (const form of [piece, JSON.stringify(piece).slice(1, -1)]) scanned = scanned.split(form).join("");
  }
  return LEAKS.filter(([, pattern]) => pattern.test(scanned)).map(([name]) => name);
}

/** A 503 in the API error shape: `{"error":{"code":"SERVICE_UNAVAILABLE", ...}}`. */
export function isServiceUnavailable(answer: Answer): boolean {
  return answer.status === 503 && answer.json?.error?.code === "SERVICE_UNAVAILABLE";
}
