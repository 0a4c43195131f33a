import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { type Executor, rows } from "@/db/client";
import type { CouponType } from "@/db/schema";
import type { CouponCreateInput, CouponListQuery } from "@/lib/coupons/schemas";
import { AppError, type FieldCode, uniqueViolation } from "@/lib/errors";
import { containsPattern, iso, orderBy, type Page } from "@/lib/lists";
import { readPage } from "@/lib/paging";
import { pricingCode } from "@/lib/pricing/edit-schemas";
import { adminCode, type StaffContext } from "@/lib/staff-context";

export interface AdminCoupon {
  id: number;
  code: string;
  type: CouponType;
  value: number;
  startsAt: string | null;
  expiresAt: string | null;
  usageLimit: number | null;
  perCustomerLimit: number | null;
  minOrder: number | null;
  maxDiscount: number | null;
  appliesTo: { skus: string[]; categories: string[] };
  stackable: boolean;
  active: boolean;
  /** Orders placed with the code (claimed at checkout; given back when an unpaid order is cancelled). */
  used: number;
  /** Sum of the discounts it gave on those orders, minor units. */
  discountGiven: number;
  /** active, scheduled (not started), expired, used_up or inactive — for lists. */
  state: "active" | "scheduled" | "expired" | "used_up" | "inactive";
  createdAt: string;
}

interface CouponRow {
  id: number;
  code: string;
  type: CouponType;
  value: string | number;
  starts_at: Date | string | null;
  expires_at: Date | string | null;
  usage_limit: number | null;
  used_count: number;
  per_customer_limit: number | null;
  min_order: string | number | null;
  max_discount: string | number | null;
  applies_to_skus: string[];
  applies_to_categories: string[];
  stackable: boolean;
  active: boolean;
  created_at: Date | string;
  discount_given: string | number;
}

const couponSelect = sql`select k.*, coalesce((select sum(r.discount) from coupon_redemptions r where r.coupon_id = k.id), 0)
  as discount_given from coupons k`;

function toCoupon(row: CouponRow, now: Date): AdminCoupon {
  const startsAt = row.starts_at ? new Date(row.starts_at) : null;
  const expiresAt = row.expires_at ? new Date(row.expires_at) : null;
  const state: AdminCoupon["state"] = !row.active
    ? "inactive"
    : expiresAt && expiresAt <= now
      ? "expired"
      : row.usage_limit !== null && row.used_count >= row.usage_limit
        ? "used_up"
        : startsAt && startsAt > now
          ? "scheduled"
          : "active";
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    value: Number(row.value),
    startsAt: iso(startsAt),
    expiresAt: iso(expiresAt),
    usageLimit: row.usage_limit,
    perCustomerLimit: row.per_customer_limit,
    minOrder: row.min_order === null ? null : Number(row.min_order),
    maxDiscount: row.max_discount === null ? null : Number(row.max_discount),
    appliesTo: { skus: row.applies_to_skus, categories: row.applies_to_categories },
    stackable: row.stackable,
    active: row.active,
    used: row.used_count,
    discountGiven: Number(row.discount_given),
    state,
    createdAt: iso(row.created_at) ?? "",
  };
}

const COUPON_SORT = { code: sql`k.code`, used: sql`k.used_count`, createdAt: sql`k.created_at` };

export async function listCoupons(
  db: Database,
  query: CouponListQuery,
  now = new Date(),
): Promise<Page<AdminCoupon>> {
  const conditions = [sql`true`];
  if (query.q) conditions.push(sql`k.code like upper(${containsPattern(query.q)})`);
  if (query.active) conditions.push(sql`k.active = ${query.active === "true"}`);
  const where = sql.join(conditions, sql` and `);
  const found = await readPage<CouponRow>(db, query, {
    count: sql`from coupons k where ${where}`,
    select: sql`${couponSelect} where ${where} order by ${orderBy(query.sort, COUPON_SORT, sql`k.id desc`)}`,
  });

  return {
    ...found,
    items: found.items.map((row) => toCoupon(row, now)),
  };
}

export async function getCoupon(db: Executor, id: number, now = new Date()): Promise<AdminCoupon | null> {
  const [row] = await rows<CouponRow>(db, sql`${couponSelect} where k.id = ${id}`);
  return row ? toCoupon(row, now) : null;
}

/** 409 for a code that another coupon already has. */
const codeTaken = (code: string) =>
  new AppError("ALREADY_EXISTS", { fields: { code: adminCode("codeTaken") }, taken: code });

/** The code's SKU and category limits, each listed once; 400 naming those that do not exist. */
async function couponTargets(db: Executor, input: CouponCreateInput) {
  const skus = [...new Set(input.appliesTo?.skus ?? [])];
  const categories = [...new Set(input.appliesTo?.categories ?? [])];
  const fields: Record<string, FieldCode> = {};
  if (skus.length > 0) {
    const known = await rows<{ sku: string }>(db, sql`select sku from variants where sku in ${skus}`);
    const missing = skus.filter((sku) => !known.some((k) => k.sku === sku));
    if (missing.length) fields["appliesTo.skus"] = adminCode("unknownSkus", { skus: missing.join(", ") });
  }
  if (categories.length > 0) {
    const known = await rows<{ slug: string }>(
      db,
      sql`select slug from categories where slug in ${categories}`,
    );
    const missing = categories.filter((slug) => !known.some((k) => k.slug === slug));
    if (missing.length) {
      fields["appliesTo.categories"] = adminCode("unknownCategories", {
        slugs: missing.join(", "),
      });
    }
  }
  if (Object.keys(fields).length > 0) throw new AppError("VALIDATION_FAILED", { fields });
  return { skus, categories };
}

