/**
 * A small Stripe-compatible HTTP server for tests (no internet needed).
 *
 * The real `stripe` SDK talks to it through its `host` / `port` / `protocol` options. It speaks the v1 wire
 * format the SDK uses: form-encoded bodies with bracket notation (`metadata[orderNo]=…`), `Authorization:
 * Bearer sk_…`, `Idempotency-Key` (the SDK adds `stripe-node-retry-<uuid>` to every POST itself), and errors as
 * `{ "error": { "type", "message", "code"?, "param"? } }`, which the SDK turns into its `Stripe.errors.*` classes
 * (400/404 → StripeInvalidRequestError, or StripeIdempotencyError when type is idempotency_error; 401 →
 * StripeAuthenticationError; 402 → StripeCardError; 429 → StripeRateLimitError; anything else → StripeAPIError).
 *
 * Supported API: PaymentIntents (create, retrieve, list, update, cancel), refunds (create, retrieve, list),
 * charges (retrieve). Payment outcomes are driven by the test through plain methods (`setStatus`, `succeed`,
 * `fail`), and webhooks are signed with the SDK's own `generateTestHeaderString`, so `constructEvent` verifies
 * them for real. For a fake running in another process (`fake-stripe-cli.ts`) the same controls are reachable
 * over HTTP under `/_fake/…` (see `handleControl`).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import Stripe from "stripe";
import { closeServer, listenLocally } from "./fake-http";

// ---------------------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------------------

export type FakeIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "requires_capture"
  | "succeeded"
  | "canceled";

/** The API calls `failNext` / `dropNext` can target. */
export type FakeOperation = "create" | "retrieve" | "update" | "cancel" | "refund";

/** A form-decoded request parameter: `a[b][0]=x` becomes `{ a: { b: ["x"] } }`. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

export interface FakePaymentError {
  type: "card_error" | "api_error" | "invalid_request_error";
  code: string | null;
  decline_code: string | null;
  message: string;
  payment_method: { id: string; object: "payment_method"; type: string } | null;
}

export interface FakePaymentIntent {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_capturable: number;
  amount_received: number;
  automatic_payment_methods: { enabled: boolean; allow_redirects: "always" | "never" } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: string;
  client_secret: string;
  confirmation_method: string;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: FakePaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: { type: string; [key: string]: unknown } | null;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  setup_future_usage: string | null;
  shipping: FormValue | null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: FakeIntentStatus;
}

export interface FakeCharge {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: null;
  captured: boolean;
  created: number;
  currency: string;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  paid: boolean;
  payment_intent: string;
  refunded: boolean;
  status: "succeeded" | "pending" | "failed";
}

export interface FakeRefund {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  receipt_number: null;
  status: "succeeded" | "pending" | "failed" | "canceled";
}

export interface FakeStripeEvent<T extends object = Record<string, unknown>> {
  id: string;
  object: "event";
  api_version: string;
  created: number;
  data: { object: T; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** One HTTP request the fake received, in arrival order. `status` is 0 while pending or when dropped. */
export interface FakeStripeRequest {
  method: string;
  path: string;
  query: string;
  idempotencyKey: string | null;
  stripeVersion: string | null;
  apiKey: string | null;
  params: FormParams;
  operation: FakeOperation | null;
  status: number;
  /** Answered from the idempotency store instead of being executed. */
  replayed: boolean;
  /** Set when `failNext` / `dropNext` intercepted this request. */
  injected: "error" | "drop-before" | "drop-after" | null;
}

export interface FakeWebhookResponse {
  url: string;
  /** HTTP status, or 0 when the endpoint could not be reached (then `error` says why). */
  status: number;
  body: string;
  headers: Record<string, string>;
  error?: string;
}

export interface FakeDelivery {
  eventId: string;
  type: string;
  url: string;
  status: number;
  error?: string;
}

/** A charge as the API shows it: with its refunds as a list. */
export interface FakeChargeWithRefunds extends FakeCharge {
  refunds: { object: "list"; data: FakeRefund[]; has_more: false; url: string };
}

export interface FakeOutcome<T extends object> {
  intent: FakePaymentIntent;
  event: FakeStripeEvent<T>;
  /** Empty when no webhook URL is configured (the event is still returned for a manual `deliver`). */
  responses: FakeWebhookResponse[];
}

export interface SetStatusOptions {
  /** For `requires_payment_method`: the error to expose as `last_payment_error`. */
  lastPaymentError?: Partial<FakePaymentError> | null;
  /** For `canceled`. */
  cancellationReason?: string | null;
}

export interface FailNextOptions {
  /** Error `type` in the body; default `api_error`. */
  type?: string;
  code?: string;
  message?: string;
  /** Sends `Stripe-Should-Retry: true|false`, which the SDK obeys before looking at the status code. */
  shouldRetry?: boolean;
}

