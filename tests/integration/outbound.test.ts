import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import {
  checkOutboundUrl,
  checkUrlWith,
  type Guard,
  OutboundError,
  outboundRequest,
  type ResolvedAddress,
  requestWith,
} from "@/lib/net/outbound";
import { closeServer, listenLocally } from "../support/fake-http";

interface Seen {
  method: string;
  path: string;
  host: string;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that records what reaches it; the path chooses its answer. */
async function receiver() {
  const seen: Seen[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      seen.push({
        method: request.method ?? "",
        path: request.url ?? "",
        host: request.headers.host ?? "",
        body,
      });
      if (request.url === "/redirect") {
        response.writeHead(302, { location: `http://127.0.0.1:${port}/target` }).end();
      } else if (request.url === "/slow") {
        // Never answers: the caller's timeout must end the wait.
      } else if (request.url === "/big") {
        response.end("ş".repeat(100_000));
      } else {
        response.writeHead(201, { "content-type": "text/plain" }).end(`got ${body}`);
      }
    });
  });
  const port = await listenLocally(server);
  return { server, port, seen };
}

const listed = await receiver();
const unlisted = await receiver();
// Read by lib/env when the guard first needs it, which is after this line.
process.env.WEBHOOK_ALLOWED_HOSTS = `127.0.0.1:${listed.port}, rebind.test:${listed.port}`;