/**
 * Creates a discount code (stored upper-case). A code that exists in any letter case → 409
 * ALREADY_EXISTS; SKUs or categories it is limited to must exist (400 otherwise).
 */
export async function createCoupon(
  db: Database,
  input: CouponCreateInput,
  context: StaffContext,
): Promise<AdminCoupon> {
  const now = context.now ?? new Date();
  const { skus, categories } = await couponTargets(db, input);
  const stamp = now.toISOString();
  try {
    const inserted = await rows<{ id: number }>(
      db,
      sql`insert into coupons (code, type, value, starts_at, expires_at, usage_limit, per_customer_limit, min_order,
          max_discount, applies_to_skus, applies_to_categories, stackable, active, created_at, updated_at)
        values (${input.code}, ${input.type}, ${input.type === "free_shipping" ? 0 : input.value},
          ${iso(input.startsAt)}, ${iso(input.expiresAt)}, ${input.usageLimit ?? null}, ${input.perCustomerLimit ?? null},
          ${input.minOrder ?? null}, ${input.maxDiscount ?? null},
          ${`{${skus.map((s) => JSON.stringify(s)).join(",")}}`}::text[],
          ${`{${categories.map((c) => JSON.stringify(c)).join(",")}}`}::text[],
          ${input.stackable}, ${input.active}, ${stamp}, ${stamp})
        on conflict (code) do nothing returning id`,
    );
    const id = inserted[0]?.id;
    if (id === undefined) {
      throw codeTaken(input.code);
    }
    const created = await getCoupon(db, id, now);
    if (!created) throw new Error("created coupon not found");
    return created;
  } catch (error) {
    if (uniqueViolation(error) !== null) {
      throw codeTaken(input.code);
    }
    throw error;
  }
}

/**
 * Replaces a code's terms (same body as creating one). What it has been used for stays: the uses so far,
 * the redemptions and the discount given; `active` is left as it is (setCouponActive switches it). A
 * usage limit below the uses so far is 400 on `usageLimit`, checked in the same conditional update that
 * a checkout claiming the code would wait for, so the two cannot cross. 404 when unknown, 409 when the
 * new code belongs to another coupon.
 */
export async function updateCoupon(
  db: Database,
  id: number,
  input: CouponCreateInput,
  context: StaffContext,
): Promise<AdminCoupon> {
  const now = context.now ?? new Date();
  const limit = input.usageLimit ?? null;
  try {
    return await db.transaction(async (tx) => {
      const { skus, categories } = await couponTargets(tx, input);
      const updated = await rows<{ id: number }>(
        tx,
        sql`update coupons set code = ${input.code}, type = ${input.type},
            value = ${input.type === "free_shipping" ? 0 : input.value}, starts_at = ${iso(input.startsAt)},
            expires_at = ${iso(input.expiresAt)}, usage_limit = ${limit},
            per_customer_limit = ${input.perCustomerLimit ?? null}, min_order = ${input.minOrder ?? null},
            max_discount = ${input.maxDiscount ?? null},
            applies_to_skus = ${`{${skus.map((s) => JSON.stringify(s)).join(",")}}`}::text[],
            applies_to_categories = ${`{${categories.map((c) => JSON.stringify(c)).join(",")}}`}::text[],
            stackable = ${input.stackable}, updated_at = ${now.toISOString()}
          where id = ${id} and (${limit}::int is null or used_count <= ${limit}::int) returning id`,
      );
      if (updated.length === 0) {
        const [current] = await rows<{ used_count: number }>(
          tx,
          sql`select used_count from coupons where id = ${id}`,
        );
        if (!current) throw new AppError("NOT_FOUND", { coupon: id });
        throw new AppError("VALIDATION_FAILED", {
          fields: { usageLimit: pricingCode("usageBelowUsed", { used: current.used_count }) },
        });
      }
      const coupon = await getCoupon(tx, id, now);
      if (!coupon) throw new Error("updated coupon not found");
      return coupon;
    });
  } catch (error) {
    if (uniqueViolation(error) !== null) throw codeTaken(input.code);
    throw error;
  }
}

/** Switches a code on or off (a code is never deleted: orders keep its redemptions). 404 when unknown. */
export async function setCouponActive(
  db: Database,
  id: number,
  active: boolean,
  now = new Date(),
): Promise<AdminCoupon> {
  const updated = await rows<{ id: number }>(
    db,
    sql`update coupons set active = ${active}, updated_at = ${now.toISOString()} where id = ${id} returning id`,
  );
  if (updated.length === 0) throw new AppError("NOT_FOUND", { coupon: id });
  const coupon = await getCoupon(db, id, now);
  if (!coupon) throw new AppError("NOT_FOUND", { coupon: id });
  return coupon;
}
