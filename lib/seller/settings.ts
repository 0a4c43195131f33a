import { z } from "zod";
import type { Executor } from "@/db/client";
import { env } from "@/lib/env";
import { readSetting, saveSetting } from "@/lib/settings";

/**
 * Who sells (store_settings key `seller`): the identity the law asks for on the pre-information form, the
 * distance sales contract and every invoice. Staff keep it in `/admin/settings`; the defaults describe the
 * demo store so a fresh install renders complete documents.
 */
export const sellerSchema = z.object({
  /** Ticari unvan, e.g. "Çarşı E-Ticaret A.Ş." */
  legalName: z.string().trim().min(2).max(200),
  address: z.string().trim().min(5).max(400),
  /** İl and ilçe of the address, printed on invoices. */
  city: z.string().trim().min(2).max(60),
  district: z.string().trim().min(2).max(60),
  taxOffice: z.string().trim().min(2).max(100),
  /** Vergi kimlik numarası: 10 digits. */
  taxNumber: z
    .string()
    .trim()
    .regex(/^\d{10}$/),
  /** MERSİS number: 16 digits, optional for sole traders. */
  mersisNo: z.union([
    z.literal(""),
    z
      .string()
      .trim()
      .regex(/^\d{16}$/),
  ]),
  phone: z.string().trim().min(7).max(30),
  email: z.email(),
  /** KEP (registered e-mail) address, optional. */
  kepAddress: z.union([z.literal(""), z.email()]),
});
export type Seller = z.infer<typeof sellerSchema>;

const KEY = "seller";

function defaults(): Seller {
  return {
    legalName: `${env().STORE_NAME} E-Ticaret A.Ş.`,
    address: "Caferağa Mah. Moda Cad. No: 12 D: 3",
    city: "İstanbul",
    district: "Kadıköy",
    taxOffice: "Kadıköy",
    taxNumber: "1234567890",
    mersisNo: "0123456789000015",
    phone: "+90 216 555 00 00",
    email: "destek@carsi.example",
    kepAddress: "",
  };
}

export function sellerIdentity(db: Executor): Promise<Seller> {
  return readSetting(db, KEY, sellerSchema, defaults());
}

export async function saveSellerIdentity(db: Executor, seller: Seller, actor: string) {
  await saveSetting(db, KEY, seller, actor);
}
