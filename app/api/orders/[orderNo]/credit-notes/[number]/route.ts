import { route } from "@/lib/http";
import { invoiceResponse } from "@/lib/invoices/download";

/** One of the order's credit notes (PDF), by its number. */
export const GET = route<{ orderNo: string; number: string }>(async (_request, { params }) =>
  invoiceResponse(params.orderNo, params.number),
);
