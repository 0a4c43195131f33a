"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireStaffActor } from "@/lib/auth/guards";
import { createBrand, deleteBrand, updateBrand } from "@/lib/catalog/brands";
import { revalidateCatalog } from "@/lib/catalog/cache";
import { createCategory, deleteCategory, updateCategory } from "@/lib/catalog/categories";
import {
  brandInputSchema,
  catalogText,
  categoryInputSchema,
  imageAltSchema,
  productCreateSchema,
  productPatchSchema,
  variantCreateSchema,
  variantPatchSchema,
} from "@/lib/catalog/edit-schemas";
import {
  addProductImage,
  deleteImage,
  MAX_IMAGE_BYTES,
  moveImage,
  updateImageAlt,
} from "@/lib/catalog/images";
import { addVariant, createProduct, updateProduct } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { idSchema } from "@/lib/fields";
import type { Locale } from "@/lib/i18n/locale";
import { currentLocale } from "@/lib/i18n/server";
import { textOf } from "@/lib/i18n/translate";
import { log } from "@/lib/log";
import type { StaffContext } from "@/lib/staff-context";
import { getStorage } from "@/lib/storage";
import { check } from "@/lib/validation";
import { type AdminFormState, failure, integerOf, invalid, minorOf, text } from "./admin-form";

/**
 * Server actions of the catalogue pages (/admin/products, /admin/categories, /admin/brands): staff only
 * (requireStaffActor), validated with the admin API's schemas, then the lib/catalog services. Every change
 * refreshes the storefront's cached catalogue (revalidateCatalog).
 */

function catalog(locale: Locale) {
  return textOf(locale, "adminCatalog");
}

const productPath = (id: number | string) => `/admin/products/${id}`;

/** The form's field for a schema or service path: `variants.0.price` → price, `name.tr` → nameTr. */
function formField(path: string): string {
  const stripped = path.replace(/^variants\.\d+\./, "");
  if (stripped.startsWith("attributes")) return "attributes";
  const [head = "", tail] = stripped.split(".");
  return tail ? `${head}${tail.charAt(0).toUpperCase()}${tail.slice(1)}` : head;
}

function formFields(fields: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!fields) return undefined;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) out[formField(path)] ??= message;
  return out;
}

/** Refused input: each message at its box, and "required" for a box that was left empty. */
function refusedInput(
  locale: Locale,
  paths: Record<string, string>,
  values: Record<string, string>,
): AdminFormState {
  const fields = formFields(paths) ?? {};
  for (const name of Object.keys(fields)) {
    if (values[name] === "") fields[name] = catalogText(locale, "required");
  }
  return invalid(locale, fields, values);
}

async function refused(error: unknown, context: string, values?: Record<string, string>) {
  const state = await failure(error, context, values);
  return { ...state, fields: formFields(state.fields) };
}

/** The boxes' values, trimmed, for a refill after a refused submit. */
const valuesOf = (formData: FormData, names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, text(formData, name)]));

const checked = (formData: FormData, name: string) => formData.get(name) === "on";

/** "color: black" lines → { color: "black" }; null when a line is not `name: value`. */
function attributesOf(raw: string): Record<string, string> | null {
  const attributes: Record<string, string> = {};
  for (const line of raw.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const separator = line.indexOf(":");
    if (separator < 1) return null;
    attributes[line.slice(0, separator).trim()] = line.slice(separator + 1).trim();
  }
  return attributes;
}

/** Numbers typed in the form, with a message at each box that holds no number. */
function numbers(locale: Locale, values: Record<string, string>) {
  const fields: Record<string, string> = {};
  const t = catalog(locale);
  const price = (name: string) => {
    const amount = minorOf(values[name] ?? "");
    if (amount === null) fields[name] = t("validation.invalidAmount");
    return amount ?? undefined;
  };
  const integer = (name: string) => {
    const value = integerOf(values[name] ?? "");
    if (Number.isNaN(value)) fields[name] = t("validation.invalidNumber");
    return value;
  };
  const attributes = (name: string) => {
    const parsed = attributesOf(values[name] ?? "");
    if (parsed === null) fields[name] = t("validation.attributes");
    return parsed ?? undefined;
  };
  return { fields, price, integer, attributes };
}

