import { z } from "zod";
import { skuSchema } from "@/lib/cart/schemas";

export const wishlistItemSchema = z.object({ sku: skuSchema });
