/**
 * A Yurtiçi Kargo–compatible server for tests, written from Yurtiçi's "Giden Kargo" web service document
 * (ShippingOrderDispatcherServices, SOAP 1.1, namespace http://yurticikargo.com.tr/ShippingOrderDispatcherServices,
 * parameters unqualified as JAX-WS writes them):
 *   POST /KOPSWebServices/ShippingOrderDispatcherServices
 *     createShipment  wsUserName, wsPassword, userLanguage, ShippingOrderVO → ShippingOrderResultVO
 *     queryShipment   wsUserName, wsPassword, wsLanguage, keys, keyType (0: cargoKey), addHistoricalData,
 *                     onlyTracking → ShippingDeliveryVO with invDocCargoVOArray movements
 *     cancelShipment  wsUserName, wsPassword, userLanguage, cargoKeys → ShippingOrderResultVO
 * outFlag 0: done, 1: refused (errCode/errMessage per shipment), 2: unexpected error. A second createShipment with a
 * cargoKey already used is refused with errCode 60020; an unknown cargoKey is errCode 80859. Codes the
 * document does not give are the fake's choice and say so.
 */
import { escapeXml, toXml, type XmlObject } from "@/lib/shipping/carriers/http";
import {
  carrierControls,
  type FakeCarrier,
  type FakeStage,
  readSoap,
  soapAnswer,
  soapFault,
  startFakeServer,
} from "./fake-carrier";

export interface FakeYurticiOptions {
  username: string;
  password: string;
}

interface Movement {
  at: Date;
  eventId: string;
  eventName: string;
  unitName: string;
  cityName: string;
  townName: string;
}

export interface FakeYurticiShipment {
  cargoKey: string;
  order: Record<string, unknown>;
  jobId: number;
  docId: string | null;
  status: "NOP" | "IND" | "DLV" | "CNL" | "ISR";
  movements: Movement[];
}

export interface FakeYurtici extends FakeCarrier {
  readonly serviceUrl: string;
  readonly shipments: Map<string, FakeYurticiShipment>;
}

const NS = "http://yurticikargo.com.tr/ShippingOrderDispatcherServices";
const PATH = "/KOPSWebServices/ShippingOrderDispatcherServices";

const WORDS: Record<FakeStage, Omit<Movement, "at">> = {
  picked_up: {
    eventId: "ACN",
    eventName: "Kargo Kabul",
    unitName: "KADIKÖY",
    cityName: "İSTANBUL",
    townName: "KADIKÖY",
  },
  // An eventId no published table lists: the adapter reads it from its name.
  transfer: {
    eventId: "TRM",
    eventName: "Transfer Merkezine Ulaştı",
    unitName: "ANKARA TRANSFER MERKEZİ",
    cityName: "ANKARA",
    townName: "SİNCAN",
  },
  out_for_delivery: {
    eventId: "IND",
    eventName: "Dağıtıma Çıkarıldı",
    unitName: "ÇANKAYA",
    cityName: "ANKARA",
    townName: "ÇANKAYA",
  },
  delivered: {
    eventId: "DLV",
    eventName: "Teslim Edildi",
    unitName: "ÇANKAYA",
    cityName: "ANKARA",
    townName: "ÇANKAYA",
  },
  returned: {
    eventId: "RTN",
    eventName: "Göndericiye İade",
    unitName: "KADIKÖY",
    cityName: "İSTANBUL",
    townName: "KADIKÖY",
  },
};

const REQUIRED = [
  "cargoKey",
  "invoiceKey",
  "receiverCustName",
  "receiverAddress",
  "cityName",
  "townName",
  "receiverPhone1",
];

/** yyyyMMdd and HHmmss in Turkey's time, as Yurtiçi writes eventDate and eventTime. */
function compact(at: Date) {
  const local = new Date(at.getTime() + 3 * 3600_000).toISOString();
  return { date: local.slice(0, 10).replace(/-/g, ""), time: local.slice(11, 19).replace(/:/g, "") };
}

