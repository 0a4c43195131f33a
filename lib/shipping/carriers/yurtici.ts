import { toDecimalText } from "@/lib/money";
import {
  type Carrier,
  CarrierError,
  type CreatedShipment,
  type TrackingEvent,
  type TrackingStatus,
} from "./carrier";
import {
  type AdapterOptions,
  callSignal,
  carrierKey,
  codOf,
  eventId,
  list,
  soapCall,
  statusFromWords,
  streetOf,
  text,
  turkeyTime,
  type XmlObject,
} from "./http";
import { renderLabel } from "./label";

/**
 * Yurtiçi Kargo's "Giden Kargo" web service, ShippingOrderDispatcherServices (SOAP 1.1, JAX-WS, namespace
 * http://yurticikargo.com.tr/ShippingOrderDispatcherServices): createShipment (ShippingOrderVO), queryShipment
 * (ShippingDeliveryVO) and cancelShipment, each with wsUserName/wsPassword. Every answer carries outFlag (0: done,
 * 1: refused, 2: unexpected error) and per shipment an errCode/errMessage.
 *
 * The cargoKey is the idempotency key: Yurtiçi refuses a second createShipment with the same cargoKey (errCode
 * 60020), which the adapter answers by reading that shipment back. Yurtiçi's tracking number (docId) exists
 * once the branch accepts the parcel; before that the cargoKey is the shipment's name. The sender prints the
 * label with the cargoKey, which the branch scans. Yurtiçi has no rate API and documents no tracking push.
 */

export interface YurticiConfig extends AdapterOptions {
  username: string;
  password: string;
  url: string;
}

const NS = "http://yurticikargo.com.tr/ShippingOrderDispatcherServices";
const TRACKING_PAGE = "https://www.yurticikargo.com/tr/online-servisler/gonderi-sorgula?code=";
const DUPLICATE_CARGO_KEY = "60020";
const CARGO_KEY_NOT_FOUND = "80859";

/** cargoKey and invoiceKey: at most 20 characters. */
export const yurticiKey = (reference: string) => carrierKey(reference, 20);

/**
 * invDocCargoVOArray.eventId codes the published document does not tabulate; those seen in integrations are
 * mapped, and any other is read from eventName (our choice, see statusFromWords).
 */
const EVENT_CODES: Record<string, TrackingStatus> = {
  ACN: "in_transit", // kargo kabul (accepted at the branch)
  IND: "out_for_delivery",
  DLV: "delivered",
  CNL: "cancelled",
  RTN: "returned",
};

