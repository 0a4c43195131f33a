import type { z } from "zod";
import { registerSchema, staffSchema } from "@/lib/accounts/schemas";
import { tokenCreateSchema } from "@/lib/admin/tokens";
import { revokeRequestSchema, tokenRequestSchema } from "@/lib/app-tokens/schemas";
import { addItemSchema, giftWrapSchema, setQtySchema } from "@/lib/cart/schemas";
import {
  brandInputSchema,
  brandPatchSchema,
  categoryInputSchema,
  categoryPatchSchema,
  imagePatchSchema,
  productCreateSchema,
  productListQuerySchema,
  productPatchSchema,
} from "@/lib/catalog/edit-schemas";
import { listQuerySchema } from "@/lib/catalog/schemas";
import { previewInputSchema } from "@/lib/checkout/preview";
import { checkoutSchema } from "@/lib/checkout/schemas";
import { compareItemSchema, compareQuerySchema } from "@/lib/compare/schemas";
import {
  couponCodeSchema,
  couponCreateSchema,
  couponListQuerySchema,
  couponPatchSchema,
} from "@/lib/coupons/schemas";
import { inventoryListQuerySchema, setStockSchema } from "@/lib/inventory/schemas";
import { jobListQuerySchema } from "@/lib/jobs/staff";
import { preContractInputSchema } from "@/lib/legal/contracts";
import { pushTokenSchema } from "@/lib/notifications/push/tokens";
import { orderListQuerySchema, refundSchema, trackQuerySchema, transitionSchema } from "@/lib/orders/schemas";
import { installmentQuerySchema } from "@/lib/payments/installments";
import { paymentConfirmSchema } from "@/lib/payments/schemas";
import {
  feePatchSchema,
  feeSchema,
  taxClassCreateSchema,
  taxClassPatchSchema,
  zoneCreateSchema,
  zonePatchSchema,
} from "@/lib/pricing/edit-schemas";
import { dataRequestListQuerySchema, dataSubjectSchema, eraseAccountSchema } from "@/lib/privacy/schemas";
import { returnListQuerySchema, returnRequestSchema, returnTransitionSchema } from "@/lib/returns/schemas";
import {
  adminReviewListQuerySchema,
  moderationSchema,
  reviewInputSchema,
  reviewListQuerySchema,
} from "@/lib/reviews/schemas";
import { suggestQuerySchema } from "@/lib/search/schemas";
import { shipmentRequestSchema } from "@/lib/shipments/schemas";
import { destinationSchema, shippingEstimateSchema } from "@/lib/shipping/schemas";
import { stockAlertSchema } from "@/lib/stock-alerts/schemas";
import { endpointCreateSchema, endpointPatchSchema } from "@/lib/webhooks/schemas";
import { wishlistItemSchema } from "@/lib/wishlist/schemas";

/**
 * Every operation under /api, with the very schemas its route handler validates with: the OpenAPI
 * document (./document.ts) is generated from this list, and a test fails when a route handler is missing.
 *
 * Access: `public` anyone; `visitor` guests (by the store's own cookies) and signed-in shoppers alike;
 * `customer` a signed-in shopper (a session cookie, or an app's bearer access token); `staff` / `admin` a staff session or an admin API token (`admin`: the
 * administrator role); `adminSession` an administrator's session only; `cron` the CRON_SECRET; `provider`
 * a payment provider or carrier, authenticated by the signature it documents.
 */
export type Access =
  | "public"
  | "visitor"
  | "customer"
  | "staff"
  | "admin"
  | "adminSession"
  | "cron"
  | "provider";

export interface Operation {
  id: string;
  method: "get" | "post" | "put" | "patch" | "delete";
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  query?: z.ZodType;
  /**
   * `json`: a JSON body, also taken as multipart/form-data with the same fields when `files` names the
   * form's file fields; `other`: a body in the provider's or form's own format.
   */
  body?:
    | { kind: "json"; schema: z.ZodType; files?: string[] }
    | { kind: "other"; contentType: string; schema?: z.ZodType };
  idempotencyKey?: boolean;
  success: { status: number; description: string; contentType?: string };
  /** Error statuses besides those of the access rule (401/403) and of bad input (400). */
  errors: number[];
}

