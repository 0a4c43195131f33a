import { fromDecimalText } from "@/lib/money";
import {
  type Carrier,
  CarrierError,
  type CreatedShipment,
  type ParcelRequest,
  type TrackingEvent,
} from "./carrier";
import {
  type AdapterOptions,
  callSignal,
  carrierKey,
  codOf,
  deadline,
  eventId,
  fold,
  nationalPhone,
  send,
  statusFromWords,
  streetOf,
  text,
  turkeyTime,
} from "./http";
import { renderLabel } from "./label";

/**
 * MNG Kargo (DHL eCommerce Türkiye) over its REST API on apizone, as its OpenAPI documents (Identity, Standard
 * Command, Barcode Command, Standard Query, CBS Info) describe it. Every call carries the application's
 * X-IBM-Client-Id / X-IBM-Client-Secret; all but CBS Info also `Authorization: Bearer <jwt>`, the JWT got from
 * POST /mngapi/api/token with the merchant's customerNumber and password (identityType 1).
 *
 *   create   POST standardcmdapi/createOrder (order, orderPieceList, recipient) then
 *            POST barcodecmdapi/createbarcode → shipmentId, invoiceId and per piece a barcode and its ZPL label
 *   find     GET standardqueryapi/getorder/{referenceId}, getshipment/{referenceId}
 *   cancel   PUT barcodecmdapi/cancelshipment {referenceId, shipmentId}, then PUT standardcmdapi/cancelorder/{ref}
 *   track    GET standardqueryapi/trackshipment/{referenceId}
 *   quote    POST standardqueryapi/calculate, with city and district codes from cbsinfoapi
 * Single results come as one-element arrays. MNG documents no tracking push, so there is no verifyPush.
 *
 * The referenceId (upper case, at most 30 characters) is the idempotency key: MNG refuses a second order with
 * the same referenceId; the adapter then reads the order (and its shipment, if the barcode was already made)
 * back. A shipment found that way has no ZPL (it is only in createbarcode's answer): a create retried after
 * a crash gets the store's own PDF label with the same piece barcodes instead.
 */

export interface MngConfig {
  clientId: string;
  clientSecret: string;
  customerNumber: string;
  password: string;
  baseUrl: string;
  /** MNG refuses orders without a recipient email; the store's address stands in when the shopper gave none. */
  fallbackEmail: string;
  /** Per call; CALL_TIMEOUT_MS when left out. */
  timeoutMs?: AdapterOptions["timeoutMs"];
  sender: AdapterOptions["sender"];
}

const TRACKING_PAGE = "https://www.mngkargo.com.tr/gonderi-takip/?takipNo=";
/** MNG's documents give no JWT lifetime we can rely on (jwtExpireDate has no zone): reuse one for an hour at most. */
const TOKEN_REUSE_MS = 60 * 60 * 1000;
/** A consumer without a Turkish ID number: the placeholder MNG integrations use (passes the checksum). */
const CONSUMER_TAX_NUMBER = "11111111110";

export const mngReference = (reference: string) => carrierKey(reference, 30);

/** Single results come as one-element arrays although the documents show objects. */
const unwrap = (value: unknown) =>
  (Array.isArray(value) ? value[0] : value) as Record<string, unknown> | undefined;

/** MNG's error shape `{error: {code, message, description}}` (or a ProblemDetails), as words. */
function errorWords(body: unknown): { code: string | null; message: string } {
  const b = unwrap(body) ?? {};
  const error = (b.error ?? {}) as Record<string, unknown>;
  const code = text(error.code ?? error.Code) || null;
  const message =
    text(error.description ?? error.Description) ||
    text(error.message ?? error.Message) ||
    text(b.detail) ||
    text(b.title) ||
    text(b.message);
  return { code, message };
}

