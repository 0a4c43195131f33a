/**
 * An Aras Kargo–compatible server for tests, written from Aras's integration documents ("Sevkiyat
 * Entegrasyonu Web Servis Dökümanı", "Müşteri Bilgi Sorgulama Servisleri"):
 *   POST /arascargoservice.asmx            SOAP 1.1, namespace http://tempuri.org/, SOAPAction
 *                                          "http://tempuri.org/<Operation>": SetOrder, GetOrderWithIntegrationCode,
 *                                          CancelDispatch; userName/password in each call
 *   POST /ArasCargoIntegrationService.svc  GetQueryJSON (SOAPAction http://tempuri.org/IArasCargoIntegrationService/
 *                                          GetQueryJSON): loginInfo and queryInfo as XML text; QueryType 9 lists a
 *                                          shipment's movements by IntegrationCode as JSON text
 * Answers follow Aras: ResultCode 0 is success; SetOrder with a known IntegrationCode updates the order until
 * the waybill is issued (at most 20 times) and is refused after; CancelDispatch is refused with 999 once the
 * waybill is issued. Codes the documents do not give are the fake's choice and say so.
 */
import { escapeXml } from "@/lib/shipping/carriers/http";
import {
  carrierControls,
  type FakeCarrier,
  type FakeRequest,
  type FakeStage,
  readSoap,
  soapAnswer,
  soapFault,
  startFakeServer,
  turkishDateTime,
} from "./fake-carrier";

export interface FakeArasOptions {
  username: string;
  password: string;
  customerCode: string;
}

interface Movement {
  at: Date;
  unit: string;
  action: string;
  note: string;
}

export interface FakeArasShipment {
  integrationCode: string;
  order: Record<string, unknown>;
  stage: "order" | "dispatched" | "cancelled";
  updates: number;
  movements: Movement[];
}

export interface FakeAras extends FakeCarrier {
  readonly orderUrl: string;
  readonly queryUrl: string;
  readonly shipments: Map<string, FakeArasShipment>;
}

const NS = "http://tempuri.org/";

/** Aras's own words for each stage (as its tracking page shows them). */
const WORDS: Record<FakeStage, { unit: string; action: string }> = {
  picked_up: { unit: "KADIKÖY ŞUBE", action: "KARGO KABUL EDİLDİ" },
  transfer: { unit: "İSTANBUL ANADOLU TRANSFER MERKEZİ", action: "TRANSFER MERKEZİNE ULAŞTI" },
  out_for_delivery: { unit: "ÇANKAYA ŞUBE", action: "DAĞITIMA ÇIKARILDI" },
  delivered: { unit: "ÇANKAYA ŞUBE", action: "TESLİM EDİLDİ" },
  returned: { unit: "KADIKÖY ŞUBE", action: "GÖNDERİCİYE İADE EDİLDİ" },
};

const REQUIRED = [
  "ReceiverName",
  "ReceiverAddress",
  "ReceiverPhone1",
  "ReceiverCityName",
  "ReceiverTownName",
];

