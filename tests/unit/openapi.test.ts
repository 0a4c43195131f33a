import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, test } from "vitest";
import { openApiDocument } from "@/lib/openapi/document";
import { scanApiRoutes } from "../support/api-routes";

type Document = { paths: Record<string, Record<string, Record<string, unknown>>> };

// The catch-all answers 404 for paths no handler serves: it is not an operation to describe.
const NOT_AN_OPERATION = "/api/[...path]";
// HEAD and OPTIONS come with every GET from Next.js; only the catch-all exports them itself.
const DESCRIBED_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** `/api/products/[slug]` → `/api/products/{slug}` (a catch-all's name too: `[...nextauth]` → `{nextauth}`). */
function openApiPath(template: string): string {
  return template.replace(/\[\[?(?:\.\.\.)?(\w+)\]\]?/g, "{$1}");
}

const handlers = scanApiRoutes()
  .filter((route) => route.template !== NOT_AN_OPERATION)
  .flatMap((route) =>
    route.methods
      .filter((method) => DESCRIBED_METHODS.includes(method))
      .map((method) => `${method} ${openApiPath(route.template)}`),
  );
const doc = openApiDocument() as Document;
const described = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
);

describe("GET /api/openapi.json", () => {
  test("describes every route handler under app/api, and nothing that is not one", () => {
    expect(handlers.length).toBeGreaterThan(60);
    expect(described.filter((operation) => !handlers.includes(operation))).toEqual([]);
    expect(handlers.filter((operation) => !described.includes(operation))).toEqual([]);
  });

  test("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc).toMatchObject({ openapi: "3.1.0" });
  });

  test("request bodies and query parameters come from the routes' zod schemas", () => {
    const addItem = doc.paths["/api/cart/items"]?.post as {
      requestBody: {
        content: { "application/json": { schema: { required: string[]; properties: object } } };
      };
    };
    const body = addItem.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["sku", "qty"]);
    expect(Object.keys(body.properties)).toEqual(["sku", "qty"]);

    // A list query behind z.preprocess is still described parameter by parameter.
    const orders = doc.paths["/api/admin/orders"]?.get as { parameters: { name: string; in: string }[] };
    expect(orders.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(["status", "q", "sort", "page"]),
    );

    const checkout = doc.paths["/api/checkout"]?.post as {
      parameters: { name: string; required: boolean }[];
    };
    expect(checkout.parameters).toContainEqual(
      expect.objectContaining({ name: "Idempotency-Key", required: true }),
    );
  });

  test("every error answer is the one error shape, and staff routes name their credentials", () => {
    const schemas = (doc as unknown as { components: { schemas: { Error: { properties: object } } } })
      .components.schemas;
    expect(Object.keys(schemas.Error.properties)).toEqual(["error"]);
    const refund = doc.paths["/api/admin/orders/{orderNo}/refunds"]?.post as {
      responses: Record<string, unknown>;
      security: object[];
    };
    expect(refund.responses["401"]).toEqual({ $ref: "#/components/responses/Error" });
    expect(refund.responses["403"]).toEqual({ $ref: "#/components/responses/Error" });
    expect(refund.security).toEqual([{ session: [] }, { adminToken: [] }]);
  });
});