type Method = Operation["method"];
type Details = Omit<
  Operation,
  "id" | "method" | "path" | "tag" | "summary" | "access" | "success" | "errors"
> & {
  status?: number;
  answer?: string;
  contentType?: string;
  errors?: number[];
};

/** `getProductsSlugReviews` for `GET /api/products/{slug}/reviews`. */
function operationId(method: Method, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split(/[/.{}-]+/)
    .filter(Boolean);
  return method + words.map((word) => word[0]?.toUpperCase() + word.slice(1)).join("");
}

function group(tag: string) {
  return (
    method: Method,
    path: string,
    access: Access,
    summary: string,
    details: Details = {},
  ): Operation => {
    const { status = 200, answer = "Done", contentType, errors = [], ...rest } = details;
    return {
      id: operationId(method, path),
      method,
      path,
      tag,
      summary,
      access,
      ...rest,
      success: { status, description: answer, contentType },
      errors,
    };
  };
}

const json = (schema: z.ZodType) => ({ kind: "json" as const, schema });

const catalogue = group("Catalogue");
const cart = group("Cart");
const checkout = group("Checkout and payment");
const orders = group("Orders");
const account = group("Account");
const engagement = group("Reviews, wishlist and alerts");
const adminOps = group("Admin");
const providers = group("Provider notifications");
const operations = group("Operations");

/** The admin API's five operations on a store resource: list, create, and get, update, delete one. */
function crud(path: string, param: string, what: string, create: z.ZodType, patch: z.ZodType): Operation[] {
  const one = `${path}/{${param}}`;
  return [
    adminOps("get", path, "staff", `List ${what.replace(/^an? /, "")}s`),
    adminOps("post", path, "staff", `Create ${what}`, { body: json(create), status: 201, errors: [409] }),
    adminOps("get", one, "staff", `One of them: ${what}`, { errors: [404] }),
    adminOps("patch", one, "staff", `Update ${what}`, { body: json(patch), errors: [404, 409] }),
    adminOps("delete", one, "staff", `Delete ${what} (409 IN_USE while something uses it)`, {
      status: 204,
      answer: "Deleted",
      errors: [404, 409],
    }),
  ];
}