export async function startFakeAras(options: FakeArasOptions): Promise<FakeAras> {
  const shipments = new Map<string, FakeArasShipment>();
  const str = (value: unknown) => (value === undefined || value === null ? "" : String(value));

  const result = (operation: string, code: number, message: string, extra = "") =>
    soapAnswer(
      `<${operation}Response xmlns="${NS}"><${operation}Result><OrderResultInfo><ResultCode>${code}</ResultCode><ResultMessage>${escapeXml(message)}</ResultMessage>${extra}</OrderResultInfo></${operation}Result></${operation}Response>`,
    );
  const plainResult = (operation: string, code: number, message: string) =>
    soapAnswer(
      `<${operation}Response xmlns="${NS}"><${operation}Result><ResultCode>${code}</ResultCode><ResultMessage>${escapeXml(message)}</ResultMessage></${operation}Result></${operation}Response>`,
    );

  function orderService(request: FakeRequest) {
    const { operation, params } = readSoap(request.body);
    if (request.action !== `${NS}${operation}`) {
      return soapFault("soap:Client", "Server did not recognize the value of HTTP Header SOAPAction.");
    }
    const authorised = str(params.userName) === options.username && str(params.password) === options.password;
    if (operation === "SetOrder") {
      const order = ((params.orderInfo as Record<string, unknown>)?.Order ?? {}) as Record<string, unknown>;
      if (
        !authorised ||
        str(order.UserName) !== options.username ||
        str(order.Password) !== options.password
      ) {
        return result("SetOrder", 1000, "Kullanıcı adı ve şifreniz yanlış.");
      }
      const code = str(order.IntegrationCode);
      // The test scenarios document: a unique IntegrationCode of at least six characters (fake's code 1001).
      if (code.length < 6) return result("SetOrder", 1001, "Entegrasyon kodu en az 6 karakter olmalıdır.");
      const missing = REQUIRED.find((field) => !str(order[field]).trim());
      // Fake's choice of code: 1003 for a missing field, named in the message as Aras does.
      if (missing) return result("SetOrder", 1003, `${missing} alanı boş olamaz.`);
      const known = shipments.get(code);
      if (known) {
        if (known.stage !== "order") {
          return result(
            "SetOrder",
            1010,
            "Bu entegrasyon koduna ait irsaliye kesilmiş, sipariş güncellenemez.",
          );
        }
        if (known.updates >= 20) return result("SetOrder", 1011, "Sipariş en fazla 20 kez güncellenebilir.");
        known.order = order;
        known.updates++;
      } else {
        shipments.set(code, { integrationCode: code, order, stage: "order", updates: 0, movements: [] });
      }
      return result("SetOrder", 0, "Başarılı", `<InvoiceKey>${escapeXml(code)}</InvoiceKey>`);
    }
    if (!authorised) return plainResult(operation, 1000, "Kullanıcı adı ve şifreniz yanlış.");
    const code = str(params.integrationCode);
    const shipment = shipments.get(code);
    if (operation === "GetOrderWithIntegrationCode") {
      const fields = shipment
        ? `<Order>${Object.entries(shipment.order)
            .filter(([, v]) => typeof v !== "object")
            .map(([k, v]) => `<${k}>${escapeXml(str(v))}</${k}>`)
            .join("")}</Order>`
        : "";
      return soapAnswer(
        `<GetOrderWithIntegrationCodeResponse xmlns="${NS}"><GetOrderWithIntegrationCodeResult>${fields}</GetOrderWithIntegrationCodeResult></GetOrderWithIntegrationCodeResponse>`,
      );
    }
    if (operation === "CancelDispatch") {
      if (!shipment) return plainResult("CancelDispatch", 1020, "Kayıt bulunamadı.");
      if (shipment.stage === "dispatched") {
        return plainResult("CancelDispatch", 999, "İrsaliyesi kesilmiş gönderi iptal edilemez.");
      }
      shipment.stage = "cancelled";
      return plainResult("CancelDispatch", 0, "Başarılı");
    }
    return soapFault("soap:Client", `Unknown operation ${operation}`);
  }

  function queryService(request: FakeRequest) {
    const { operation, params } = readSoap(request.body);
    if (request.action !== `${NS}IArasCargoIntegrationService/${operation}`) {
      return soapFault("soap:Client", "The SOAP action does not match an operation.");
    }
    const login = str(params.loginInfo);
    const query = str(params.queryInfo);
    const field = (xml: string, name: string) =>
      new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? "";
    const answer = (value: unknown) =>
      soapAnswer(
        `<GetQueryJSONResponse xmlns="${NS}"><GetQueryJSONResult>${escapeXml(JSON.stringify(value))}</GetQueryJSONResult></GetQueryJSONResponse>`,
      );
    if (
      field(login, "UserName") !== options.username ||
      field(login, "Password") !== options.password ||
      field(login, "CustomerCode") !== options.customerCode
    ) {
      // Fake's choice of shape for a refused login: no QueryResult and Aras's words.
      return answer({ QueryResult: null, Message: "Kullanıcı adı, şifre veya müşteri kodu hatalı." });
    }
    if (field(query, "QueryType") !== "9")
      return answer({ QueryResult: null, Message: "Desteklenmeyen sorgu tipi." });
    const shipment = shipments.get(field(query, "IntegrationCode").replace(/&amp;/g, "&"));
    if (!shipment || shipment.movements.length === 0) return answer({ QueryResult: null });
    return answer({
      QueryResult: {
        CargoTransaction: shipment.movements.map((m) => ({
          "İŞLEM TARİHİ": turkishDateTime(m.at),
          BİRİM: m.unit,
          İŞLEM: m.action,
          AÇIKLAMA: m.note,
        })),
      },
    });
  }

  const server = await startFakeServer((request) => {
    if (request.method === "POST" && request.path === "/arascargoservice.asmx") return orderService(request);
    if (request.method === "POST" && request.path === "/ArasCargoIntegrationService.svc")
      return queryService(request);
    return { status: 404, body: "Not Found", contentType: "text/plain" };
  });

  const controls = carrierControls(
    server,
    shipments,
    (shipment) => shipment.stage === "cancelled",
    (shipment, stage, at) => {
      // Any movement means the branch has the parcel and has issued the waybill.
      shipment.stage = "dispatched";
      shipment.movements.push({ at, ...WORDS[stage], note: "" });
    },
  );
  return Object.assign(controls, {
    orderUrl: `${server.url}/arascargoservice.asmx`,
    queryUrl: `${server.url}/ArasCargoIntegrationService.svc`,
    shipments,
  });
}

/**
 * A fake Aras for a test file whose store talks to it: started with a store's credentials, which are put in
 * the environment before it is first read, so the carrier registry serves the real Aras adapter.
 */
export async function startFakeArasEnv(): Promise<FakeAras> {
  const account = { username: "carsi-aras", password: "aras-Secret-204", customerCode: "1234567890123" };
  const aras = await startFakeAras(account);
  Object.assign(process.env, {
    ARAS_USERNAME: account.username,
    ARAS_PASSWORD: account.password,
    ARAS_CUSTOMER_CODE: account.customerCode,
    ARAS_API_URL: aras.orderUrl,
    ARAS_QUERY_URL: aras.queryUrl,
  });
  return aras;
}