export interface FakeStripeOptions {
  /** 0 or absent: a free port. */
  port?: number;
  /** Where `deliver`, `succeed`, `fail` and `refundEvent` send events, and the signing secret (`whsec_…`). */
  webhook?: { url: string; secret: string };
  /** When set, only this secret key is accepted (others → 401); otherwise any `sk_test_…`/`sk_live_…`/`rk_…`. */
  secretKey?: string;
}

export interface FakeStripe {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** A real SDK client pointed at the fake; `maxNetworkRetries: 0` unless `config` says otherwise. */
  client(secretKey?: string, config?: Stripe.StripeConfig): Stripe;

  /** Every request received, oldest first (cleared by `reset`). */
  readonly requests: FakeStripeRequest[];
  /** Every webhook delivery attempt, oldest first. */
  readonly deliveries: FakeDelivery[];
  /** Answer the next `times` calls of `operation` with `status` and an api_error body (not stored for idempotency). */
  failNext(operation: FakeOperation, times?: number, status?: number, options?: FailNextOptions): void;
  /**
   * Destroy the socket of the next `times` calls of `operation` (the SDK sees ECONNRESET and — even with
   * `maxNetworkRetries: 0` — retries once with the same idempotency key). `afterProcessing` executes (and stores)
   * the request first, i.e. "the response was lost".
   */
  dropNext(operation: FakeOperation, times?: number, options?: { afterProcessing?: boolean }): void;
  /** All PaymentIntents really created (idempotent replays don't count), oldest first; copies. */
  createdIntents(): FakePaymentIntent[];
  intent(id: string): FakePaymentIntent | undefined;
  setStatus(id: string, status: FakeIntentStatus, options?: SetStatusOptions): FakePaymentIntent;
  refundsFor(paymentIntentId: string): FakeRefund[];
  charge(id: string): FakeCharge | undefined;
  /** Forget all objects, idempotency keys, pending failures, requests and deliveries. */
  reset(): void;

  event<T extends object>(
    type: string,
    object: T,
    options?: { previousAttributes?: Record<string, unknown> },
  ): FakeStripeEvent<T>;
  signedDelivery(
    event: FakeStripeEvent<object>,
    secret?: string,
    options?: { timestamp?: number },
  ): { payload: string; header: string };
  deliver(
    event: FakeStripeEvent<object>,
    options?: { url?: string; secret?: string; times?: number },
  ): Promise<FakeWebhookResponse[]>;
  /** setStatus(id, "succeeded") and, if a webhook URL is configured, deliver `payment_intent.succeeded`. */
  succeed(id: string): Promise<FakeOutcome<FakePaymentIntent>>;
  /** Back to `requires_payment_method` with a card decline, and deliver `payment_intent.payment_failed`. */
  fail(id: string, error?: Partial<FakePaymentError>): Promise<FakeOutcome<FakePaymentIntent>>;
  /** Build (and, if a webhook URL is configured, deliver) `charge.refunded` for the intent's charge. */
  refundEvent(paymentIntentId: string): Promise<FakeOutcome<FakeChargeWithRefunds>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const hex = (bytes = 12) => randomBytes(bytes).toString("hex");
const newId = (prefix: string) => `${prefix}_${hex(12)}`;
const now = () => Math.floor(Date.now() / 1000);
const clone = <T>(value: T): T => structuredClone(value);

const CANCELABLE: readonly FakeIntentStatus[] = [
  "requires_payment_method",
  "requires_capture",
  "requires_confirmation",
  "requires_action",
  "processing",
];
const UPDATABLE: readonly FakeIntentStatus[] = [
  "requires_payment_method",
  "requires_confirmation",
  "requires_action",
];
const CANCELLATION_REASONS = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"];
const REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"];
const MAX_AMOUNT = 99_999_999;

/** Decodes `application/x-www-form-urlencoded` with Stripe's bracket notation into nested objects and arrays. */
export function parseForm(body: string): FormParams {
  const root: { [key: string]: FormValue } = {};
  if (!body) return root;
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const head = rawKey.match(/^[^[]+/)?.[0] ?? rawKey;
    const rest = [...rawKey.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? "");
    const keys = [head, ...rest];
    let node: { [key: string]: FormValue } = root;
    keys.forEach((key, index) => {
      const last = index === keys.length - 1;
      // `a[]=x` appends: give it the next numeric index.
      const k = key === "" ? String(Object.keys(node).length) : key;
      if (last) {
        node[k] = value;
        return;
      }
      const next = node[k];
      if (typeof next !== "object" || next === null || Array.isArray(next)) node[k] = {};
      node = node[k] as { [key: string]: FormValue };
    });
  }
  return arrayify(root) as FormParams;
}

/** Objects whose keys are all 0..n-1 become arrays (the SDK sends arrays as `a[0]=…&a[1]=…`). */
function arrayify(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const out: { [key: string]: FormValue } = {};
  for (const key of keys) out[key] = arrayify(value[key] as FormValue);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const sorted = keys.map(Number).sort((a, b) => a - b);
    if (sorted.every((n, i) => n === i)) return sorted.map((n) => out[String(n)] as FormValue);
  }
  return out;
}

