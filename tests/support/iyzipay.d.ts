// The official `iyzipay` client ships no types; this declares the part tests/integration/fake-iyzico.test.ts uses.
declare module "iyzipay" {
  namespace Iyzipay {
    /** iyzico's JSON answer as parsed by the client (a plain string when the body was not JSON). */
    interface Result {
      status?: "success" | "failure";
      errorCode?: string;
      errorMessage?: string;
      errorGroup?: string;
      [field: string]: unknown;
    }
    type Callback = (err: Error | null, result: Result) => void;
    interface Resource {
      create(request: object, callback: Callback): void;
      retrieve(request: object, callback: Callback): void;
    }
  }
  class Iyzipay {
    constructor(config: { apiKey: string; secretKey: string; uri: string });
    checkoutFormInitialize: Iyzipay.Resource;
    checkoutForm: Iyzipay.Resource;
    installmentInfo: Iyzipay.Resource;
    refundV2: Iyzipay.Resource;
    cancel: Iyzipay.Resource;
  }
  export = Iyzipay;
}

declare module "iyzipay/lib/utils" {
  const utils: {
    /** hex HMAC-SHA256 of the values joined with ":" — how iyzico's samples verify response signatures. */
    calculateHmacSHA256Signature(params: unknown[], secretKey: string): string;
  };
  export = utils;
}
