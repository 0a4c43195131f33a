import { z } from "zod";
import { idempotencyKeySchema } from "@/lib/checkout/schemas";
import { ERROR_STATUS } from "@/lib/errors";
import { type Access, OPERATIONS, type Operation } from "./operations";

/** The one error shape of every route (API.md, "Conventions"). */
const errorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [string, ...string[]]),
    message: z.string().describe("In the request's language (cookie, then Accept-Language, then Turkish)"),
    details: z
      .record(z.string(), z.unknown())
      .describe("For VALIDATION_FAILED, `fields` maps each field's path to its message"),
  }),
});

const SECURITY_SCHEMES = {
  session: {
    type: "apiKey",
    in: "cookie",
    name: "authjs.session-token",
    description:
      "The shopper's or staff member's session, set by signing in (`__Secure-` prefixed over https).",
  },
  appToken: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "An app's access token from POST /api/v1/auth/token, in place of the session cookie on every shopper " +
      "route (also served under /api/v1/…).",
  },
  adminToken: {
    type: "http",
    scheme: "bearer",
    description: "An admin API token (`sfat_…`), made in /admin/tokens or with `npm run admin:token`.",
  },
  cronSecret: { type: "http", scheme: "bearer", description: "The store's CRON_SECRET." },
} as const;

/** Who may call an operation, as OpenAPI security requirements (any one of them suffices). */
const SECURITY: Record<Access, Record<string, string[]>[]> = {
  public: [],
  // Guests are served too: their cart, wishlist and orders follow httpOnly cookies the store sets itself.
  visitor: [{}, { session: [] }, { appToken: [] }],
  customer: [{ session: [] }, { appToken: [] }],
  staff: [{ session: [] }, { adminToken: [] }],
  admin: [{ session: [] }, { adminToken: [] }],
  adminSession: [{ session: [] }],
  cron: [{ cronSecret: [] }],
  provider: [],
};

const ACCESS_ERRORS: Partial<Record<Access, number[]>> = {
  customer: [401],
  staff: [401, 403],
  admin: [401, 403],
  adminSession: [401, 403],
  cron: [401],
};

type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema 2020-12 (OpenAPI 3.1's dialect) of what a client sends: the schema's input side. A list
 * query's `z.preprocess` (dropping empty parameters) is looked through to the object it feeds.
 */
function jsonSchema(schema: z.ZodType): JsonSchema {
  const sent = schema instanceof z.ZodPipe && schema.in instanceof z.ZodTransform ? schema.out : schema;
  const { $schema: _dialect, ...rest } = z.toJSONSchema(sent as z.ZodType, {
    io: "input",
    unrepresentable: "any",
  });
  return rest;
}

type Parameter = { name: string; in: "path" | "query" | "header"; required: boolean; schema: JsonSchema };

function pathParameters(path: string): Parameter[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name: name as string,
    in: "path" as const,
    required: true,
    schema: { type: "string" },
  }));
}

function queryParameters(schema: z.ZodType | undefined): Parameter[] {
  if (!schema) return [];
  const object = jsonSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: "query" as const,
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

function requestBody(operation: Operation) {
  const { body } = operation;
  if (!body) return undefined;
  if (body.kind === "json") {
    const schema = jsonSchema(body.schema);
    const content: Record<string, { schema: JsonSchema }> = { "application/json": { schema } };
    if (body.files) {
      const file = { type: "string", contentMediaType: "application/octet-stream" };
      const files = Object.fromEntries(body.files.map((name) => [name, { type: "array", items: file }]));
      const properties = { ...(schema.properties as JsonSchema), ...files };
      content["multipart/form-data"] = { schema: { ...schema, properties } };
    }
    return { required: true, content };
  }
  return {
    required: true,
    content: { [body.contentType]: { schema: body.schema ? jsonSchema(body.schema) : { type: "object" } } },
  };
}

function responses(operation: Operation) {
  const { success } = operation;
  const errors = new Set([...(ACCESS_ERRORS[operation.access] ?? []), ...operation.errors]);
  if (operation.body || operation.query) errors.add(400);
  // JSON bodies: the wrong Content-Type is 415, one past the route's size limit 413 (docs/API.md, Conventions).
  if (operation.body?.kind === "json") for (const status of [413, 415]) errors.add(status);
  const answer: Record<string, unknown> = {
    [String(success.status)]: {
      description: success.description,
      ...(success.status === 204 ? {} : { content: { [success.contentType ?? "application/json"]: {} } }),
    },
  };
  for (const status of [...errors].sort()) answer[String(status)] = { $ref: "#/components/responses/Error" };
  return answer;
}

function operationObject(operation: Operation) {
  const parameters = [...pathParameters(operation.path), ...queryParameters(operation.query)];
  if (operation.idempotencyKey) {
    parameters.push({
      name: "Idempotency-Key",
      in: "header",
      required: true,
      schema: jsonSchema(idempotencyKeySchema),
    });
  }
  return {
    operationId: operation.id,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body ? { requestBody: requestBody(operation) } : {}),
    responses: responses(operation),
    security: SECURITY[operation.access],
  };
}

let built: JsonSchema | undefined;

/** The OpenAPI 3.1 description of every route under /api, built once from the routes' own zod schemas. */
export function openApiDocument(): JsonSchema {
  if (built) return built;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, unknown>)[operation.method] = operationObject(operation);
  }
  built = {
    openapi: "3.1.0",
    info: {
      title: "Storefront API",
      version: "1",
      description:
        "The store's HTTP API: catalogue, cart, checkout and payments for shoppers and apps, the admin API " +
        "for staff and integrations, and the providers' notification endpoints. Money is an integer in " +
        "minor units (kuruş); timestamps are ISO-8601 in UTC; every error has the `Error` shape.",
    },
    servers: [{ url: "/" }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema) },
      responses: {
        Error: {
          description: "An error in the store's one shape, with a stable machine code",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
      securitySchemes: SECURITY_SCHEMES,
    },
  };
  return built;
}
