/**
 * An MNG Kargo (DHL eCommerce) REST API for tests, written from MNG's apizone OpenAPI documents (Identity,
 * Standard Command, Barcode Command, Standard Query, CBS Info) under /mngapi/api:
 *   POST token                                 {customerNumber, password, identityType} → {jwt, refreshToken, …}
 *   POST standardcmdapi/createOrder            {order, orderPieceList, recipient} → [{orderInvoiceId, …}]
 *   PUT  standardcmdapi/cancelorder/{ref}
 *   POST barcodecmdapi/createbarcode           → [{referenceId, invoiceId, shipmentId, barcodes:[{pieceNumber,
 *                                                 barcode, value (ZPL)}]}]
 *   PUT  barcodecmdapi/cancelshipment          {referenceId, shipmentId}
 *   GET  standardqueryapi/getorder/{ref}, getshipment/{ref}, trackshipment/{ref},
 *        trackshipmentByShipmentId/{id}
 *   POST standardqueryapi/calculate            → [{finalTotal, …}]
 *   GET  cbsinfoapi/getcities, getdistricts/{cityCode}   (no JWT)
 * Every call needs the application's X-IBM-Client-Id and X-IBM-Client-Secret (else 401 as IBM API Connect
 * answers), all but CBS Info a `Bearer` JWT. Single results are one-element arrays; errors are
 * `{error: {code, message, description}}`. Codes and prices the documents do not give are the fake's choice.
 */
import { randomBytes } from "node:crypto";
import {
  carrierControls,
  type FakeCarrier,
  type FakeRequest,
  type FakeStage,
  json,
  startFakeServer,
  turkishDateTime,
} from "./fake-carrier";

export interface FakeMngOptions {
  clientId: string;
  clientSecret: string;
  customerNumber: string;
  password: string;
}

interface Movement {
  at: Date;
  eventStatus: string;
  location: string;
  description: string;
}

export interface FakeMngShipment {
  referenceId: string;
  order: Record<string, unknown>;
  recipient: Record<string, unknown>;
  pieces: Record<string, unknown>[];
  shipmentId: string | null;
  picked: boolean;
  cancelled: boolean;
  movements: Movement[];
}

export interface FakeMng extends FakeCarrier {
  readonly shipments: Map<string, FakeMngShipment>;
  /** JWTs issued so far. */
  readonly tokensIssued: () => number;
  /** Makes every JWT issued so far invalid (as if they expired). */
  expireTokens(): void;
}

const CITIES = [
  {
    code: "6",
    name: "ANKARA  06",
    districts: [
      { code: "1231", name: "ÇANKAYA" },
      { code: "1130", name: "KEÇİÖREN" },
    ],
  },
  {
    code: "34",
    name: "İSTANBUL  34",
    districts: [
      { code: "1421", name: "KADIKÖY" },
      { code: "1183", name: "BEŞİKTAŞ" },
    ],
  },
];

/** The Standard Query API's named statuses (shipmentStatusCode 1–8), as eventStatus writes them. */
const WORDS: Record<FakeStage, Omit<Movement, "at">> = {
  picked_up: {
    eventStatus: "Transfer_Aşamasında",
    location: "KADIKÖY",
    description: "Gönderi şubeden çıktı",
  },
  transfer: {
    eventStatus: "Teslimat_Birimine_Ulaştı",
    location: "ÇANKAYA",
    description: "Gönderi teslimat birimine ulaştı",
  },
  out_for_delivery: {
    eventStatus: "Alıcı_Adresine_Yönlendirildi",
    location: "ÇANKAYA",
    description: "Dağıtıma çıktı",
  },
  delivered: { eventStatus: "Teslim_Edildi", location: "ÇANKAYA", description: "Alıcıya teslim edildi" },
  returned: { eventStatus: "Geri_Geliyor", location: "ÇANKAYA", description: "Göndericiye geri dönüyor" },
};

const error = (status: number, code: string, description: string) =>
  json(status, { error: { code, message: description, description } });

/** Fake's price list: 49.90 TL for up to 2 desi, 12.50 TL for each desi beyond, 15 TL more per extra parcel. */
function price(pieces: { desi?: unknown }[]): number {
  const desi = pieces.reduce((sum, piece) => sum + Math.max(1, Number(piece.desi) || 1), 0);
  return 4990 + Math.max(0, desi - 2) * 1250 + Math.max(0, pieces.length - 1) * 1500;
}

