import { z } from "zod";

const intFromString = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

/**
 * One WEBHOOK_ALLOWED_HOSTS entry as lib/net/outbound compares it: the URL parser's hostname (lower case,
 * IPv6 in brackets) and an explicit port, or null when the entry is not `host:port`.
 */
function allowedHost(entry: string): string | null {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^\s/:@[\]?#]+):(\d{1,5})$/.exec(entry);
  if (!match || Number(match[2]) > 65535) return null;
  try {
    return `${new URL(`http://${match[1]}`).hostname}:${Number(match[2])}`;
  } catch {
    return null;
  }
}

const DEVELOPMENT_SECRET = "development-only-secret-change-me-in-production";

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  /** Set by `npm run dev` / `npm start` when they start the embedded PostgreSQL. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DB_POOL_MAX: intFromString(10),
  /** Public base URL of the store, used for sitemap, metadata and links in emails. */
  APP_URL: z.url().default("http://localhost:3000"),
  STORE_NAME: z.string().min(1).default("Çarşı"),
  STORE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, "a three-letter ISO 4217 code such as TRY")
    .default("TRY"),
  RESERVATION_TTL_MINUTES: intFromString(15),
  /** Catalogue prices contain KDV (Turkey). "false" adds tax on top, as other markets expect. */
  PRICES_INCLUDE_TAX: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Signs the cart cookie (and, with accounts, the session). At least 32 characters in production. */
  AUTH_SECRET: z.string().min(32, "at least 32 characters").default(DEVELOPMENT_SECRET),
  /** Bearer token of the scheduler's routes (/api/cron/*). `npm run dev` generates and prints one. */
  CRON_SECRET: z.string().min(16, "at least 16 characters").optional(),
  LOW_STOCK_THRESHOLD: intFromString(3),
  CATALOG_PAGE_SIZE: intFromString(12),
  /** Minutes a card order may stay unpaid before it is cancelled and its stock released. */
  PAYMENT_WINDOW_MINUTES: intFromString(30),
  /** Stripe: card payments are offered only when the secret and webhook keys are set. */
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: z.string().min(1).optional(),
  /** A Stripe-compatible server for tests (e.g. http://127.0.0.1:12111). */
  STRIPE_API_BASE: z.url().optional(),
  /**
   * iyzico (Checkout Form with 3-D Secure, installments): offered when both keys are set. The base URL
   * defaults to iyzico's sandbox; live stores set https://api.iyzipay.com.
   */
  IYZICO_API_KEY: z.string().min(1).optional(),
  IYZICO_SECRET_KEY: z.string().min(1).optional(),
  IYZICO_BASE_URL: z.url().default("https://sandbox-api.iyzipay.com"),
  /** PayTR (iFrame API): offered when the merchant id, key and salt are set. */
  PAYTR_MERCHANT_ID: z.string().min(1).optional(),
  PAYTR_MERCHANT_KEY: z.string().min(1).optional(),
  PAYTR_MERCHANT_SALT: z.string().min(1).optional(),
  PAYTR_BASE_URL: z.url().default("https://www.paytr.com"),
  /** "1" sends PayTR's test_mode flag (the store's PayTR account in test mode); live stores leave it "0". */
  PAYTR_TEST_MODE: z.enum(["0", "1"]).default("0"),
  /**
   * Carriers (lib/shipping/carriers): each is offered when its credentials are set; with none, the simulated
   * carrier serves. The URLs default to the carriers' live services; tests point them at local fakes.
   * Aras Kargo: SetOrder/CancelDispatch (order service) and GetQueryJSON (query service, which has its own
   * user and the customer code; the order service's user is tried when the query user is unset).
   */
  ARAS_USERNAME: z.string().min(1).optional(),
  ARAS_PASSWORD: z.string().min(1).optional(),
  ARAS_CUSTOMER_CODE: z.string().min(1).optional(),
  ARAS_QUERY_USERNAME: z.string().min(1).optional(),
  ARAS_QUERY_PASSWORD: z.string().min(1).optional(),
  ARAS_API_URL: z.url().default("https://customerws.araskargo.com.tr/arascargoservice.asmx"),
  ARAS_QUERY_URL: z
    .url()
    .default(
      "https://customerservices.araskargo.com.tr/ArasCargoCustomerIntegrationService/ArasCargoIntegrationService.svc",
    ),
  /** Yurtiçi Kargo: the ShippingOrderDispatcherServices web service user. */
  YURTICI_USERNAME: z.string().min(1).optional(),
  YURTICI_PASSWORD: z.string().min(1).optional(),
  YURTICI_API_URL: z
    .url()
    .default("https://ws.yurticikargo.com/KOPSWebServices/ShippingOrderDispatcherServices"),
  /** MNG Kargo (DHL eCommerce) REST API: the apizone application's keys and the merchant's MNG account. */
  MNG_CLIENT_ID: z.string().min(1).optional(),
  MNG_CLIENT_SECRET: z.string().min(1).optional(),
  MNG_CUSTOMER_NUMBER: z.string().min(1).optional(),
  MNG_PASSWORD: z.string().min(1).optional(),
  MNG_API_URL: z.url().default("https://api.mngkargo.com.tr"),
  /** The simulated carrier moves a parcel one step every this many seconds (tests set a few). */
  SIMULATED_CARRIER_STEP_SECONDS: intFromString(600),
  /** How long checkout waits for a carrier's live rate before its rate table prices it (at most 1.5 s). */
  CARRIER_QUOTE_TIMEOUT_MS: intFromString(1500, 100).pipe(z.number().max(1500)),
  /** Shown to bank-transfer buyers. */
  STORE_IBAN: z.string().min(1).default("TR33 0006 1005 1978 6457 8413 26"),
  STORE_BANK_NAME: z.string().min(1).default("Çarşı E-Ticaret A.Ş. · Örnek Bankası"),
  /**
   * Resend API key. Unset → order emails are kept in the development mailbox (/admin/mailbox) instead of
   * being sent. The SDK itself reads RESEND_BASE_URL (tests point it at a local fake server).
   */
  RESEND_API_KEY: z.string().min(1).optional(),
  /** Sender of the store's emails ("Name <address>"), on a domain verified at Resend. */
  EMAIL_FROM: z.string().min(3).default("Çarşı <siparis@carsi.test>"),
  /**
   * Netgsm (SMS): used when the user code, password and message header (the approved sender name) are all
   * set; otherwise SMS are kept in the development mailbox. The base URL is overridable for tests.
   */
  NETGSM_USERCODE: z.string().min(1).optional(),
  NETGSM_PASSWORD: z.string().min(1).optional(),
  NETGSM_MSGHEADER: z.string().min(1).optional(),
  NETGSM_BASE_URL: z.url().default("https://api.netgsm.com.tr"),
  /**
   * Where push notifications go: "expo" (Expo's push service) or "dev" (the development mailbox). Unset:
   * expo when EXPO_ACCESS_TOKEN is set, else dev. Expo's own variable EXPO_BASE_URL, read by
   * expo-server-sdk when it loads, points it at another server (tests use a local fake).
   */
  PUSH_PROVIDER: z.enum(["expo", "dev"]).optional(),
  /** Expo access token, required by projects with Expo's enhanced push security. */
  EXPO_ACCESS_TOKEN: z.string().min(1).optional(),
  /** Seconds after sending before Expo's receipts are read (Expo keeps them about a day; advises ~15 min). */
  PUSH_RECEIPT_DELAY_SECONDS: intFromString(900),
  /**
   * The e-Arşiv integrator issued invoices and credit notes are sent to (lib/invoices/earsiv.ts).
   * "development" records what would be sent (shown on the admin order page); a real integrator is added
   * as another name here and in lib/invoices/earsiv.ts.
   */
  EARSIV_INTEGRATOR: z.enum(["development"]).default("development"),
  /** Jobs a worker runs at once (the in-process worker, `npm run worker`, the /api/cron/jobs drain). */
  JOBS_CONCURRENCY: intFromString(5),
  /** Folder of uploaded files (product images), served at /media/<key>; relative to the working directory. */
  STORAGE_DIR: z.string().min(1).default(".data/uploads"),
  /**
   * Webhook receivers that may be on this machine (local development, tests): comma-separated `host:port`
   * entries, each let through even though it resolves to a loopback address — and nothing else
   * (lib/net/outbound.ts). Empty by default.
   */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default("")
    .transform((value, ctx) => {
      const hosts = new Set<string>();
      for (const entry of value
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean)) {
        const host = allowedHost(entry);
        if (host) hosts.add(host);
        else ctx.addIssue({ code: "custom", message: `"${entry}" is not host:port` });
      }
      return hosts as ReadonlySet<string>;
    }),
  /** pino level of the server's JSON log lines. Unset: info, or silent under tests (NODE_ENV=test). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
});

export type Env = z.infer<typeof schema>;

/**
 * Parses the environment. In production a missing or malformed variable stops the process with
 * a message naming it; in development and tests the defaults above apply.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  const env = result.data;
  if (env.NODE_ENV === "production" && !env.DATABASE_URL) {
    throw new Error("Invalid environment: DATABASE_URL is required in production (npm start sets it).");
  }
  if (env.NODE_ENV === "production") {
    if (env.AUTH_SECRET === DEVELOPMENT_SECRET) {
      throw new Error(
        "Invalid environment: AUTH_SECRET must be set in production (openssl rand -base64 32).",
      );
    }
    if (!env.CRON_SECRET) throw new Error("Invalid environment: CRON_SECRET is required in production.");
  }
  return env;
}

export type LogLevel = NonNullable<Env["LOG_LEVEL"]>;

/**
 * LOG_LEVEL alone: the logger is made when its module loads, before (and without) the rest of the
 * environment being parsed, so `next build` needs none of it. A wrong value stops the process as above.
 */
export function logLevel(source: Record<string, string | undefined> = process.env): LogLevel {
  const level = schema.shape.LOG_LEVEL.safeParse(source.LOG_LEVEL || undefined);
  if (!level.success) throw new Error(`Invalid environment: LOG_LEVEL: ${level.error.issues[0]?.message}`);
  return level.data ?? (source.NODE_ENV === "test" ? "silent" : "info");
}

let cached: Env | undefined;

/** The environment, parsed once on first use (lazily, so `next build` needs no database). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