/** A stable fingerprint of parameters, independent of their order in the body. */
function fingerprint(params: FormValue): string {
  if (typeof params === "string") return JSON.stringify(params);
  if (Array.isArray(params)) return `[${params.map(fingerprint).join(",")}]`;
  return `{${Object.keys(params)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${fingerprint(params[k] as FormValue)}`)
    .join(",")}}`;
}

interface Result {
  status: number;
  body: unknown;
  /** Whether an idempotency key may replay this result (Stripe doesn't save parameter-validation failures). */
  store: boolean;
  headers?: Record<string, string>;
}

interface RawError {
  type: string;
  message: string;
  code?: string;
  param?: string;
  [key: string]: unknown;
}

const ok = (body: unknown, status = 200): Result => ({ status, body, store: true });
const fail = (status: number, error: RawError, store = true): Result => ({ status, body: { error }, store });
const invalid = (message: string, extra: Omit<RawError, "type" | "message"> = {}, store = false) =>
  fail(400, { type: "invalid_request_error", message, ...extra }, store);
const missing = (param: string) =>
  invalid(`Missing required param: ${param}.`, { code: "parameter_missing", param });
const noSuch = (kind: string, id: string, param: string, status = 404) =>
  fail(status, {
    type: "invalid_request_error",
    code: "resource_missing",
    param,
    message: `No such ${kind}: '${id}'`,
  });

function str(value: FormValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function parseInteger(params: FormParams, name: string): { value?: number; error?: Result } {
  const raw = params[name];
  if (raw === undefined) return {};
  if (typeof raw !== "string" || !/^-?\d+$/.test(raw)) {
    return {
      error: invalid(`Invalid integer: ${typeof raw === "string" ? raw : "object"}`, {
        code: "parameter_invalid_integer",
        param: name,
      }),
    };
  }
  return { value: Number(raw) };
}

/** Stripe metadata: up to 50 string keys (≤ 40 chars) with string values (≤ 500 chars); "" unsets a key. */
function parseMetadata(
  raw: FormValue | undefined,
  base: Record<string, string> = {},
): { value?: Record<string, string>; error?: Result } {
  if (raw === undefined) return { value: { ...base } };
  if (raw === "") return { value: {} };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { error: invalid("Invalid object", { code: "parameter_invalid_empty", param: "metadata" }) };
  }
  const out: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== "string") {
      return { error: invalid("Invalid metadata value: must be a string.", { param: `metadata[${key}]` }) };
    }
    if (key.length > 40) {
      return {
        error: invalid("Metadata keys can have up to 40 characters.", { param: `metadata[${key}]` }),
      };
    }
    if (value.length > 500) {
      return {
        error: invalid("Metadata values can have up to 500 characters.", { param: `metadata[${key}]` }),
      };
    }
    if (value === "") delete out[key];
    else out[key] = value;
  }
  if (Object.keys(out).length > 50) {
    return { error: invalid("Metadata can have up to 50 keys.", { param: "metadata" }) };
  }
  return { value: out };
}

function expands(params: FormParams): string[] {
  const raw = params.expand;
  if (typeof raw === "string") return [raw];
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : [];
}

function apiKeyFrom(header: string | undefined): string | null {
  if (!header) return null;
  const bearer = header.match(/^Bearer\s+(\S+)$/i);
  if (bearer?.[1]) return bearer[1];
  const basic = header.match(/^Basic\s+(\S+)$/i);
  if (basic?.[1]) return Buffer.from(basic[1], "base64").toString("utf8").split(":")[0] || null;
  return null;
}

function maskKey(key: string): string {
  return `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

interface Failure {
  kind: "error" | "drop-before" | "drop-after";
  status: number;
  options: FailNextOptions;
}

interface StoredResponse {
  endpoint: string;
  fingerprint: string;
  status: number;
  body: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------------------

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const intents = new Map<string, FakePaymentIntent>();
  const charges = new Map<string, FakeCharge>();
  const refunds = new Map<string, FakeRefund>();
  const idempotency = new Map<string, StoredResponse>();
  const failures = new Map<FakeOperation, Failure[]>();
  const requests: FakeStripeRequest[] = [];
  const deliveries: FakeDelivery[] = [];

  const takeFailure = (operation: FakeOperation | null): Failure | undefined =>
    operation ? failures.get(operation)?.shift() : undefined;
  const queueFailure = (operation: FakeOperation, times: number, failure: Failure) => {
    const queue = failures.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    failures.set(operation, queue);
  };

  const chargeView = (charge: FakeCharge): FakeChargeWithRefunds => {
    const list = [...refunds.values()].filter((r) => r.charge === charge.id);
    return {
      ...clone(charge),
      refunds: {
        object: "list",
        data: clone(list),
        has_more: false,
        url: `/v1/charges/${charge.id}/refunds`,
      },
    };
  };
  const intentView = (intent: FakePaymentIntent, expand: string[] = []) => {
    const view: Record<string, unknown> = { ...clone(intent) };
    if (expand.includes("latest_charge") && intent.latest_charge) {
      const charge = charges.get(intent.latest_charge);
      if (charge) view.latest_charge = chargeView(charge);
    }
    return view;
  };