export async function startFakeMng(options: FakeMngOptions): Promise<FakeMng> {
  const shipments = new Map<string, FakeMngShipment>();
  let tokens = new Set<string>();
  let issued = 0;
  let shipmentIds = 614_118_757_000;
  const str = (value: unknown) => (value === undefined || value === null ? "" : String(value));

  function handle(request: FakeRequest) {
    const h = request.headers;
    if (h["x-ibm-client-id"] !== options.clientId || h["x-ibm-client-secret"] !== options.clientSecret) {
      return json(401, {
        httpCode: "401",
        httpMessage: "Unauthorized",
        moreInformation: "Cannot find valid subscription for the incoming API request.",
      });
    }
    const path = request.path.replace(/^\/mngapi\/api\//, "");
    const body = request.body ? (JSON.parse(request.body) as Record<string, unknown>) : {};
    const route = `${request.method} ${path}`;

    if (route === "POST token") {
      if (str(body.customerNumber) !== options.customerNumber || str(body.password) !== options.password) {
        return error(401, "20015", "Müşteri numarası veya şifre hatalı.");
      }
      const jwt = randomBytes(24).toString("base64url");
      tokens.add(jwt);
      issued++;
      return json(200, {
        jwt,
        refreshToken: randomBytes(16).toString("hex"),
        jwtExpireDate: turkishDateTime(new Date(Date.now() + 8 * 3600_000)),
        refreshTokenExpireDate: turkishDateTime(new Date(Date.now() + 24 * 3600_000)),
      });
    }
    if (path === "cbsinfoapi/getcities")
      return json(
        200,
        CITIES.map(({ code, name }) => ({ code, name })),
      );
    const districts = /^cbsinfoapi\/getdistricts\/(\d+)$/.exec(path);
    if (districts) {
      const city = CITIES.find((c) => c.code === districts[1]);
      return city
        ? json(
            200,
            city.districts.map((d) => ({ cityCode: city.code, cityName: city.name, ...d })),
          )
        : error(404, "40401", "İl bulunamadı.");
    }

    const bearer = /^Bearer (.+)$/.exec(str(h.authorization))?.[1];
    if (!bearer || !tokens.has(bearer)) return error(401, "401", "Geçersiz veya süresi dolmuş token.");

    if (route === "POST standardcmdapi/createOrder") {
      const order = (body.order ?? {}) as Record<string, unknown>;
      const recipient = (body.recipient ?? {}) as Record<string, unknown>;
      const ref = str(order.referenceId);
      if (!ref || ref !== ref.toUpperCase() || ref.length > 30)
        return error(400, "26001", "referenceId geçersiz.");
      if (!str(recipient.fullName).trim()) return error(400, "26050", "Alıcı adı soyadı boş olamaz.");
      if (!/^5\d{9}$/.test(str(recipient.mobilePhoneNumber)))
        return error(400, "26052", "Cep telefonu 10 haneli olmalıdır.");
      if (!str(recipient.email)) return error(400, "26054", "Alıcı e-posta adresi boş olamaz.");
      if (!/^\d{10,11}$/.test(str(recipient.taxNumber)))
        return error(400, "26056", "Vergi/TC kimlik numarası geçersiz.");
      const city = CITIES.find((c) => c.code === str(recipient.cityCode));
      if (!city?.districts.some((d) => d.code === str(recipient.districtCode))) {
        return error(400, "26060", "İl/ilçe kodu geçersiz.");
      }
      // Fake's choice of code: 26100 for a referenceId already used by this customer.
      if (shipments.has(ref))
        return error(400, "26100", "Bu referans numarası ile daha önce sipariş oluşturulmuştur.");
      const pieces = (body.orderPieceList ?? []) as Record<string, unknown>[];
      shipments.set(ref, {
        referenceId: ref,
        order,
        recipient,
        pieces,
        shipmentId: null,
        picked: false,
        cancelled: false,
        movements: [],
      });
      return json(200, [
        { orderInvoiceId: `SIP${shipments.size}`, orderInvoiceDetailId: "1", shipperBranchCode: "34" },
      ]);
    }

    if (route === "POST barcodecmdapi/createbarcode") {
      const shipment = shipments.get(str(body.referenceId));
      if (!shipment || shipment.cancelled) return error(400, "20010", "Sipariş bulunamadı.");
      if (shipment.shipmentId)
        return error(400, "20030", "Bu sipariş için barkod daha önce oluşturulmuştur.");
      shipment.shipmentId = String(++shipmentIds);
      const pieces = (body.orderPieceList ?? shipment.pieces) as Record<string, unknown>[];
      return json(200, [
        {
          referenceId: shipment.referenceId,
          invoiceId: `FM${shipmentIds % 1_000_000}`,
          shipmentId: shipment.shipmentId,
          barcodes: pieces.map((piece, i) => ({
            pieceNumber: i + 1,
            barcode: str(piece.barcode),
            value: `^XA^FO40,40^A0N,40,40^FDMNG ${shipment.shipmentId} ${i + 1}/${pieces.length}^FS^FO40,100^BCN,120^FD${str(piece.barcode)}^FS^XZ`,
          })),
        },
      ]);
    }

    const byRef = /^standardqueryapi\/(getorder|getshipment|trackshipment)\/(.+)$/.exec(path);
    const byId = /^standardqueryapi\/trackshipmentByShipmentId\/(\d+)$/.exec(path);
    if (request.method === "GET" && (byRef || byId)) {
      const shipment = byId
        ? [...shipments.values()].find((s) => s.shipmentId === byId[1])
        : shipments.get(decodeURIComponent(byRef?.[2] ?? ""));
      const what = byId ? "trackshipment" : byRef?.[1];
      if (!shipment || (what === "getshipment" && !shipment.shipmentId))
        return error(404, "40400", "Kayıt bulunamadı.");
      if (what === "getorder")
        return json(200, [{ order: { ...shipment.order }, recipient: shipment.recipient }]);
      if (what === "getshipment") {
        return json(200, [
          { shipment: { referenceId: shipment.referenceId, shipmentId: shipment.shipmentId } },
        ]);
      }
      return json(
        200,
        shipment.movements.map((m, i) => ({
          eventSequence: i + 1,
          eventStatus: m.eventStatus,
          eventStatusEn: "",
          eventDateTime: turkishDateTime(m.at, "-"),
          location: m.location,
          description: m.description,
        })),
      );
    }

    if (route === "PUT barcodecmdapi/cancelshipment") {
      const shipment = shipments.get(str(body.referenceId));
      if (!shipment || shipment.shipmentId !== str(body.shipmentId))
        return error(400, "20010", "Gönderi bulunamadı.");
      if (shipment.picked) return error(400, "20040", "Şubeye teslim edilmiş gönderi iptal edilemez.");
      shipment.shipmentId = null;
      return json(200, [{ referenceId: shipment.referenceId }]);
    }
    const cancelOrder = /^standardcmdapi\/cancelorder\/(.+)$/.exec(path);
    if (request.method === "PUT" && cancelOrder) {
      const shipment = shipments.get(decodeURIComponent(cancelOrder[1] ?? ""));
      if (!shipment) return error(400, "20010", "Sipariş bulunamadı.");
      if (shipment.shipmentId) return error(400, "20041", "Barkodu iptal edilmemiş sipariş iptal edilemez.");
      shipment.cancelled = true;
      return json(200, [{ referenceId: shipment.referenceId }]);
    }

    if (route === "POST standardqueryapi/calculate") {
      const pieces = (body.orderPieceList ?? []) as { desi?: unknown }[];
      const city = CITIES.find((c) => c.code === str(body.cityCode));
      if (!city || pieces.length === 0) return error(400, "26060", "İl kodu veya parça bilgisi geçersiz.");
      const total = price(pieces);
      return json(200, [{ finalTotal: total / 100, kdv: Math.round(total / 6) / 100 }]);
    }
    return error(404, "404", `No route ${route}`);
  }

  const server = await startFakeServer(handle);
  const controls = carrierControls(
    server,
    shipments,
    (shipment) => shipment.cancelled,
    (shipment, stage, at) => {
      shipment.picked = true;
      shipment.movements.push({ at, ...WORDS[stage] });
    },
  );
  return Object.assign(controls, {
    shipments,
    tokensIssued: () => issued,
    expireTokens() {
      tokens = new Set();
    },
  });
}