export async function startFakeYurtici(options: FakeYurticiOptions): Promise<FakeYurtici> {
  const shipments = new Map<string, FakeYurticiShipment>();
  let jobs = 7_000_000;
  let docs = 100_000_000_000;
  const str = (value: unknown) => (value === undefined || value === null ? "" : String(value));

  const respond = (operation: string, vo: string, content: XmlObject) =>
    soapAnswer(
      `<ns2:${operation}Response xmlns:ns2="${NS}"><${vo}>${toXml(content)}</${vo}></ns2:${operation}Response>`,
    );

  const server = await startFakeServer((request) => {
    if (request.method !== "POST" || request.path !== PATH)
      return { status: 404, body: "Not Found", contentType: "text/plain" };
    const { operation, params } = readSoap(request.body);
    if (request.action !== `${NS}/${operation}`)
      return soapFault("soap:Client", `Unexpected SOAPAction for ${operation}`);
    const result = operation === "queryShipment" ? "ShippingDeliveryVO" : "ShippingOrderResultVO";
    if (str(params.wsUserName) !== options.username || str(params.wsPassword) !== options.password) {
      // Fake's choice of wording: a whole-call refusal without per-shipment details.
      return respond(operation, result, {
        outFlag: 1,
        outResult: "Kullanıcı adı veya şifre hatalı.",
        count: 0,
      });
    }

    if (operation === "createShipment") {
      const order = (params.ShippingOrderVO ?? {}) as Record<string, unknown>;
      const key = str(order.cargoKey);
      const missing = REQUIRED.find((field) => !str(order[field]).trim());
      const refuse = (errCode: string, errMessage: string) =>
        respond(operation, result, {
          outFlag: 1,
          outResult: "Hatalı kayıt var.",
          count: 1,
          shippingOrderDetailVO: { cargoKey: key, invoiceKey: str(order.invoiceKey), errCode, errMessage },
        });
      // Fake's choice of code for a missing field (60016), the field named as Yurtiçi does.
      if (missing) return refuse("60016", `${missing} alanı zorunludur.`);
      if (shipments.has(key)) return refuse("60020", "Kargo anahtarı sistemde zaten mevcut.");
      const shipment: FakeYurticiShipment = {
        cargoKey: key,
        order,
        jobId: ++jobs,
        docId: null,
        status: "NOP",
        movements: [],
      };
      shipments.set(key, shipment);
      return respond(operation, result, {
        outFlag: 0,
        outResult: "Başarılı",
        count: 1,
        jobId: shipment.jobId,
        shippingOrderDetailVO: { cargoKey: key, invoiceKey: str(order.invoiceKey), errCode: 0 },
      });
    }

    if (operation === "queryShipment") {
      const key = str(params.keys);
      const shipment = shipments.get(key);
      if (str(params.keyType) !== "0") return soapFault("soap:Client", "keyType must be 0 (cargoKey) here");
      if (!shipment) {
        return respond(operation, result, {
          outFlag: 1,
          outResult: "Hatalı kayıt var.",
          count: 1,
          shippingDeliveryDetailVO: {
            cargoKey: key,
            errCode: 80859,
            errMessage: "Kargo anahtarı bulunamadı.",
          },
        });
      }
      return respond(operation, result, {
        outFlag: 0,
        outResult: "Başarılı",
        count: 1,
        shippingDeliveryDetailVO: {
          cargoKey: key,
          invoiceKey: str(shipment.order.invoiceKey),
          jobId: shipment.jobId,
          operationStatus: shipment.status,
          errCode: 0,
          shippingDeliveryItemDetailVO: {
            docId: shipment.docId ?? undefined,
            trackingUrl: shipment.docId
              ? `https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=${shipment.docId}`
              : undefined,
            invDocCargoVOArray:
              str(params.addHistoricalData) === "true"
                ? shipment.movements.map(({ at, ...m }) => ({
                    ...m,
                    eventDate: compact(at).date,
                    eventTime: compact(at).time,
                    reasonName: "Sorun Yok",
                  }))
                : [],
          },
        },
      });
    }

    if (operation === "cancelShipment") {
      const key = str(params.cargoKeys);
      const shipment = shipments.get(key);
      const detail = (outFlag: number, errCode: string | number, errMessage?: string) =>
        respond(operation, result, {
          outFlag,
          outResult: outFlag === 0 ? "Başarılı" : "Hatalı kayıt var.",
          count: 1,
          shippingCancelDetailVO: { cargoKey: key, errCode, errMessage, operationStatus: shipment?.status },
        });
      if (!shipment) return detail(1, 80859, "Kargo anahtarı bulunamadı.");
      // Fake's choice of code for a parcel the branch already accepted.
      if (shipment.docId) return detail(1, 82528, "Kargo kabul edilmiş, iptal edilemez.");
      shipment.status = "CNL";
      return detail(0, 0);
    }
    return soapFault("soap:Client", `Unknown operation ${escapeXml(operation)}`);
  });

  const controls = carrierControls(
    server,
    shipments,
    (shipment) => shipment.status === "CNL",
    (shipment, stage, at) => {
      // The branch's acceptance gives the parcel Yurtiçi's tracking number.
      shipment.docId ??= String(++docs);
      shipment.status = stage === "delivered" ? "DLV" : stage === "out_for_delivery" ? "IND" : "ISR";
      shipment.movements.push({ at, ...WORDS[stage] });
    },
  );
  return Object.assign(controls, { serviceUrl: `${server.url}${PATH}`, shipments });
}