export const OPERATIONS: Operation[] = [
  // Catalogue
  catalogue("get", "/api/products", "public", "List and search products", {
    query: listQuerySchema,
    answer: "`{items:[{slug, name, brand, category, priceFrom, image, inStock}], page, limit, total}`",
  }),
  catalogue("get", "/api/search/suggest", "public", "Suggestions as the shopper types", {
    query: suggestQuerySchema,
    answer:
      "`{products:[{slug, name, image, priceFrom}], categories:[{slug, name}], brands:[{slug, name}], queries}`",
  }),
  catalogue("get", "/api/products/{slug}", "public", "One product with its variants and live availability", {
    errors: [404],
  }),
  catalogue("get", "/api/products/{slug}/stock", "public", "Live stock of a product's variants", {
    answer: "`{variants:[{sku, available}]}`",
    errors: [404],
  }),
  catalogue("get", "/api/locations/tr/provinces", "public", "Türkiye's 81 provinces (İl)"),
  catalogue(
    "get",
    "/api/locations/tr/provinces/{code}/districts",
    "public",
    "A province's districts (İlçe)",
    {
      errors: [404],
    },
  ),
  catalogue("get", "/api/shipping/rates", "visitor", "Shipping options for the cart to a destination", {
    query: destinationSchema,
    errors: [422],
  }),
  // Cart
  cart("get", "/api/cart", "visitor", "The visitor's cart with its totals"),
  cart("post", "/api/cart/items", "visitor", "Add a variant (reserves the stock for 15 minutes)", {
    body: json(addItemSchema),
    errors: [404, 409, 422, 429],
  }),
  cart("patch", "/api/cart/items/{itemId}", "visitor", "Change a line's quantity", {
    body: json(setQtySchema),
    errors: [404, 409],
  }),
  cart("delete", "/api/cart/items/{itemId}", "visitor", "Remove a line (its stock is released)", {
    errors: [404],
  }),
  cart("post", "/api/cart/coupon", "visitor", "Apply a discount code", {
    body: json(couponCodeSchema),
    errors: [404, 422, 429],
  }),
  cart("delete", "/api/cart/coupon", "visitor", "Remove every discount code, or only `?code=`"),
  cart("put", "/api/cart/gift-wrap", "visitor", "Gift wrapping on or off", { body: json(giftWrapSchema) }),
  cart("put", "/api/cart/shipping", "visitor", "Keep a shipping estimate on the cart", {
    body: json(shippingEstimateSchema),
    errors: [422],
  }),
  cart("get", "/api/visitor", "visitor", "Who is visiting: signed in or not, and the cart's units"),
  // Checkout and payment
  checkout(
    "get",
    "/api/checkout/preview",
    "visitor",
    "Shipping options and totals for what was typed so far",
    {
      query: previewInputSchema,
    },
  ),
  checkout(
    "get",
    "/api/legal/pre-contract",
    "visitor",
    "The pre-information form and distance sales contract",
    {
      query: preContractInputSchema,
      errors: [409],
    },
  ),
  checkout("post", "/api/checkout", "visitor", "Place the order", {
    body: json(checkoutSchema),
    idempotencyKey: true,
    status: 201,
    answer:
      "`{order:{orderNo, status, totals, …}, payment?}`; a replay answers the same with Idempotent-Replayed",
    errors: [402, 409, 422, 429, 502],
  }),
  checkout("get", "/api/payments/installments", "visitor", "The card provider's installment table", {
    query: installmentQuerySchema,
    errors: [422, 429, 502],
  }),
  checkout("post", "/api/payments/confirm", "visitor", "Apply a finished Stripe payment", {
    body: json(paymentConfirmSchema),
    errors: [404, 409, 502],
  }),
  checkout(
    "post",
    "/api/payments/iyzico/callback",
    "public",
    "iyzico's payment page returns the shopper here",
    {
      body: { kind: "other", contentType: "application/x-www-form-urlencoded" },
      status: 303,
      answer: "To the order's page",
    },
  ),
  // Orders
  orders("get", "/api/orders/track/{orderNo}", "public", "Track an order by its number and email", {
    query: trackQuerySchema,
    errors: [404, 429],
  }),
  orders("get", "/api/orders/{orderNo}/invoice", "visitor", "The order's invoice", {
    contentType: "application/pdf",
    errors: [404, 409],
  }),
  orders("get", "/api/orders/{orderNo}/credit-notes/{number}", "visitor", "One of the order's credit notes", {
    contentType: "application/pdf",
    errors: [404],
  }),
  orders("post", "/api/orders/{orderNo}/returns", "visitor", "Return delivered units", {
    body: json(returnRequestSchema),
    status: 201,
    errors: [404, 409, 422, 429],
  }),
  // Account
  account("post", "/api/account/register", "public", "Create a customer account (and sign in)", {
    body: json(registerSchema),
    status: 201,
    errors: [409, 429],
  }),
  account("delete", "/api/account", "customer", "Delete the account (KVKK): personal data erased", {
    body: json(eraseAccountSchema),
    status: 204,
    errors: [403, 409, 429],
  }),
  account("get", "/api/account/export", "customer", "Download everything the store holds about the shopper"),
  account("post", "/api/account/push-tokens", "customer", "Register the app's Expo push token", {
    body: json(pushTokenSchema),
    status: 201,
  }),
  account("post", "/api/v1/auth/token", "public", "Sign an app in: tokens by password or refresh token", {
    description:
      "`grant_type` `password` (email, password) or `refresh_token` (refresh_token, rotated: a spent one " +
      "revokes its whole family). Answers `{access_token, token_type, expires_in, refresh_token}`.",
    body: json(tokenRequestSchema),
    errors: [401, 403, 429],
  }),
  account("post", "/api/v1/auth/revoke", "public", "Revoke an app's sign-in (its whole token family)", {
    body: json(revokeRequestSchema),
  }),
  account("get", "/api/auth/{nextauth}", "public", "Auth.js: session, CSRF token, providers, sign-out page", {
    description: "The browser sign-in endpoints of Auth.js (next-auth); apps use bearer tokens instead.",
  }),
  account("post", "/api/auth/{nextauth}", "public", "Auth.js: sign in with email and password, sign out", {
    description: "Form-encoded like Auth.js's own client, or JSON; rate-limited per address and account.",
    body: { kind: "other", contentType: "application/x-www-form-urlencoded" },
    errors: [413, 429],
  }),
  // Reviews, wishlist and alerts
  engagement("get", "/api/products/{slug}/reviews", "public", "A product's approved reviews and summary", {
    query: reviewListQuerySchema,
    errors: [404],
  }),
  engagement("post", "/api/products/{slug}/reviews", "customer", "Review a product bought and delivered", {
    description:
      "JSON, or multipart/form-data with the same fields and up to 3 `photos` (JPEG, PNG, WebP, AVIF).",
    body: { ...json(reviewInputSchema), files: ["photos"] },
    status: 201,
    errors: [403, 404, 409, 429],
  }),
  engagement("post", "/api/reviews/{id}/helpful", "visitor", "Vote a review helpful (one vote per visitor)", {
    errors: [404],
  }),
  engagement(
    "post",
    "/api/products/{slug}/stock-alerts",
    "visitor",
    "Be told when a sold-out variant is back",
    {
      body: json(stockAlertSchema),
      status: 201,
      errors: [404, 409, 429],
    },
  ),
  engagement("get", "/api/compare", "public", "Up to 4 products side by side, attributes aligned in rows", {
    query: compareQuerySchema,
    errors: [404],
  }),
  engagement("get", "/api/compare/items", "visitor", "The visitor's compare list (slugs)"),
  engagement("post", "/api/compare/items", "visitor", "Add a product to the compare list", {
    body: json(compareItemSchema),
    errors: [404, 422],
  }),
  engagement("delete", "/api/compare/items/{slug}", "visitor", "Take a product off the compare list"),
  engagement("get", "/api/wishlist/items", "visitor", "The visitor's wishlist"),
  engagement("post", "/api/wishlist/items", "visitor", "Add a variant to the wishlist", {
    body: json(wishlistItemSchema),
    errors: [404, 422],
  }),
  engagement("delete", "/api/wishlist/items/{sku}", "visitor", "Remove a variant from the wishlist"),
  // Admin
  adminOps("get", "/api/admin/products", "staff", "List products", { query: productListQuerySchema }),
  adminOps("post", "/api/admin/products", "staff", "Create a product with variants", {
    body: json(productCreateSchema),
    status: 201,
    errors: [409],
  }),
  adminOps("get", "/api/admin/products/{id}", "staff", "One product", { errors: [404] }),
  adminOps("patch", "/api/admin/products/{id}", "staff", "Update a product", {
    body: json(productPatchSchema),
    errors: [404, 409],
  }),
  ...crud("/api/admin/categories", "id", "a category", categoryInputSchema, categoryPatchSchema),
  ...crud("/api/admin/brands", "id", "a brand", brandInputSchema, brandPatchSchema),
  adminOps(
    "get",
    "/api/admin/products/{id}/images",
    "staff",
    "A product's images in the storefront's order",
    {
      errors: [404],
    },
  ),
  adminOps("post", "/api/admin/products/{id}/images", "staff", "Upload an image to a product", {
    description:
      "multipart/form-data: `file` (JPEG, PNG, WebP or AVIF, at most 5 MB), optional `altTr`, `altEn`.",
    body: { kind: "other", contentType: "multipart/form-data" },
    status: 201,
    errors: [404, 413, 415, 422],
  }),
  adminOps(
    "patch",
    "/api/admin/products/{id}/images/{imageId}",
    "staff",
    "Change an image's alt text or place",
    {
      body: json(imagePatchSchema),
      errors: [404],
    },
  ),
  adminOps("delete", "/api/admin/products/{id}/images/{imageId}", "staff", "Remove an image", {
    status: 204,
    answer: "Removed",
    errors: [404],
  }),
  ...crud(
    "/api/admin/shipping/zones",
    "id",
    "a shipping zone with its methods and rate tables",
    zoneCreateSchema,
    zonePatchSchema,
  ),
  ...crud(
    "/api/admin/tax-classes",
    "taxClass",
    "a tax class's KDV rate",
    taxClassCreateSchema,
    taxClassPatchSchema,
  ),
  ...crud("/api/admin/fees", "kind", "a fee rule", feeSchema, feePatchSchema),
  adminOps("get", "/api/admin/inventory", "staff", "Stock levels", { query: inventoryListQuerySchema }),
  adminOps("get", "/api/admin/inventory/{sku}", "staff", "A SKU's stock and ledger", { errors: [404] }),
  adminOps("put", "/api/admin/inventory/{sku}", "staff", "Set a SKU's stock on hand", {
    body: json(setStockSchema),
    errors: [404, 409],
  }),
  adminOps("get", "/api/admin/coupons", "staff", "List discount codes", { query: couponListQuerySchema }),
  adminOps("post", "/api/admin/coupons", "staff", "Create a discount code", {
    body: json(couponCreateSchema),
    status: 201,
    errors: [409],
  }),
  adminOps("get", "/api/admin/coupons/{id}", "staff", "One discount code", { errors: [404] }),
  adminOps("patch", "/api/admin/coupons/{id}", "staff", "Switch a discount code on or off", {
    body: json(couponPatchSchema),
    errors: [404],
  }),
  adminOps("get", "/api/admin/orders", "staff", "List orders", { query: orderListQuerySchema }),
  adminOps("get", "/api/admin/orders/{orderNo}", "staff", "One order with its timeline", { errors: [404] }),
  adminOps("post", "/api/admin/orders/{orderNo}/transitions", "staff", "Move an order on", {
    body: json(transitionSchema),
    errors: [404, 409],
  }),
  adminOps("post", "/api/admin/orders/{orderNo}/refunds", "staff", "Refund an order, wholly or in part", {
    body: json(refundSchema),
    idempotencyKey: true,
    status: 201,
    errors: [404, 409, 422, 502],
  }),
  adminOps("post", "/api/admin/orders/{orderNo}/shipments", "staff", "Ship a parcel with the carrier", {
    body: json(shipmentRequestSchema),
    status: 202,
    errors: [404, 409, 422],
  }),
  adminOps("get", "/api/admin/shipments/{id}/label", "staff", "A parcel's label", {
    contentType: "application/pdf",
    errors: [404, 409],
  }),
  adminOps("get", "/api/admin/returns", "staff", "List returns", { query: returnListQuerySchema }),
  adminOps("get", "/api/admin/returns/{returnNo}", "staff", "One return with its timeline", {
    errors: [404],
  }),
  adminOps(
    "post",
    "/api/admin/returns/{returnNo}/transitions",
    "staff",
    "Approve, reject, receive or refund",
    {
      body: json(returnTransitionSchema),
      errors: [404, 409, 422, 502],
    },
  ),
  adminOps("get", "/api/admin/reviews", "staff", "The review moderation queue", {
    query: adminReviewListQuerySchema,
  }),
  adminOps("post", "/api/admin/reviews/{id}", "staff", "Approve or reject a review, with a reply", {
    body: json(moderationSchema),
    errors: [404],
  }),
  adminOps("get", "/api/admin/webhook-endpoints", "staff", "Outbound webhook endpoints"),
  adminOps(
    "post",
    "/api/admin/webhook-endpoints",
    "staff",
    "Register an endpoint (its whsec_ secret shown once)",
    {
      body: json(endpointCreateSchema),
      status: 201,
      errors: [422],
    },
  ),
  adminOps(
    "patch",
    "/api/admin/webhook-endpoints/{id}",
    "staff",
    "Change an endpoint's URL, events or state",
    {
      body: json(endpointPatchSchema),
      errors: [404, 422],
    },
  ),
  adminOps("delete", "/api/admin/webhook-endpoints/{id}", "staff", "Delete an endpoint", {
    status: 204,
    answer: "Deleted",
    errors: [404],
  }),
  adminOps("get", "/api/admin/webhook-endpoints/{id}/deliveries", "staff", "An endpoint's delivery log", {
    errors: [404],
  }),
  adminOps("post", "/api/admin/webhook-deliveries/{id}/redeliver", "staff", "Send a delivery again", {
    status: 202,
    answer: "Queued",
    errors: [404],
  }),
  adminOps("get", "/api/admin/jobs", "staff", "Background jobs", { query: jobListQuerySchema }),
  adminOps("post", "/api/admin/jobs/{id}/retry", "staff", "Run a job that gave up again", { errors: [404] }),
  adminOps(
    "get",
    "/api/admin/mailbox/{id}/attachments/{index}",
    "staff",
    "A development email's attachment",
    {
      contentType: "application/octet-stream",
      errors: [404],
    },
  ),
  adminOps("get", "/api/admin/privacy/requests", "admin", "The KVKK request log", {
    query: dataRequestListQuerySchema,
  }),
  adminOps("get", "/api/admin/privacy/export", "admin", "Everything held about an email", {
    query: dataSubjectSchema,
  }),
  adminOps("post", "/api/admin/privacy/erasure", "admin", "Erase the personal data of an email", {
    body: json(dataSubjectSchema),
    errors: [409],
  }),
  adminOps("get", "/api/admin/staff", "adminSession", "Everyone who can open /admin"),
  adminOps("post", "/api/admin/staff", "adminSession", "Create or update a staff account", {
    body: json(staffSchema),
    status: 201,
  }),
  adminOps("delete", "/api/admin/staff/{id}", "adminSession", "Take staff access away", {
    errors: [404, 409],
  }),
  adminOps("get", "/api/admin/tokens", "adminSession", "Admin API tokens"),
  adminOps("post", "/api/admin/tokens", "adminSession", "Make an admin API token (shown once)", {
    body: json(tokenCreateSchema),
    status: 201,
  }),
  adminOps("delete", "/api/admin/tokens/{id}", "adminSession", "Revoke an admin API token", {
    errors: [404],
  }),
  // Provider notifications
  providers("post", "/api/webhooks/stripe", "provider", "Stripe's events (Stripe-Signature)", {
    body: { kind: "other", contentType: "application/json" },
    errors: [400, 502],
  }),
  providers("post", "/api/webhooks/iyzico", "provider", "iyzico's notifications (X-IYZ-SIGNATURE-V3)", {
    body: { kind: "other", contentType: "application/json" },
    errors: [400, 502],
  }),
  providers("post", "/api/webhooks/paytr", "provider", "PayTR's payment result (hash)", {
    body: { kind: "other", contentType: "application/x-www-form-urlencoded" },
    contentType: "text/plain",
    answer: "`OK`",
    errors: [400],
  }),
  providers("post", "/api/webhooks/carriers/{carrier}", "provider", "A carrier's tracking push", {
    body: { kind: "other", contentType: "application/json" },
    errors: [400, 401, 404],
  }),
  // Operations
  operations("get", "/api/health", "public", "Liveness: 200 when the database answers", { errors: [503] }),
  operations("get", "/api/cron/jobs", "cron", "Run due background jobs (serverless hosts)"),
  operations("post", "/api/cron/jobs", "cron", "Run due background jobs (serverless hosts)"),
  operations("get", "/api/cron/cleanup-reservations", "cron", "Release expired stock reservations"),
  operations("post", "/api/cron/cleanup-reservations", "cron", "Release expired stock reservations"),
  operations("get", "/api/openapi.json", "public", "This description (OpenAPI 3.1)"),
];