afterAll(async () => {
  await closeServer(listed.server);
  await closeServer(unlisted.server);
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return `${(error as AppError).code}:${(error as AppError).details.reason}`;
}

/** A resolver that answers each call with the next of `answers` (the last one repeats), counting calls. */
function scriptedDns(...answers: ResolvedAddress[][]) {
  let calls = 0;
  const resolve = async () => answers[Math.min(calls++, answers.length - 1)] ?? [];
  return { resolve, calls: () => calls };
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

describe("the SSRF guard against a receiver on this machine", () => {
  it("delivers to a loopback receiver listed in WEBHOOK_ALLOWED_HOSTS", async () => {
    const answer = await outboundRequest(`http://127.0.0.1:${listed.port}/hook?x=1`, {
      headers: { "content-type": "application/json", "webhook-id": "msg_1" },
      body: '{"type":"order.created"}',
    });
    expect(answer).toEqual({ status: 201, body: 'got {"type":"order.created"}', truncated: false });
    expect(listed.seen.at(-1)).toEqual({
      method: "POST",
      path: "/hook?x=1",
      host: `127.0.0.1:${listed.port}`,
      body: '{"type":"order.created"}',
    });
    await expect(checkOutboundUrl(`http://127.0.0.1:${listed.port}/`)).resolves.toBeUndefined();
  });

  it("refuses the same machine on a port that is not listed, and it receives nothing", async () => {
    const url = `http://127.0.0.1:${unlisted.port}/hook`;
    expect(await refusal(outboundRequest(url, { body: "{}" }))).toBe("URL_NOT_ALLOWED:address");
    expect(await refusal(checkOutboundUrl(url))).toBe("URL_NOT_ALLOWED:address");
    expect(await refusal(outboundRequest(`http://0x7f.1:${unlisted.port}/`))).toBe("URL_NOT_ALLOWED:address");
    expect(await refusal(outboundRequest(`http://2130706433:${unlisted.port}/`))).toBe(
      "URL_NOT_ALLOWED:address",
    );
    expect(await refusal(outboundRequest(`http://[::ffff:127.0.0.1]:${unlisted.port}/`))).toBe(
      "URL_NOT_ALLOWED:address",
    );
    expect(unlisted.seen).toEqual([]);
  });

  it("refuses localhost through the system's real resolver, even on the listed port", async () => {
    // The listing is for 127.0.0.1:port, not for every name that leads there.
    expect(await refusal(checkOutboundUrl(`http://localhost:${listed.port}/`))).toBe(
      "URL_NOT_ALLOWED:address",
    );
    expect(await refusal(outboundRequest(`http://localhost:${unlisted.port}/`))).toBe(
      "URL_NOT_ALLOWED:address",
    );
    expect(unlisted.seen).toEqual([]);
  });

  it("refuses the cloud metadata address", async () => {
    expect(await refusal(checkOutboundUrl("http://169.254.169.254/latest/meta-data/"))).toBe(
      "URL_NOT_ALLOWED:address",
    );
  });

  it("does not follow a redirect: the 302 comes back and its target receives nothing", async () => {
    const before = listed.seen.length;
    const answer = await outboundRequest(`http://127.0.0.1:${listed.port}/redirect`, { body: "{}" });
    expect(answer.status).toBe(302);
    expect(listed.seen.slice(before).map((s) => s.path)).toEqual(["/redirect"]);
  });

  it("gives up after the timeout", async () => {
    const started = Date.now();
    const error = await outboundRequest(`http://127.0.0.1:${listed.port}/slow`, { timeoutMs: 300 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("caps the response body without cutting a character in half", async () => {
    const capped = await outboundRequest(`http://127.0.0.1:${listed.port}/big`, { method: "GET" });
    expect(capped.truncated).toBe(true);
    expect(capped.body).toBe("ş".repeat(32 * 1024));
    const odd = await outboundRequest(`http://127.0.0.1:${listed.port}/big`, {
      method: "GET",
      maxResponseBytes: 101,
    });
    expect(odd).toEqual({ status: 200, body: "ş".repeat(50), truncated: true });
  });

  it("reports a receiver that is gone as a network failure", async () => {
    const gone = await receiver();
    await closeServer(gone.server);
    const guard: Guard = {
      resolve: scriptedDns().resolve,
      allowedHosts: new Set([`127.0.0.1:${gone.port}`]),
    };
    const error = await requestWith(guard, `http://127.0.0.1:${gone.port}/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundError);
    expect((error as OutboundError).kind).toBe("network");
  });
});

describe("names that resolve to forbidden addresses", () => {
  const nothingListed = (resolve: Guard["resolve"]): Guard => ({ resolve, allowedHosts: new Set() });

  it.each([
    [[v4("127.0.0.1")]],
    [[v4("10.0.0.7")]],
    [[v4("169.254.169.254")]],
    [[v4("100.100.100.200")]],
    [[v6("::1")]],
    [[v6("::ffff:127.0.0.1")]],
    [[v6("::ffff:a9fe:a9fe")]],
    [[v6("fd00::1")]],
    [[v6("fe80::1")]],
    // One bad address among good ones refuses the name.
    [[v4("93.184.215.14"), v4("127.0.0.1")]],
    [[v6("2606:4700::1"), v6("::ffff:10.0.0.1")]],
  ])("refuses a name resolving to %j", async (answer) => {
    const dns = scriptedDns(answer);
    expect(await refusal(checkUrlWith(nothingListed(dns.resolve), "https://hooks.example.com/x"))).toBe(
      "URL_NOT_ALLOWED:address",
    );
    expect(await refusal(requestWith(nothingListed(dns.resolve), "https://hooks.example.com/x"))).toBe(
      "URL_NOT_ALLOWED:address",
    );
  });

  it("refuses a name that does not resolve at registration, and fails the call as a network error", async () => {
    const guard = nothingListed(async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    });
    expect(await refusal(checkUrlWith(guard, "https://nowhere.example/"))).toBe(
      "URL_NOT_ALLOWED:unresolvable",
    );
    const error = await requestWith(guard, "https://nowhere.example/").catch((e: unknown) => e);
    expect((error as OutboundError).kind).toBe("network");
  });
});

describe("DNS rebinding", () => {
  it("connects to the address it checked, never to a second answer", async () => {
    // The checked answer is a documentation address nothing routes; any second lookup, ours or the
    // system's (localhost is 127.0.0.1 there), would lead to the receiver.
    const dns = scriptedDns([v4("192.0.2.1")], [v4("127.0.0.1")]);
    const before = listed.seen.length;
    const guard: Guard = { resolve: dns.resolve, allowedHosts: new Set([`localhost:${listed.port}`]) };
    const error = await requestWith(guard, `http://localhost:${listed.port}/`, { timeoutMs: 500 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OutboundError);
    expect(dns.calls()).toBe(1);
    expect(listed.seen.length).toBe(before);
  });

  it("keeps the checked address even when later answers point elsewhere, with the name as Host", async () => {
    // The listed name resolves to the receiver once; a second lookup would lead to an unroutable address.
    const dns = scriptedDns([v4("127.0.0.1")], [v4("192.0.2.1")]);
    const guard: Guard = { resolve: dns.resolve, allowedHosts: new Set([`rebind.test:${listed.port}`]) };
    const answer = await requestWith(guard, `http://rebind.test:${listed.port}/pinned`, {
      body: "ping",
      timeoutMs: 2000,
    });
    expect(answer.status).toBe(201);
    expect(dns.calls()).toBe(1);
    expect(listed.seen.at(-1)).toMatchObject({ path: "/pinned", host: `rebind.test:${listed.port}` });
  });
});