const PRODUCT_FIELDS = [
  "nameTr",
  "nameEn",
  "descriptionTr",
  "descriptionEn",
  "slug",
  "categorySlug",
  "brand",
  "taxClass",
] as const;

function productFields(values: Record<string, string>, formData: FormData) {
  return {
    name: { tr: values.nameTr, en: values.nameEn },
    description: { tr: values.descriptionTr, en: values.descriptionEn },
    slug: values.slug,
    categorySlug: values.categorySlug,
    brand: values.brand || null,
    taxClass: values.taxClass,
    featured: checked(formData, "featured"),
  };
}

/**
 * The frame of the product page's forms: the staff guard for that page, the product the form names (a
 * malformed id is an invalid form), and after a successful change the storefront and the page refreshed.
 */
async function onProduct(
  formData: FormData,
  field: "id" | "productId",
  change: (productId: number, context: StaffContext) => Promise<AdminFormState>,
): Promise<AdminFormState> {
  const id = idSchema.safeParse(text(formData, field));
  const actor = await requireStaffActor(productPath(id.data ?? ""));
  const locale = await currentLocale();
  if (!id.success) return invalid(locale, {});
  const state = await change(id.data, { actor: actor.name, locale });
  if (state.ok) {
    revalidateCatalog();
    revalidatePath(productPath(id.data));
  }
  return state;
}

export async function createProductAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/products/new");
  const locale = await currentLocale();
  const values = valuesOf(formData, [...PRODUCT_FIELDS, "sku", "price", "weightGrams", "stock"]);
  values.featured = checked(formData, "featured") ? "on" : "";
  values.active = checked(formData, "active") ? "on" : "";
  const typed = numbers(locale, values);
  const input = {
    ...productFields(values, formData),
    active: checked(formData, "active"),
    variants: [
      {
        sku: values.sku,
        price: typed.price("price"),
        weightGrams: typed.integer("weightGrams"),
        stock: typed.integer("stock"),
      },
    ],
  };
  const parsed = check(productCreateSchema, input, locale);
  if (!parsed.ok || Object.keys(typed.fields).length > 0) {
    return refusedInput(locale, { ...(parsed.ok ? {} : parsed.fields), ...typed.fields }, values);
  }
  let id: number;
  try {
    id = (await createProduct(getDb(), parsed.data, { actor: actor.name, locale })).id;
  } catch (error) {
    return refused(error, "Creating a product", values);
  }
  revalidateCatalog();
  revalidatePath("/admin/products");
  redirect(productPath(id));
}

export async function updateProductAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  return onProduct(formData, "id", async (productId, context) => {
    const { locale } = context;
    const values = valuesOf(formData, PRODUCT_FIELDS);
    values.featured = checked(formData, "featured") ? "on" : "";
    const parsed = check(productPatchSchema, productFields(values, formData), locale);
    if (!parsed.ok) return refusedInput(locale, parsed.fields, values);
    try {
      await updateProduct(getDb(), productId, parsed.data, context);
    } catch (error) {
      return refused(error, "Saving a product", values);
    }
    return { ok: catalog(locale)("form.saved") };
  });
}

/** Putting a product on sale is immediate; hiding it takes the confirmation box. */
export async function setProductActiveAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  return onProduct(formData, "id", async (productId, context) => {
    const { locale } = context;
    const t = catalog(locale);
    const active = text(formData, "active") === "true";
    if (!active && !checked(formData, "confirm")) {
      return invalid(locale, { confirm: t("validation.confirmDeactivate") });
    }
    try {
      await updateProduct(getDb(), productId, { active }, context);
    } catch (error) {
      return refused(error, "Switching a product");
    }
    return { ok: t(active ? "activation.activated" : "activation.deactivated") };
  });
}

const VARIANT_FIELDS = [
  "nameTr",
  "nameEn",
  "attributes",
  "price",
  "weightGrams",
  "lengthCm",
  "widthCm",
  "heightCm",
] as const;