  const refundedAmount = (chargeId: string) =>
    [...refunds.values()]
      .filter((r) => r.charge === chargeId && (r.status === "succeeded" || r.status === "pending"))
      .reduce((sum, r) => sum + r.amount, 0);

  // --- v1 handlers ----------------------------------------------------------------------------------------------

  function createIntent(params: FormParams): Result {
    const amount = parseInteger(params, "amount");
    if (amount.error) return amount.error;
    if (amount.value === undefined) return missing("amount");
    if (amount.value < 1) {
      return invalid("This value must be greater than or equal to 1.", {
        code: "parameter_invalid_integer",
        param: "amount",
      });
    }
    if (amount.value > MAX_AMOUNT) {
      return invalid("Amount must be no more than 999,999.99", { code: "amount_too_large", param: "amount" });
    }
    const currency = str(params.currency);
    if (!currency) return missing("currency");
    if (!/^[a-zA-Z]{3}$/.test(currency)) {
      return invalid(`Invalid currency: ${currency.toLowerCase()}.`, { param: "currency" });
    }
    const metadata = parseMetadata(params.metadata);
    if (metadata.error) return metadata.error;
    const apm = params.automatic_payment_methods;
    const apmEnabled = typeof apm === "object" && !Array.isArray(apm) && apm.enabled === "true";
    const types = params.payment_method_types;
    const id = newId("pi");
    const intent: FakePaymentIntent = {
      id,
      object: "payment_intent",
      amount: amount.value,
      amount_capturable: 0,
      amount_received: 0,
      automatic_payment_methods: apmEnabled
        ? {
            enabled: true,
            allow_redirects:
              typeof apm === "object" && !Array.isArray(apm) && apm.allow_redirects === "never"
                ? "never"
                : "always",
          }
        : null,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: str(params.capture_method) ?? "automatic_async",
      client_secret: `${id}_secret_${hex(12)}`,
      confirmation_method: str(params.confirmation_method) ?? "automatic",
      created: now(),
      currency: currency.toLowerCase(),
      customer: str(params.customer) ?? null,
      description: str(params.description) ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: metadata.value ?? {},
      next_action: null,
      payment_method: str(params.payment_method) ?? null,
      payment_method_types: Array.isArray(types)
        ? types.filter((t): t is string => typeof t === "string")
        : ["card"],
      receipt_email: str(params.receipt_email) ?? null,
      setup_future_usage: str(params.setup_future_usage) ?? null,
      shipping: params.shipping ?? null,
      statement_descriptor: str(params.statement_descriptor) ?? null,
      statement_descriptor_suffix: str(params.statement_descriptor_suffix) ?? null,
      status: "requires_payment_method",
    };
    intents.set(id, intent);
    return ok(intentView(intent, expands(params)));
  }

  function updateIntent(id: string, params: FormParams): Result {
    const intent = intents.get(id);
    if (!intent) return noSuch("payment_intent", id, "intent");
    const amount = parseInteger(params, "amount");
    if (amount.error) return amount.error;
    const currency = str(params.currency);
    const changesMoney =
      (amount.value !== undefined && amount.value !== intent.amount) ||
      (currency !== undefined && currency.toLowerCase() !== intent.currency);
    if (changesMoney && !UPDATABLE.includes(intent.status)) {
      return fail(400, {
        type: "invalid_request_error",
        code: "payment_intent_unexpected_state",
        message: `This PaymentIntent's amount could not be updated because it has a status of ${intent.status}. You may only update the amount of a PaymentIntent with one of the following statuses: ${UPDATABLE.join(", ")}.`,
        payment_intent: intentView(intent),
      });
    }
    if (amount.value !== undefined && (amount.value < 1 || amount.value > MAX_AMOUNT)) {
      return invalid("Invalid amount.", { code: "parameter_invalid_integer", param: "amount" });
    }
    const metadata = parseMetadata(params.metadata, intent.metadata);
    if (metadata.error) return metadata.error;
    if (amount.value !== undefined) intent.amount = amount.value;
    if (currency !== undefined) intent.currency = currency.toLowerCase();
    intent.metadata = metadata.value ?? intent.metadata;
    for (const field of ["description", "receipt_email", "statement_descriptor_suffix"] as const) {
      const value = str(params[field]);
      if (value !== undefined) intent[field] = value === "" ? null : value;
    }
    return ok(intentView(intent, expands(params)));
  }

  function cancelIntent(id: string, params: FormParams): Result {
    const intent = intents.get(id);
    if (!intent) return noSuch("payment_intent", id, "intent");
    const reason = str(params.cancellation_reason);
    if (reason !== undefined && !CANCELLATION_REASONS.includes(reason)) {
      return invalid(`Invalid cancellation_reason: must be one of ${CANCELLATION_REASONS.join(", ")}`, {
        param: "cancellation_reason",
      });
    }
    if (!CANCELABLE.includes(intent.status)) {
      return fail(400, {
        type: "invalid_request_error",
        code: "payment_intent_unexpected_state",
        message: `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(", ")}.`,
        payment_intent: intentView(intent),
      });
    }
    intent.status = "canceled";
    intent.canceled_at = now();
    intent.cancellation_reason = reason ?? null;
    intent.next_action = null;
    intent.amount_capturable = 0;
    return ok(intentView(intent, expands(params)));
  }

