import "server-only";
import { TransportError } from "../transport";
import type { OutgoingSms, SmsProvider } from "./provider";

/**
 * Netgsm's answer codes of `POST /sms/rest/v2/send` other than "00" (queued), from its API documentation.
 * `retry`: a later attempt of the same request may succeed (a sending limit); the others need a change
 * of configuration or text first.
 */
export const NETGSM_CODES: Record<string, { meaning: string; retry: boolean }> = {
  "20": { meaning: "message text problem or longer than the maximum length", retry: false },
  "30": {
    meaning: "invalid user code or password, no API access, or a request from an unallowed IP",
    retry: false,
  },
  "40": { meaning: "message header (sender name) not defined on the account", retry: false },
  "50": { meaning: "IYS-checked sending not possible with this account", retry: false },
  "51": { meaning: "no IYS brand code on the account", retry: false },
  "70": { meaning: "invalid request: a parameter is missing or malformed", retry: false },
  "80": { meaning: "sending limit exceeded", retry: true },
  "85": { meaning: "too many messages to the same number in one minute", retry: true },
};

export interface NetgsmOptions {
  usercode: string;
  password: string;
  /** The sender name approved on the Netgsm account. */
  msgheader: string;
  /** https://api.netgsm.com.tr unless a test points it at a fake. */
  baseUrl: string;
  timeoutMs?: number;
}

/**
 * Netgsm's REST v2 send API: Basic authentication with the user code and password, one message to one
 * number (national form, 5XXXXXXXXX), `encoding: "TR"` so Turkish letters arrive as typed (Netgsm then
 * counts 155 characters a part), `iysfilter: "0"`: an order update is an informational message, outside
 * İYS's commercial consent (the account's own opt-in is checked before the job is queued).
 */
export function netgsmProvider({
  usercode,
  password,
  msgheader,
  baseUrl,
  timeoutMs = 15_000,
}: NetgsmOptions): SmsProvider {
  const authorization = `Basic ${Buffer.from(`${usercode}:${password}`).toString("base64")}`;
  return {
    name: "netgsm",
    transactional: false,
    async send(sms: OutgoingSms) {
      let response: Response;
      try {
        response = await fetch(new URL("/sms/rest/v2/send", baseUrl), {
          method: "POST",
          headers: { authorization, "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({
            msgheader,
            encoding: "TR",
            iysfilter: "0",
            messages: [{ msg: sms.text, no: sms.to.replace(/^\+90/, "") }],
          }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new TransportError(`Netgsm unreachable: ${(error as Error).name}`);
      }
      const answer = (await response.json().catch(() => null)) as { code?: unknown } | null;
      const code = typeof answer?.code === "string" ? answer.code : null;
      if (response.ok && code === "00") return;
      const known = code ? NETGSM_CODES[code] : undefined;
      if (known) throw new TransportError(`Netgsm ${code}: ${known.meaning}`, !known.retry);
      // No code (a gateway's error page, a 5xx): the service itself failed, worth another attempt.
      throw new TransportError(`Netgsm HTTP ${response.status}${code ? ` code ${code}` : ""}`, false);
    },
  };
}
