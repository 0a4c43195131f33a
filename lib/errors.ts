/** Every machine code of the HTTP contract with its status. The message text lives in messages/*.json. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  WEBHOOK_SIGNATURE_INVALID: 400,
  PUSH_NOT_SUPPORTED: 400,
  UNSUPPORTED_GRANT_TYPE: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  TOKEN_EXPIRED: 401,
  FORBIDDEN: 403,
  PASSWORD_INVALID: 403,
  NOT_A_VERIFIED_BUYER: 403,
  NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  CART_ITEM_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  OUT_OF_STOCK: 409,
  CART_EMPTY: 409,
  PRICE_CHANGED: 409,
  IDEMPOTENCY_IN_PROGRESS: 409,
  INVALID_TRANSITION: 409,
  NOTHING_TO_SHIP: 409,
  LABEL_NOT_READY: 409,
  INVOICE_NOT_READY: 409,
  EMAIL_TAKEN: 409,
  ALREADY_EXISTS: 409,
  STOCK_BELOW_RESERVED: 409,
  IN_STOCK: 409,
  IN_USE: 409,
  ORDER_IN_PROGRESS: 409,
  ALREADY_REVIEWED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PRODUCT_INACTIVE: 422,
  QTY_LIMIT: 422,
  WISHLIST_FULL: 422,
  COMPARE_FULL: 422,
  COUPON_INVALID: 422,
  COUPON_EXPIRED: 422,
  COUPON_USAGE_LIMIT: 422,
  COUPON_MIN_ORDER: 422,
  COUPON_NOT_APPLICABLE: 422,
  COUPON_PER_CUSTOMER_LIMIT: 422,
  NO_SHIPPING_TO_ADDRESS: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  REFUND_EXCEEDS_REMAINING: 422,
  PAYMENT_METHOD_UNAVAILABLE: 422,
  INSTALLMENTS_UNAVAILABLE: 422,
  NOT_DELIVERED: 422,
  RETURN_WINDOW_CLOSED: 422,
  RETURN_QTY_EXCEEDED: 422,
  TERMS_NOT_ACCEPTED: 422,
  URL_NOT_ALLOWED: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  PAYMENT_PROVIDER_ERROR: 502,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type ErrorDetails = Record<string, unknown>;

/** The one error type services throw; route handlers turn it into the API.md error shape. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly details: ErrorDetails = {},
    message?: string,
  ) {
    super(message ?? code);
    this.name = "AppError";
    this.status = ERROR_STATUS[code];
  }
}

/**
 * A refused input's message as a service names it: a message key and its values, in the details' `fields`
 * of an AppError. The face translates it (lib/http for the API, lib/actions for forms).
 */
export interface FieldCode {
  key: string;
  values?: Record<string, string | number>;
}

export function fieldCode(key: string, values?: Record<string, string | number>): FieldCode {
  return values ? { key, values } : { key };
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);

/** True when the database cannot be reached (server down, restarting, connection dropped). */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (
      typeof code === "string" &&
      (CONNECTION_CODES.has(code) || code.startsWith("08") || code === "57P01" || code === "57P03")
    ) {
      return true;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A payment provider could not be reached, answered with something unreadable, or refused a request the
 * store made (`refusal` carries the provider's own code and message, for the log and for staff).
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    message: string,
    readonly refusal: { code: string | null; message: string | null } | null = null,
  ) {
    super(`${provider}: ${message}`);
    this.name = "ProviderError";
  }
}

/** An error of a payment provider (unreachable, 5xx, rejected request): the provider's fault, not the store's. */
export function isPaymentProviderError(error: unknown): boolean {
  if (error instanceof ProviderError) return true;
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === "string" && type.startsWith("Stripe") && error instanceof Error;
}

/**
 * PostgreSQL's "data exception" class (22xxx): a value it cannot store or compare, such as U+0000 in
 * text (22021) or a number out of range (22003). Such an error comes from the request's input.
 */
export function isInvalidValueForDatabase(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The constraint a PostgreSQL unique violation (23505) names, looking through drizzle's wrapping. */
export function uniqueViolation(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; constraint_name?: unknown; constraint?: unknown };
    if (candidate.code === "23505") {
      const name = candidate.constraint_name ?? candidate.constraint;
      return typeof name === "string" ? name : "";
    }
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