  function createRefund(params: FormParams): Result {
    const piId = str(params.payment_intent);
    const chargeId = str(params.charge);
    if (!piId && !chargeId) {
      return invalid(
        "One of the following params should be provided for this request: payment_intent or charge.",
        {
          code: "parameter_missing",
        },
      );
    }
    let intent: FakePaymentIntent | undefined;
    if (piId) {
      intent = intents.get(piId);
      if (!intent) return noSuch("payment_intent", piId, "payment_intent", 400);
    } else if (chargeId) {
      const charge = charges.get(chargeId);
      if (!charge) return noSuch("charge", chargeId, "charge", 400);
      intent = intents.get(charge.payment_intent);
    }
    const charge = intent?.latest_charge ? charges.get(intent.latest_charge) : undefined;
    if (!intent || !charge || charge.status !== "succeeded") {
      return fail(400, {
        type: "invalid_request_error",
        code: "payment_intent_unexpected_state",
        param: piId ? "payment_intent" : "charge",
        message: `This PaymentIntent (${intent?.id ?? piId}) does not have a successful charge to refund.`,
      });
    }
    const amount = parseInteger(params, "amount");
    if (amount.error) return amount.error;
    const reason = str(params.reason);
    if (reason !== undefined && !REFUND_REASONS.includes(reason)) {
      return invalid(`Invalid reason: must be one of ${REFUND_REASONS.join(", ")}`, { param: "reason" });
    }
    const metadata = parseMetadata(params.metadata);
    if (metadata.error) return metadata.error;
    const remaining = charge.amount_captured - refundedAmount(charge.id);
    if (remaining <= 0) {
      return fail(400, {
        type: "invalid_request_error",
        code: "charge_already_refunded",
        message: `Charge ${charge.id} has already been refunded.`,
        charge: charge.id,
      });
    }
    const value = amount.value ?? remaining;
    if (value < 1) {
      return invalid("This value must be greater than or equal to 1.", {
        code: "parameter_invalid_integer",
        param: "amount",
      });
    }
    if (value > remaining) {
      return fail(400, {
        type: "invalid_request_error",
        code: "amount_too_large",
        param: "amount",
        message: `Refund amount (${value}) is greater than unrefunded amount on charge (${remaining})`,
        charge: charge.id,
      });
    }
    const refund: FakeRefund = {
      id: newId("re"),
      object: "refund",
      amount: value,
      balance_transaction: null,
      charge: charge.id,
      created: now(),
      currency: charge.currency,
      metadata: metadata.value ?? {},
      payment_intent: intent.id,
      reason: reason ?? null,
      receipt_number: null,
      status: "succeeded",
    };
    refunds.set(refund.id, refund);
    charge.amount_refunded = refundedAmount(charge.id);
    charge.refunded = charge.amount_refunded >= charge.amount_captured;
    return ok(clone(refund));
  }

  function list(path: string, data: unknown[], params: FormParams): Result {
    const limit = Math.min(100, Math.max(1, Number(str(params.limit) ?? 10) || 10));
    return ok({ object: "list", data: data.slice(0, limit), has_more: data.length > limit, url: path });
  }