function variantInput(formData: FormData, locale: Locale) {
  const values = valuesOf(formData, ["sku", ...VARIANT_FIELDS]);
  values.active = checked(formData, "active") ? "on" : "";
  const typed = numbers(locale, values);
  const input = {
    sku: values.sku,
    name: values.nameTr || values.nameEn ? { tr: values.nameTr, en: values.nameEn } : undefined,
    attributes: typed.attributes("attributes"),
    price: typed.price("price"),
    weightGrams: typed.integer("weightGrams"),
    lengthCm: typed.integer("lengthCm"),
    widthCm: typed.integer("widthCm"),
    heightCm: typed.integer("heightCm"),
    active: checked(formData, "active"),
  };
  return { values, input, fields: typed.fields };
}

export async function updateVariantAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  return onProduct(formData, "productId", async (productId, context) => {
    const { locale } = context;
    const { values, input, fields } = variantInput(formData, locale);
    const parsed = check(variantPatchSchema, input, locale);
    if (!parsed.ok || Object.keys(fields).length > 0) {
      return refusedInput(locale, { ...(parsed.ok ? {} : parsed.fields), ...fields }, values);
    }
    try {
      await updateProduct(getDb(), productId, { variants: [parsed.data] }, context);
    } catch (error) {
      return refused(error, "Saving a variant", values);
    }
    return { ok: catalog(locale)("variants.saved", { sku: parsed.data.sku }) };
  });
}

export async function addVariantAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return onProduct(formData, "productId", async (productId, context) => {
    const { locale } = context;
    const { values, input, fields } = variantInput(formData, locale);
    const parsed = check(variantCreateSchema, input, locale);
    if (!parsed.ok || Object.keys(fields).length > 0) {
      return refusedInput(locale, { ...(parsed.ok ? {} : parsed.fields), ...fields }, values);
    }
    try {
      await addVariant(getDb(), productId, parsed.data, context);
    } catch (error) {
      return refused(error, "Adding a variant", values);
    }
    return { ok: catalog(locale)("variants.added", { sku: parsed.data.sku }) };
  });
}

export async function uploadImageAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  return onProduct(formData, "productId", async (productId, context) => {
    const { locale } = context;
    const values = valuesOf(formData, ["altTr", "altEn"]);
    const alt = check(imageAltSchema, { tr: values.altTr, en: values.altEn }, locale);
    if (!alt.ok) return refusedInput(locale, alt.fields, values);
    const file = formData.get("file");
    // Too big is refused before the bytes are read; the service checks size and type again on the bytes.
    if (file instanceof File && file.size > MAX_IMAGE_BYTES) {
      return invalid(
        locale,
        { file: catalogText(locale, "tooBig", { mb: MAX_IMAGE_BYTES / 1024 / 1024 }) },
        values,
      );
    }
    const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    try {
      await addProductImage(getDb(), getStorage(), productId, { bytes, alt: alt.data }, context);
    } catch (error) {
      return refused(error, "Uploading an image", values);
    }
    return { ok: catalog(locale)("images.uploaded") };
  });
}

export async function updateImageAltAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  const id = idSchema.safeParse(text(formData, "imageId"));
  await requireStaffActor("/admin/products");
  const locale = await currentLocale();
  if (!id.success) return invalid(locale, {});
  const values = valuesOf(formData, ["altTr", "altEn"]);
  const alt = check(imageAltSchema, { tr: values.altTr, en: values.altEn }, locale);
  if (!alt.ok) return refusedInput(locale, alt.fields, values);
  let productId: number;
  try {
    productId = (await updateImageAlt(getDb(), id.data, alt.data)).productId;
  } catch (error) {
    return refused(error, "Saving an alt text", values);
  }
  revalidateCatalog();
  revalidatePath(productPath(productId));
  return { ok: catalog(locale)("images.altSaved") };
}

export async function moveImageAction(formData: FormData): Promise<void> {
  await requireStaffActor("/admin/products");
  const id = idSchema.safeParse(text(formData, "imageId"));
  if (!id.success) return;
  try {
    const [image] = await moveImage(getDb(), id.data, text(formData, "direction") === "up" ? "up" : "down");
    if (image) revalidatePath(productPath(image.productId));
  } catch (error) {
    if (!isAppError(error)) log.error({ err: error }, "Moving an image failed");
  }
  revalidateCatalog();
}