export function createYurticiCarrier(config: YurticiConfig): Carrier {
  const call = (operation: string, params: XmlObject) =>
    soapCall("yurtici", {
      url: config.url,
      action: `${NS}/${operation}`,
      namespace: NS,
      operation,
      params,
      qualified: false,
      signal: callSignal(config.timeoutMs),
    });

  const credentials = { wsUserName: config.username, wsPassword: config.password };

  /** The result element (ShippingOrderResultVO / ShippingDeliveryVO), checked for a whole-call refusal. */
  function resultOf(response: Record<string, unknown>, name: string, operation: string) {
    const vo = (response[name] ?? response.return ?? response) as Record<string, unknown>;
    const flag = text(vo.outFlag);
    if (flag === "2") throw new CarrierError("yurtici", `${operation}: ${text(vo.outResult)}`, true, flag);
    return vo;
  }

  const detailError = (detail: Record<string, unknown> | undefined) => ({
    code: text(detail?.errCode),
    message: text(detail?.errMessage) || text(detail?.operationMessage),
  });

  async function query(key: string) {
    const response = await call("queryShipment", {
      ...credentials,
      wsLanguage: "TR",
      keys: key,
      keyType: 0,
      addHistoricalData: true,
      onlyTracking: false,
    });
    const vo = resultOf(response, "ShippingDeliveryVO", "queryShipment");
    const detail = list(vo.shippingDeliveryDetailVO).find((d) => text(d.cargoKey) === key);
    const { code, message } = detailError(detail);
    if (!detail && text(vo.outFlag) !== "0") {
      throw new CarrierError("yurtici", `queryShipment refused: ${text(vo.outResult)}`, false);
    }
    if (!detail || code === CARGO_KEY_NOT_FOUND) return null;
    if (code && code !== "0")
      throw new CarrierError("yurtici", `queryShipment: ${code} ${message}`, false, code);
    return detail;
  }

  const shipmentOf = (key: string, detail: Record<string, unknown> | null): CreatedShipment => {
    const item = (detail?.shippingDeliveryItemDetailVO ?? {}) as Record<string, unknown>;
    const trackingNo = text(item.docId) || key;
    return {
      trackingNo,
      carrierRef: key,
      trackingUrl: TRACKING_PAGE + encodeURIComponent(trackingNo),
      label: null,
    };
  };

  async function findShipment(reference: string) {
    const key = yurticiKey(reference);
    const detail = await query(key);
    return detail ? shipmentOf(key, detail) : null;
  }

  return {
    name: "yurtici",

    async createShipment(parcel) {
      const key = yurticiKey(parcel.reference);
      const cod = codOf(parcel);
      const response = await call("createShipment", {
        ...credentials,
        userLanguage: "TR",
        ShippingOrderVO: {
          cargoKey: key,
          invoiceKey: key,
          receiverCustName: parcel.recipient.name.slice(0, 200),
          receiverAddress: streetOf(parcel.recipient).slice(0, 500),
          cityName: parcel.recipient.city,
          townName: parcel.recipient.district,
          receiverPhone1: parcel.recipient.phone.replace(/\D/g, ""),
          emailAddress: parcel.recipient.email,
          desi: parcel.desi,
          kg: (parcel.weightGrams / 1000).toFixed(2),
          cargoCount: Math.max(1, parcel.pieces),
          waybillNo: parcel.orderNo,
          description: parcel.contents.slice(0, 255),
          // Cash on delivery: the amount, 0 = cash, and the document it is collected for (the order).
          ttInvoiceAmount: cod > 0 ? toDecimalText(cod, "TRY") : undefined,
          ttCollectionType: cod > 0 ? 0 : undefined,
          ttDocumentId: cod > 0 ? parcel.orderNo : undefined,
          specialField1: `SIPARIS$${parcel.orderNo}`,
        },
      });
      const vo = resultOf(response, "ShippingOrderResultVO", "createShipment");
      const detail = list(vo.shippingOrderDetailVO)[0];
      const { code, message } = detailError(detail);
      const label = () =>
        renderLabel({
          carrierTitle: "Yurtiçi Kargo",
          pieceCodes: Array.from({ length: Math.max(1, parcel.pieces) }, () => key),
          trackingNo: key,
          parcel,
          sender: config.sender,
        });
      if (text(vo.outFlag) === "0" && (!code || code === "0")) {
        return { ...shipmentOf(key, null), label: await label() };
      }
      if (code === DUPLICATE_CARGO_KEY) {
        const existing = await findShipment(parcel.reference);
        if (existing) return { ...existing, label: await label() };
      }
      throw new CarrierError(
        "yurtici",
        `createShipment refused: ${code} ${message || text(vo.outResult)}`.trim(),
        false,
        code || null,
      );
    },

    findShipment,

    async cancelShipment(reference) {
      const response = await call("cancelShipment", {
        ...credentials,
        userLanguage: "TR",
        cargoKeys: yurticiKey(reference),
      });
      const vo = resultOf(response, "ShippingOrderResultVO", "cancelShipment");
      const detail = list(vo.shippingCancelDetailVO)[0];
      const { code, message } = detailError(detail);
      if (text(vo.outFlag) !== "0" || (code && code !== "0")) {
        throw new CarrierError(
          "yurtici",
          `cancelShipment refused: ${code} ${message || text(vo.outResult)}`.trim(),
          false,
          code || null,
        );
      }
    },

    async track(referenceOrTrackingNo) {
      const detail = await query(yurticiKey(referenceOrTrackingNo));
      if (!detail) return [];
      const item = (detail.shippingDeliveryItemDetailVO ?? {}) as Record<string, unknown>;
      const events: TrackingEvent[] = [];
      for (const row of list(item.invDocCargoVOArray)) {
        const at = turkeyTime(text(row.eventDate), text(row.eventTime));
        if (!at) continue;
        const code = text(row.eventId);
        const name = text(row.eventName);
        const place = [text(row.unitName), [text(row.townName), text(row.cityName)].filter(Boolean).join("/")]
          .filter(Boolean)
          .join(", ");
        events.push({
          id: eventId("yurtici", text(detail.cargoKey), text(row.eventDate), text(row.eventTime), code, name),
          at,
          status: EVENT_CODES[code] ?? statusFromWords(name),
          location: place || undefined,
          description: [name, text(row.reasonName)]
            .filter((part) => part && part !== "Sorun Yok")
            .join(" — "),
        });
      }
      return events.sort((a, b) => a.at.getTime() - b.at.getTime());
    },

    trackingUrl: (trackingNo) => TRACKING_PAGE + encodeURIComponent(trackingNo),
  };
}
