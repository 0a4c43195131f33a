import { route } from "@/lib/http";
import { invoiceResponse } from "@/lib/invoices/download";

/** The order's invoice (PDF); 409 INVOICE_NOT_READY until the order is paid or confirmed. */
export const GET = route<{ orderNo: string }>(async (_request, { params }) =>
  invoiceResponse(params.orderNo),
);