  type Route = {
    method: string;
    pattern: RegExp;
    operation: FakeOperation | null;
    handle: (match: string[], params: FormParams) => Result;
  };
  const routes: Route[] = [
    {
      method: "POST",
      pattern: /^\/v1\/payment_intents$/,
      operation: "create",
      handle: (_, p) => createIntent(p),
    },
    {
      method: "GET",
      pattern: /^\/v1\/payment_intents$/,
      operation: null,
      handle: (_, p) =>
        list(
          "/v1/payment_intents",
          [...intents.values()].reverse().map((i) => intentView(i)),
          p,
        ),
    },
    {
      method: "GET",
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      operation: "retrieve",
      handle: ([id = ""], p) => {
        const intent = intents.get(id);
        return intent ? ok(intentView(intent, expands(p))) : noSuch("payment_intent", id, "intent");
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/payment_intents\/([^/]+)$/,
      operation: "update",
      handle: ([id = ""], p) => updateIntent(id, p),
    },
    {
      method: "POST",
      pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/,
      operation: "cancel",
      handle: ([id = ""], p) => cancelIntent(id, p),
    },
    { method: "POST", pattern: /^\/v1\/refunds$/, operation: "refund", handle: (_, p) => createRefund(p) },
    {
      method: "GET",
      pattern: /^\/v1\/refunds$/,
      operation: null,
      handle: (_, p) => {
        const pi = str(p.payment_intent);
        const charge = str(p.charge);
        const data = [...refunds.values()]
          .filter((r) => (!pi || r.payment_intent === pi) && (!charge || r.charge === charge))
          .reverse();
        return list("/v1/refunds", clone(data), p);
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/refunds\/([^/]+)$/,
      operation: null,
      handle: ([id = ""]) => {
        const refund = refunds.get(id);
        return refund ? ok(clone(refund)) : noSuch("refund", id, "id");
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/charges\/([^/]+)$/,
      operation: null,
      handle: ([id = ""]) => {
        const charge = charges.get(id);
        return charge ? ok(chargeView(charge)) : noSuch("charge", id, "id");
      },
    },
  ];

  // --- HTTP plumbing --------------------------------------------------------------------------------------------

  function send(res: ServerResponse, result: Result, extra: Record<string, string> = {}) {
    const body = typeof result.body === "string" ? result.body : JSON.stringify(result.body, null, 2);
    res.writeHead(result.status, {
      "Content-Type": "application/json",
      "Content-Length": String(Buffer.byteLength(body)),
      "Request-Id": `req_${hex(7)}`,
      ...result.headers,
      ...extra,
    });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const url = new URL(req.url ?? "/", "http://fake-stripe.local");
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname;

    if (path.startsWith("/_fake/")) return handleControl(method, path, body, res);

    const params = method === "GET" || method === "DELETE" ? parseForm(url.search.slice(1)) : parseForm(body);
    const idempotencyKey = req.headers["idempotency-key"];
    const stripeVersion = req.headers["stripe-version"];
    const apiKey = apiKeyFrom(req.headers.authorization);
    const entry: FakeStripeRequest = {
      method,
      path,
      query: url.search,
      idempotencyKey: typeof idempotencyKey === "string" ? idempotencyKey : null,
      stripeVersion: typeof stripeVersion === "string" ? stripeVersion : null,
      apiKey,
      params,
      operation: null,
      status: 0,
      replayed: false,
      injected: null,
    };
    requests.push(entry);
    const echo: Record<string, string> = { "Stripe-Version": entry.stripeVersion ?? Stripe.API_VERSION };
    if (entry.idempotencyKey) echo["Idempotency-Key"] = entry.idempotencyKey;
    const reply = (result: Result, extra: Record<string, string> = {}) => {
      entry.status = result.status;
      send(res, result, { ...echo, ...extra });
    };

    // Authentication comes first, as on Stripe.
    if (!apiKey) {
      return reply(
        fail(401, {
          type: "invalid_request_error",
          message:
            "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
        }),
      );
    }
    const keyShapeOk = /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/.test(apiKey);
    if (!keyShapeOk || (options.secretKey !== undefined && apiKey !== options.secretKey)) {
      return reply(
        fail(401, {
          type: "invalid_request_error",
          code: "api_key_invalid",
          message: `Invalid API Key provided: ${maskKey(apiKey)}`,
        }),
      );
    }

    let route: Route | undefined;
    let match: string[] = [];
    for (const candidate of routes) {
      const m = candidate.method === method ? path.match(candidate.pattern) : null;
      if (m) {
        route = candidate;
        match = m.slice(1).map((s) => decodeURIComponent(s));
        break;
      }
    }
    if (!route) {
      return reply(
        fail(404, {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        }),
      );
    }
    entry.operation = route.operation;

    const failure = takeFailure(route.operation);
    if (failure?.kind === "drop-before") {
      entry.injected = "drop-before";
      req.socket.destroy();
      return;
    }
    if (failure?.kind === "error") {
      entry.injected = "error";
      const { type = "api_error", code, message, shouldRetry } = failure.options;
      const error: RawError = {
        type,
        message: message ?? `Fake Stripe: injected ${failure.status} for ${route.operation}.`,
      };
      if (code) error.code = code;
      const headers: Record<string, string> = {};
      if (shouldRetry !== undefined) headers["Stripe-Should-Retry"] = String(shouldRetry);
      return reply(fail(failure.status, error, false), headers);
    }

    // Idempotency: Stripe keys only POSTs; a key replays the first stored result for the same endpoint+params.
    const key = method === "POST" ? entry.idempotencyKey : null;
    const endpoint = `${method} ${path}`;
    const print = fingerprint(params);
    const stored = key ? idempotency.get(key) : undefined;
    if (key && stored) {
      if (stored.endpoint !== endpoint) {
        return reply(
          fail(400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${endpoint}' vs '${stored.endpoint}'). Try using a key other than '${key}' if you meant to execute a different request.`,
          }),
        );
      }
      if (stored.fingerprint !== print) {
        return reply(
          fail(400, {
            type: "idempotency_error",
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
          }),
        );
      }
      entry.replayed = true;
      return reply(
        { status: stored.status, body: stored.body, store: false },
        { "Idempotent-Replayed": "true" },
      );
    }

    const result = route.handle(match, params);
    if (key && result.store) {
      idempotency.set(key, {
        endpoint,
        fingerprint: print,
        status: result.status,
        body: JSON.stringify(result.body, null, 2),
      });
    }
    if (failure?.kind === "drop-after") {
      entry.injected = "drop-after";
      entry.status = 0;
      req.socket.destroy();
      return;
    }
    reply(result);
  }

  // --- controls -------------------------------------------------------------------------------------------------

  const mustIntent = (id: string) => {
    const intent = intents.get(id);
    if (!intent) throw new Error(`Fake Stripe: no such payment_intent ${id}`);
    return intent;
  };

  function setStatus(id: string, status: FakeIntentStatus, opts: SetStatusOptions = {}): FakePaymentIntent {
    const intent = mustIntent(id);
    intent.status = status;
    intent.next_action = null;
    intent.amount_capturable = 0;
    if (status !== "requires_payment_method") intent.last_payment_error = null;
    if (status !== "canceled") {
      intent.canceled_at = null;
      intent.cancellation_reason = null;
    }
    switch (status) {
      case "succeeded": {
        intent.payment_method ??= newId("pm");
        intent.amount_received = intent.amount;
        const current = intent.latest_charge ? charges.get(intent.latest_charge) : undefined;
        if (current && current.status === "succeeded") break;
        const charge: FakeCharge = {
          id: newId("ch"),
          object: "charge",
          amount: intent.amount,
          amount_captured: intent.amount,
          amount_refunded: 0,
          balance_transaction: null,
          captured: true,
          created: now(),
          currency: intent.currency,
          failure_code: null,
          failure_message: null,
          livemode: false,
          metadata: { ...intent.metadata },
          paid: true,
          payment_intent: intent.id,
          refunded: false,
          status: "succeeded",
        };
        charges.set(charge.id, charge);
        intent.latest_charge = charge.id;
        break;
      }
      case "processing":
      case "requires_capture":
        intent.payment_method ??= newId("pm");
        intent.amount_received = 0;
        if (status === "requires_capture") intent.amount_capturable = intent.amount;
        break;
      case "requires_action":
        intent.payment_method ??= newId("pm");
        intent.next_action = { type: "use_stripe_sdk", use_stripe_sdk: {} };
        break;
      case "requires_payment_method":
      case "requires_confirmation": {
        intent.amount_received = 0;
        intent.latest_charge = null;
        const e = opts.lastPaymentError;
        intent.last_payment_error =
          status === "requires_payment_method" && e
            ? {
                type: e.type ?? "card_error",
                code: e.code ?? null,
                decline_code: e.decline_code ?? null,
                message: e.message ?? "Your card was declined.",
                payment_method: e.payment_method ?? null,
              }
            : null;
        intent.payment_method = null;
        break;
      }
      case "canceled":
        intent.canceled_at = now();
        intent.cancellation_reason = opts.cancellationReason ?? null;
        break;
    }
    return clone(intent);
  }

  function event<T extends object>(
    type: string,
    object: T,
    opts: { previousAttributes?: Record<string, unknown> } = {},
  ): FakeStripeEvent<T> {
    return {
      id: newId("evt"),
      object: "event",
      api_version: Stripe.API_VERSION,
      created: now(),
      data: {
        object: clone(object),
        ...(opts.previousAttributes ? { previous_attributes: clone(opts.previousAttributes) } : {}),
      },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type,
    };
  }

  function signedDelivery(
    evt: FakeStripeEvent<object>,
    secret = options.webhook?.secret,
    opts: { timestamp?: number } = {},
  ) {
    if (!secret) throw new Error("Fake Stripe: no webhook secret (pass one or start with options.webhook)");
    const payload = JSON.stringify(evt, null, 2);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: opts.timestamp });
    return { payload, header };
  }

