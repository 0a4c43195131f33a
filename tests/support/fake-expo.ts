import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { gunzipSync } from "node:zlib";
import { closeServer, listenLocally } from "./fake-http";

/**
 * A stand-in for Expo's push service, from its public documentation (docs.expo.dev, "Send notifications
 * with Expo's push service"): `POST /--/api/v2/push/send` takes one message or an array of at most 100
 * (bodies may be gzipped) and answers `{data: [ticket…]}` in the same order, a ticket being
 * `{status: "ok", id}` or `{status: "error", message, details: {error: "DeviceNotRegistered", …}}`;
 * a request error is `{errors: [{code, message}]}` (400 PUSH_TOO_MANY_NOTIFICATIONS, 401 when the
 * project requires an access token and none or another is sent). `POST /--/api/v2/push/getReceipts`
 * takes `{ids}` (at most 300) and answers `{data: {id: receipt}}` for the receipts it knows.
 */
export interface FakeExpo {
  url: string;
  /** Tokens Expo no longer knows: their ticket is a DeviceNotRegistered error. */
  unregistered: Set<string>;
  /** Tokens accepted now whose delivery later fails: their receipt is a DeviceNotRegistered error. */
  goneLater: Set<string>;
  /** Required as `Authorization: Bearer …` when set (Expo's enhanced push security). */
  accessToken: string | null;
  /** Each send request's messages, oldest first. */
  sendRequests: { to: string; title?: string; body?: string; data?: unknown }[][];
  receiptRequests: string[][];
  close(): Promise<void>;
}

const TOKEN = /^Expo(nent)?PushToken\[.+\]$/;

export async function startFakeExpo(): Promise<FakeExpo> {
  const fake = {
    unregistered: new Set<string>(),
    goneLater: new Set<string>(),
    accessToken: null as string | null,
    sendRequests: [] as FakeExpo["sendRequests"],
    receiptRequests: [] as string[][],
  };
  /** Receipt id → the token it was issued for. */
  const tickets = new Map<string, string>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = (status: number, body: unknown) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      const error = (status: number, code: string, message: string) =>
        answer(status, { errors: [{ code, message }] });
      if (fake.accessToken && request.headers.authorization !== `Bearer ${fake.accessToken}`) {
        return error(401, "UNAUTHORIZED", "The bearer token is invalid.");
      }
      const raw = Buffer.concat(chunks);
      const text = (request.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8");
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return error(400, "VALIDATION_ERROR", "The request body is not valid JSON.");
      }
      if (request.method === "POST" && request.url === "/--/api/v2/push/send") {
        const messages = (Array.isArray(body) ? body : [body]) as FakeExpo["sendRequests"][number];
        if (messages.length > 100) {
          return error(
            400,
            "PUSH_TOO_MANY_NOTIFICATIONS",
            "You are trying to send more than 100 push notifications in one request",
          );
        }
        fake.sendRequests.push(messages);
        const data = messages.map((message) => {
          const to = message.to;
          if (!TOKEN.test(to) || fake.unregistered.has(to)) {
            return {
              status: "error",
              message: `"${to}" is not a registered push notification recipient`,
              details: { error: "DeviceNotRegistered", expoPushToken: to },
            };
          }
          const id = randomUUID();
          tickets.set(id, to);
          return { status: "ok", id };
        });
        return answer(200, { data });
      }
      if (request.method === "POST" && request.url === "/--/api/v2/push/getReceipts") {
        const ids = (body as { ids?: unknown }).ids;
        if (!Array.isArray(ids)) return error(400, "VALIDATION_ERROR", '"ids" is required');
        if (ids.length > 300)
          return error(
            400,
            "PUSH_TOO_MANY_RECEIPTS",
            "You are trying to get more than 300 push receipts in one request",
          );
        fake.receiptRequests.push(ids as string[]);
        const data: Record<string, unknown> = {};
        for (const id of ids as string[]) {
          const to = tickets.get(id);
          if (!to) continue;
          data[id] = fake.goneLater.has(to)
            ? {
                status: "error",
                message: `"${to}" is not a registered push notification recipient`,
                details: { error: "DeviceNotRegistered", expoPushToken: to },
              }
            : { status: "ok" };
        }
        return answer(200, { data });
      }
      error(404, "NOT_FOUND", "Not found");
    });
  });
  const port = await listenLocally(server);
  return Object.assign(fake, { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) });
}