export function createMngCarrier(config: MngConfig): Carrier {
  const base = config.baseUrl.replace(/\/+$/, "");
  let token: { jwt: string; until: number } | null = null;
  let cities: Map<string, string> | null = null;
  const districts = new Map<string, Map<string, string>>();

  const gateway = { "X-IBM-Client-Id": config.clientId, "X-IBM-Client-Secret": config.clientSecret };

  async function jwt(signal?: AbortSignal, renew = false): Promise<string> {
    if (!renew && token && token.until > Date.now()) return token.jwt;
    const answer = await send(
      "mng",
      `${base}/mngapi/api/token`,
      {
        method: "POST",
        headers: { ...gateway, "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({
          customerNumber: config.customerNumber,
          password: config.password,
          identityType: 1,
        }),
      },
      { signal: signal ?? callSignal(config.timeoutMs) },
    );
    const body = parse(answer.text);
    const value = text(unwrap(body)?.jwt);
    if (answer.status !== 200 || !value) {
      const { code, message } = errorWords(body);
      throw new CarrierError("mng", `token refused (HTTP ${answer.status}) ${message}`.trim(), false, code);
    }
    token = { jwt: value, until: Date.now() + TOKEN_REUSE_MS };
    return value;
  }

  /** One API call; a 401 renews the JWT once (it may have expired early). Returns status and parsed body. */
  async function api(
    method: string,
    path: string,
    options: { body?: unknown; signal?: AbortSignal; auth?: boolean } = {},
  ): Promise<{ status: number; body: unknown }> {
    const auth = options.auth ?? true;
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...gateway, Accept: "application/json" };
      if (auth) headers.Authorization = `Bearer ${await jwt(options.signal, attempt > 0)}`;
      if (options.body !== undefined) headers["Content-Type"] = "application/json";
      const answer = await send(
        "mng",
        `${base}/mngapi/api/${path}`,
        { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) },
        { signal: options.signal ?? callSignal(config.timeoutMs) },
      );
      if (answer.status === 401 && auth && attempt === 0) continue;
      return { status: answer.status, body: parse(answer.text) };
    }
  }

  const refused = (operation: string, status: number, body: unknown) => {
    const { code, message } = errorWords(body);
    return new CarrierError("mng", `${operation} refused (HTTP ${status}) ${message}`.trim(), false, code);
  };

  async function codes(city: string, district: string | undefined, signal?: AbortSignal) {
    // City names come back with their plate number ("ADANA  01"): compared without it.
    const key = (name: string) => fold(name).replace(/\s*\d+$/, "");
    if (!cities) {
      const { status, body } = await api("GET", "cbsinfoapi/getcities", { signal, auth: false });
      if (status !== 200 || !Array.isArray(body)) throw refused("getcities", status, body);
      cities = new Map(body.map((c: Record<string, unknown>) => [key(text(c.name)), text(c.code)]));
    }
    const cityCode = cities.get(key(city));
    if (!cityCode) throw new CarrierError("mng", `unknown city ${city}`, false);
    if (!district) return { cityCode, districtCode: "0" };
    let known = districts.get(cityCode);
    if (!known) {
      const { status, body } = await api("GET", `cbsinfoapi/getdistricts/${cityCode}`, {
        signal,
        auth: false,
      });
      if (status !== 200 || !Array.isArray(body)) throw refused("getdistricts", status, body);
      known = new Map(body.map((d: Record<string, unknown>) => [key(text(d.name)), text(d.code)]));
      districts.set(cityCode, known);
    }
    const districtCode = known.get(key(district));
    if (!districtCode) throw new CarrierError("mng", `unknown district ${district}, ${city}`, false);
    return { cityCode, districtCode };
  }

  async function getShipment(ref: string) {
    const { status, body } = await api("GET", `standardqueryapi/getshipment/${encodeURIComponent(ref)}`);
    if (status === 404 || status === 400) return null;
    if (status !== 200) throw refused("getshipment", status, body);
    const found = unwrap(body);
    const shipment = (found?.shipment ?? found) as Record<string, unknown> | undefined;
    return shipment && text(shipment.shipmentId) ? shipment : null;
  }

  async function getOrder(ref: string) {
    const { status, body } = await api("GET", `standardqueryapi/getorder/${encodeURIComponent(ref)}`);
    if (status === 404 || status === 400) return null;
    if (status !== 200) throw refused("getorder", status, body);
    const found = unwrap(body);
    return found &&
      text((found.order as Record<string, unknown> | undefined)?.referenceId ?? found.referenceId)
      ? found
      : null;
  }

  const shipmentOf = (shipmentId: string, label: CreatedShipment["label"]): CreatedShipment => ({
    trackingNo: shipmentId,
    carrierRef: shipmentId,
    trackingUrl: TRACKING_PAGE + encodeURIComponent(shipmentId),
    label,
  });

  /**
   * A shipment a retried create finds at MNG: its ZPL came only in the first createbarcode answer, lost with
   * the crash, so the store prints its own PDF with the same piece barcodes and staff still have a label.
   */
  const foundAgain = async (parcel: ParcelRequest, pieces: { barcode: string }[], shipmentId: string) =>
    shipmentOf(
      shipmentId,
      await renderLabel({
        carrierTitle: "MNG Kargo",
        pieceCodes: pieces.map((piece) => piece.barcode),
        trackingNo: shipmentId,
        parcel,
        sender: config.sender,
      }),
    );

  return {
    name: "mng",

    async quote(request, { timeoutMs }) {
      const signal = deadline(timeoutMs);
      const { cityCode, districtCode } = await codes(
        request.destination.city,
        request.destination.district,
        signal,
      );
      const parcels = Math.max(1, request.parcels);
      const { status, body } = await api("POST", "standardqueryapi/calculate", {
        signal,
        body: {
          shipmentServiceType: 1,
          packagingType: 3,
          paymentType: 1,
          pickUpType: 1,
          deliveryType: 1,
          cityCode: Number(cityCode),
          districtCode: Number(districtCode),
          address: "",
          smsPreference1: 0,
          smsPreference2: 0,
          smsPreference3: 0,
          orderPieceList: Array.from({ length: parcels }, (_, i) => ({
            barcode: `QUOTE${i + 1}`,
            desi: Math.max(1, Math.ceil(request.desi / parcels)),
            kg: 1,
          })),
        },
      });
      if (status !== 200) throw refused("calculate", status, body);
      const price = fromDecimalText(text(unwrap(body)?.finalTotal), "TRY");
      if (price === null) throw new CarrierError("mng", "calculate answered without finalTotal", true);
      return { price, currency: "TRY" };
    },

    async createShipment(parcel) {
      const ref = mngReference(parcel.reference);
      const cod = codOf(parcel);
      const pieces = Array.from({ length: Math.max(1, parcel.pieces) }, (_, i) => ({
        barcode: `${ref}_PARCA${i + 1}`,
        desi: Math.max(1, Math.ceil(parcel.desi / Math.max(1, parcel.pieces))),
        kg: Math.max(1, Math.ceil(parcel.weightGrams / 1000 / Math.max(1, parcel.pieces))),
        content: parcel.contents.slice(0, 100),
      }));
      const money = cod > 0 ? Number((cod / 100).toFixed(2)) : 0;
      const { cityCode, districtCode } = await codes(parcel.recipient.city, parcel.recipient.district);
      const order = await api("POST", "standardcmdapi/createOrder", {
        body: {
          order: {
            referenceId: ref,
            // MNG asks for the order's barcode to be the referenceId.
            barcode: ref,
            billOfLandingId: parcel.orderNo,
            isCOD: cod > 0 ? 1 : 0,
            codAmount: money,
            shipmentServiceType: 1,
            packagingType: 3,
            content: parcel.contents.slice(0, 100),
            smsPreference1: 0,
            smsPreference2: 0,
            smsPreference3: 0,
            paymentType: 1,
            deliveryType: 1,
            description: parcel.orderNo,
            marketPlaceShortCode: "",
            marketPlaceSaleCode: "",
          },
          orderPieceList: pieces,
          recipient: {
            refCustomerId: "",
            cityCode: Number(cityCode),
            cityName: parcel.recipient.city,
            districtCode: Number(districtCode),
            districtName: parcel.recipient.district,
            address: streetOf(parcel.recipient),
            bussinessPhoneNumber: "",
            email: parcel.recipient.email || config.fallbackEmail,
            taxOffice: "",
            taxNumber: CONSUMER_TAX_NUMBER,
            fullName: parcel.recipient.name,
            homePhoneNumber: "",
            mobilePhoneNumber: nationalPhone(parcel.recipient.phone),
          },
        },
      });
      if (order.status !== 200 && order.status !== 201) {
        // A refused order may be one MNG already has under this referenceId (a retried create).
        if (!(await getOrder(ref))) throw refused("createOrder", order.status, order.body);
        const shipment = await getShipment(ref);
        if (shipment) return foundAgain(parcel, pieces, text(shipment.shipmentId));
      }
      const barcode = await api("POST", "barcodecmdapi/createbarcode", {
        body: {
          referenceId: ref,
          billOfLandingId: parcel.orderNo,
          isCOD: cod > 0 ? 1 : 0,
          codAmount: money,
          packagingType: 3,
          printReferenceBarcodeOnError: 0,
          message: "",
          additionalContent1: "",
          additionalContent2: "",
          additionalContent3: "",
          additionalContent4: "",
          orderPieceList: pieces,
        },
      });
      if (barcode.status !== 200 && barcode.status !== 201) {
        const shipment = await getShipment(ref);
        if (shipment) return foundAgain(parcel, pieces, text(shipment.shipmentId));
        throw refused("createbarcode", barcode.status, barcode.body);
      }
      const made = unwrap(barcode.body) ?? {};
      const shipmentId = text(made.shipmentId);
      if (!shipmentId) throw new CarrierError("mng", "createbarcode answered without a shipmentId", true);
      const zpl = (Array.isArray(made.barcodes) ? (made.barcodes as Record<string, unknown>[]) : [])
        .map((piece) => text(piece.value))
        .filter(Boolean)
        .join("\n");
      return shipmentOf(
        shipmentId,
        zpl ? { contentType: "application/zpl", data: Buffer.from(zpl, "utf8") } : null,
      );
    },

    async findShipment(reference) {
      const shipment = await getShipment(mngReference(reference));
      return shipment ? shipmentOf(text(shipment.shipmentId), null) : null;
    },

    async cancelShipment(reference) {
      const ref = mngReference(reference);
      const shipment = await getShipment(ref);
      if (shipment) {
        const { status, body } = await api("PUT", "barcodecmdapi/cancelshipment", {
          body: { referenceId: ref, shipmentId: text(shipment.shipmentId) },
        });
        if (status !== 200 && status !== 204) throw refused("cancelshipment", status, body);
      }
      const { status, body } = await api("PUT", `standardcmdapi/cancelorder/${encodeURIComponent(ref)}`);
      if (status !== 200 && status !== 204) throw refused("cancelorder", status, body);
    },

    async track(referenceOrTrackingNo) {
      // Store references are digits too: ask by reference first, by MNG's shipment id when MNG knows no such one.
      let { status, body } = await api(
        "GET",
        `standardqueryapi/trackshipment/${encodeURIComponent(mngReference(referenceOrTrackingNo))}`,
      );
      if (status === 404 && /^\d+$/.test(referenceOrTrackingNo)) {
        ({ status, body } = await api(
          "GET",
          `standardqueryapi/trackshipmentByShipmentId/${referenceOrTrackingNo}`,
        ));
      }
      if (status === 404) return [];
      if (status !== 200) throw refused("trackshipment", status, body);
      const events: TrackingEvent[] = [];
      for (const row of Array.isArray(body) ? (body as Record<string, unknown>[]) : []) {
        const when = text(row.eventDateTime);
        const at = turkeyTime(when);
        if (!at) continue;
        const name = text(row.eventStatus);
        events.push({
          // Not keyed by what was asked for: by reference or by shipment id, an event keeps one id.
          id: eventId("mng", text(row.eventSequence), when, name, text(row.location)),
          at,
          // eventStatus is one of the Standard Query API's named statuses (Gönderi_Hazırlandı … Destek_Gerekiyor).
          status: statusFromWords(name.replace(/_/g, " ")),
          location: text(row.location) || undefined,
          description: text(row.description) || name.replace(/_/g, " "),
        });
      }
      return events.sort((a, b) => a.at.getTime() - b.at.getTime());
    },

    trackingUrl: (trackingNo) => TRACKING_PAGE + encodeURIComponent(trackingNo),
  };
}

function parse(body: string): unknown {
  try {
    return body ? JSON.parse(body) : null;
  } catch {
    return null;
  }
}