  async function deliver(
    evt: FakeStripeEvent<object>,
    opts: { url?: string; secret?: string; times?: number } = {},
  ): Promise<FakeWebhookResponse[]> {
    const url = opts.url ?? options.webhook?.url;
    if (!url) throw new Error("Fake Stripe: no webhook URL (pass one or start with options.webhook)");
    const responses: FakeWebhookResponse[] = [];
    for (let i = 0; i < (opts.times ?? 1); i++) {
      // Each attempt is signed afresh, like Stripe's retries (same payload, new timestamp).
      const { payload, header } = signedDelivery(evt, opts.secret ?? options.webhook?.secret);
      let response: FakeWebhookResponse;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": header,
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            Accept: "*/*; q=0.5, application/xml",
          },
          body: payload,
          signal: AbortSignal.timeout(30_000),
        });
        response = {
          url,
          status: res.status,
          body: await res.text(),
          headers: Object.fromEntries(res.headers.entries()),
        };
      } catch (e) {
        const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : "";
        response = {
          url,
          status: 0,
          body: "",
          headers: {},
          error: `${e instanceof Error ? e.message : String(e)}${cause}`,
        };
      }
      responses.push(response);
      deliveries.push({
        eventId: evt.id,
        type: evt.type,
        url,
        status: response.status,
        ...(response.error ? { error: response.error } : {}),
      });
    }
    return responses;
  }

  async function outcome<T extends object>(
    intent: FakePaymentIntent,
    evt: FakeStripeEvent<T>,
  ): Promise<FakeOutcome<T>> {
    const responses = options.webhook?.url ? await deliver(evt) : [];
    return { intent, event: evt, responses };
  }

  async function succeed(id: string) {
    const intent = setStatus(id, "succeeded");
    return outcome(intent, event("payment_intent.succeeded", intent));
  }

  async function failIntent(id: string, error: Partial<FakePaymentError> = {}) {
    const intent = setStatus(id, "requires_payment_method", {
      lastPaymentError: {
        type: "card_error",
        code: "card_declined",
        decline_code: "generic_decline",
        message: "Your card was declined.",
        payment_method: { id: newId("pm"), object: "payment_method", type: "card" },
        ...error,
      },
    });
    return outcome(intent, event("payment_intent.payment_failed", intent));
  }

  async function refundEvent(paymentIntentId: string) {
    const intent = mustIntent(paymentIntentId);
    const charge = intent.latest_charge ? charges.get(intent.latest_charge) : undefined;
    if (!charge) throw new Error(`Fake Stripe: ${paymentIntentId} has no charge (succeed it first)`);
    return outcome(clone(intent), event("charge.refunded", chargeView(charge)));
  }

  function reset() {
    intents.clear();
    charges.clear();
    refunds.clear();
    idempotency.clear();
    failures.clear();
    requests.length = 0;
    deliveries.length = 0;
  }

  // HTTP access to the controls, for a fake running in another process (the CLI): JSON in, JSON out, no auth.
  //   GET  /_fake/payment_intents                       → all created intents
  //   POST /_fake/payment_intents/:id/succeed|fail|refund_event → { intent, event, responses }
  //   POST /_fake/payment_intents/:id/status  {"status": "..."} → the intent
  //   POST /_fake/fail_next {"operation": "create", "times"?: 1, "status"?: 500}
  //   POST /_fake/reset
  async function handleControl(method: string, path: string, body: string, res: ServerResponse) {
    const json = (status: number, value: unknown) => send(res, { status, body: value, store: false });
    try {
      const input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      if (method === "GET" && path === "/_fake/payment_intents") {
        return json(200, { object: "list", data: [...intents.values()].map((i) => clone(i)) });
      }
      if (method === "POST" && path === "/_fake/reset") {
        reset();
        return json(200, { ok: true });
      }
      if (method === "POST" && path === "/_fake/fail_next") {
        const operation = String(input.operation) as FakeOperation;
        if (!routes.some((r) => r.operation === operation)) return json(400, { error: "unknown operation" });
        queueFailure(operation, Number(input.times ?? 1), {
          kind: "error",
          status: Number(input.status ?? 500),
          options: {},
        });
        return json(200, { ok: true });
      }
      const m = path.match(/^\/_fake\/payment_intents\/([^/]+)\/(succeed|fail|refund_event|status)$/);
      if (method === "POST" && m?.[1] && m[2]) {
        const id = decodeURIComponent(m[1]);
        if (!intents.has(id)) return json(404, { error: `no such payment_intent ${id}` });
        if (m[2] === "status") return json(200, setStatus(id, String(input.status) as FakeIntentStatus));
        const done =
          m[2] === "succeed"
            ? await succeed(id)
            : m[2] === "fail"
              ? await failIntent(id)
              : await refundEvent(id);
        return json(200, done);
      }
      return json(404, { error: `unknown control ${method} ${path}` });
    } catch (e) {
      return json(500, { error: e instanceof Error ? e.message : String(e) });
    }
  }

  // --- start ----------------------------------------------------------------------------------------------------

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      send(res, fail(500, { type: "api_error", message: `Fake Stripe crashed: ${String(e)}` }, false));
    });
  });
  const port = await listenLocally(server, options.port);

  const api: FakeStripe = {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => closeServer(server),
    client: (secretKey = "sk_test_fake", config = {}) =>
      new Stripe(secretKey, { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0, ...config }),
    requests,
    deliveries,
    failNext: (operation, times = 1, status = 500, opts = {}) =>
      queueFailure(operation, times, { kind: "error", status, options: opts }),
    dropNext: (operation, times = 1, opts = {}) =>
      queueFailure(operation, times, {
        kind: opts.afterProcessing ? "drop-after" : "drop-before",
        status: 0,
        options: {},
      }),
    createdIntents: () => [...intents.values()].map((i) => clone(i)),
    intent: (id) => {
      const intent = intents.get(id);
      return intent ? clone(intent) : undefined;
    },
    setStatus,
    refundsFor: (paymentIntentId) =>
      [...refunds.values()].filter((r) => r.payment_intent === paymentIntentId).map((r) => clone(r)),
    charge: (id) => {
      const charge = charges.get(id);
      return charge ? clone(charge) : undefined;
    },
    reset,
    event,
    signedDelivery,
    deliver,
    succeed,
    fail: failIntent,
    refundEvent,
  };
  return api;
}
