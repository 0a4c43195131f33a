import { createServer } from "node:http";
import { closeServer, listenLocally } from "./fake-http";

/**
 * A stand-in for Netgsm's REST v2 send API (`POST /sms/rest/v2/send`), answering as its documentation
 * says: HTTP Basic authentication with the user code and password, a JSON body `{msgheader, encoding,
 * iysfilter, messages: [{msg, no}]}`, and an answer `{code, jobid?, description}` where "00" is queued
 * and 20/30/40/50/51/70/80/85 are its documented refusals (sent here with HTTP 406, as Netgsm does for a
 * refused request; the client reads the code either way).
 */
export interface NetgsmSent {
  msgheader: string;
  encoding: string | undefined;
  iysfilter: string | undefined;
  no: string;
  msg: string;
}

export interface FakeNetgsm {
  url: string;
  usercode: string;
  password: string;
  msgheader: string;
  /** Messages accepted ("00"), oldest first. */
  sent: NetgsmSent[];
  /** Answer every request with this code (e.g. "80"), or with this HTTP status and no code ("503"). */
  refuseWith: string | null;
  close(): Promise<void>;
}

const DESCRIPTIONS: Record<string, string> = {
  "20": "Mesaj metninde ki problemden dolayı gönderilemediğini veya standart maksimum mesaj karakter sayısını geçtiğini ifade eder.",
  "30": "Geçersiz kullanıcı adı, şifre veya kullanıcınızın API erişim izninin olmadığını gösterir.",
  "40": "Mesaj başlığınızın (gönderici adınızın) sistemde tanımlı olmadığını ifade eder.",
  "50": "Abone hesabınız ile İYS kontrollü gönderimler yapılamamaktadır.",
  "51": "Aboneliğinize tanımlı İYS Marka bilgisi bulunamadığını ifade eder.",
  "70": "Hatalı sorgulama. Gönderdiğiniz parametrelerden birisi hatalı veya zorunlu alanlardan birinin eksik olduğunu ifade eder.",
  "80": "Gönderim sınır aşımı.",
  "85": "Mükerrer gönderim sınır aşımı. Aynı numaraya 1 dakika içerisinde 20'den fazla görev oluşturulamaz.",
};

/** The longest text Netgsm takes in one request (Turkish encoding, concatenated parts). */
const MAX_TEXT = 917;

export async function startFakeNetgsm(
  credentials = { usercode: "8503001234", password: "netgsm-test-pass", msgheader: "CARSI" },
): Promise<FakeNetgsm> {
  const fake = { ...credentials, sent: [] as NetgsmSent[], refuseWith: null as string | null };
  let jobs = 1_000_000;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answer = (status: number, body: Record<string, unknown>) => {
        response.writeHead(status, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      };
      const refuse = (code: string) => answer(406, { code, description: DESCRIPTIONS[code] });
      if (request.method !== "POST" || request.url !== "/sms/rest/v2/send") return answer(404, {});
      if (fake.refuseWith && !/^\d{2}$/.test(fake.refuseWith)) {
        response.writeHead(Number(fake.refuseWith), { "content-type": "text/html" });
        return response.end("<html><body>Service Unavailable</body></html>");
      }
      if (fake.refuseWith) return refuse(fake.refuseWith);
      const expected = `Basic ${Buffer.from(`${fake.usercode}:${fake.password}`).toString("base64")}`;
      if (request.headers.authorization !== expected) return refuse("30");
      let body: { msgheader?: unknown; encoding?: string; iysfilter?: string; messages?: unknown };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return refuse("70");
      }
      if (body.msgheader !== fake.msgheader) return refuse("40");
      const messages = Array.isArray(body.messages)
        ? (body.messages as { msg?: unknown; no?: unknown }[])
        : [];
      if (messages.length === 0) return refuse("70");
      for (const m of messages) {
        if (typeof m.no !== "string" || !/^(90|0)?5\d{9}$/.test(m.no)) return refuse("70");
        if (typeof m.msg !== "string" || m.msg.trim() === "" || m.msg.length > MAX_TEXT) return refuse("20");
      }
      for (const m of messages) {
        fake.sent.push({
          msgheader: fake.msgheader,
          encoding: body.encoding,
          iysfilter: body.iysfilter,
          no: m.no as string,
          msg: m.msg as string,
        });
      }
      answer(200, { code: "00", jobid: String(jobs++), description: "queued" });
    });
  });
  const port = await listenLocally(server);
  return Object.assign(fake, { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) });
}
