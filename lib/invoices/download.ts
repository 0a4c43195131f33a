import "server-only";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canViewOrder } from "@/lib/orders/access";
import { findOrder } from "@/lib/orders/service";
import { renderInvoicePdf } from "./pdf";
import { orderDocument } from "./service";

/**
 * An order's invoice (or one of its credit notes) as a PDF download, for whoever may see the order's page
 * (lib/orders/access.ts: its owner, staff, or the browser that placed it); anyone else gets the same 404 as
 * for an order that does not exist.
 */
export async function invoiceResponse(orderNo: string, number?: string): Promise<Response> {
  const order = await findOrder(getDb(), orderNo.trim().toUpperCase().slice(0, 40));
  if (!order || !(await canViewOrder(order))) throw new AppError("ORDER_NOT_FOUND", { orderNo });
  const document = await orderDocument(getDb(), order.id, order.orderNo, number?.slice(0, 40));
  const pdf = await renderInvoicePdf(document);
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="${document.number}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
}