export async function deleteImageAction(formData: FormData): Promise<void> {
  await requireStaffActor("/admin/products");
  const id = idSchema.safeParse(text(formData, "imageId"));
  if (!id.success) return;
  try {
    const { productId } = await deleteImage(getDb(), getStorage(), id.data);
    revalidatePath(productPath(productId));
  } catch (error) {
    if (!isAppError(error)) log.error({ err: error }, "Deleting an image failed");
  }
  revalidateCatalog();
}

const CATEGORY_FIELDS = ["slug", "nameTr", "nameEn", "parentId", "position"] as const;

function categoryInput(formData: FormData) {
  const values = valuesOf(formData, CATEGORY_FIELDS);
  const input = {
    slug: values.slug,
    name: { tr: values.nameTr, en: values.nameEn },
    parentId: values.parentId ? integerOf(values.parentId) : null,
    position: integerOf(values.position ?? ""),
  };
  return { values, input };
}

export async function saveCategoryAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/categories");
  const locale = await currentLocale();
  const { values, input } = categoryInput(formData);
  const parsed = check(categoryInputSchema, input, locale);
  if (!parsed.ok) return refusedInput(locale, parsed.fields, values);
  const rawId = text(formData, "id");
  const id = idSchema.safeParse(rawId);
  if (rawId !== "" && !id.success) return invalid(locale, {}, values);
  const context = { actor: actor.name, locale };
  let name: string;
  try {
    const saved = id.success
      ? await updateCategory(getDb(), id.data, parsed.data, context)
      : await createCategory(getDb(), parsed.data, context);
    name = saved.name[locale];
  } catch (error) {
    return refused(error, "Saving a category", values);
  }
  revalidateCatalog();
  revalidatePath("/admin/categories");
  return { ok: catalog(locale)(id.success ? "categories.saved" : "categories.created", { name }) };
}

/** A refusal to delete (still in use) as its reason in words. */
function inUse(error: unknown, locale: Locale, key: (reason: string) => string): AdminFormState | null {
  if (!isAppError(error) || error.code !== "IN_USE") return null;
  const count = Number(error.details.count);
  return { error: catalog(locale)(`inUse.${key(String(error.details.reason))}`, { count }) };
}

export async function deleteCategoryAction(
  _state: AdminFormState,
  formData: FormData,
): Promise<AdminFormState> {
  await requireStaffActor("/admin/categories");
  const locale = await currentLocale();
  const id = idSchema.safeParse(text(formData, "id"));
  if (!id.success) return invalid(locale, {});
  try {
    await deleteCategory(getDb(), id.data);
  } catch (error) {
    return (
      inUse(error, locale, (reason) => (reason === "children" ? "categoryChildren" : "categoryProducts")) ??
      refused(error, "Deleting a category")
    );
  }
  revalidateCatalog();
  revalidatePath("/admin/categories");
  return { ok: catalog(locale)("categories.deleted") };
}

export async function saveBrandAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const actor = await requireStaffActor("/admin/brands");
  const locale = await currentLocale();
  const values = valuesOf(formData, ["slug", "name"]);
  const parsed = check(brandInputSchema, values, locale);
  if (!parsed.ok) return refusedInput(locale, parsed.fields, values);
  const rawId = text(formData, "id");
  const id = idSchema.safeParse(rawId);
  if (rawId !== "" && !id.success) return invalid(locale, {}, values);
  const context = { actor: actor.name, locale };
  let name: string;
  try {
    const saved = id.success
      ? await updateBrand(getDb(), id.data, parsed.data, context)
      : await createBrand(getDb(), parsed.data, context);
    name = saved.name;
  } catch (error) {
    return refused(error, "Saving a brand", values);
  }
  revalidateCatalog();
  revalidatePath("/admin/brands");
  return { ok: catalog(locale)(id.success ? "brands.saved" : "brands.created", { name }) };
}

export async function deleteBrandAction(_state: AdminFormState, formData: FormData): Promise<AdminFormState> {
  await requireStaffActor("/admin/brands");
  const locale = await currentLocale();
  const id = idSchema.safeParse(text(formData, "id"));
  if (!id.success) return invalid(locale, {});
  try {
    await deleteBrand(getDb(), id.data);
  } catch (error) {
    return inUse(error, locale, () => "brandProducts") ?? refused(error, "Deleting a brand");
  }
  revalidateCatalog();
  revalidatePath("/admin/brands");
  return { ok: catalog(locale)("brands.deleted") };
}
