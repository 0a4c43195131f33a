"use server";

import { refusedAt, staffAction } from "@/lib/actions/action";
import { createBrand, deleteBrand, updateBrand } from "@/lib/catalog/brands";
import { createCategory, deleteCategory, updateCategory } from "@/lib/catalog/categories";
import { addProductImage, deleteImage, moveImage, updateImageAlt } from "@/lib/catalog/images";
import { addVariant, createProduct, updateProduct } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import {
  activationForm,
  brandForm,
  catalogField,
  categoryForm,
  deleteForm,
  imageAltForm,
  imageMoveForm,
  imageRefForm,
  imageUploadForm,
  productCreateForm,
  productEditForm,
  variantAddForm,
  variantEditForm,
} from "@/lib/forms/catalog";
import { getStorage } from "@/lib/storage";

/**
 * Server actions of the catalogue pages (/admin/products, /admin/categories, /admin/brands): staffActions
 * (lib/actions) reading their forms with lib/forms/catalog.ts, then the lib/catalog services. Every change
 * refreshes the storefront's cached catalogue.
 */

const productPath = (id: number | string) => `/admin/products/${id}`;
const productPage = (name: string) => (formData: FormData) =>
  productPath(String(formData.get(name) ?? "").trim());
const catalog = { fields: catalogField, catalog: true } as const;

export const createProductAction = staffAction(
  { ...catalog, page: "/admin/products/new", schema: productCreateForm, revalidate: ["/admin/products"] },
  async ({ product }, { actor }) => {
    const { id } = await createProduct(getDb(), product, actor);
    return { redirect: productPath(id) };
  },
);

export const updateProductAction = staffAction(
  { ...catalog, page: productPage("id"), schema: productEditForm, revalidate: ({ id }) => [productPath(id)] },
  async ({ id, product }, { actor, text }) => {
    await updateProduct(getDb(), id, product, actor);
    return { message: text("adminCatalog.form.saved") };
  },
);

/** Putting a product on sale is immediate; hiding it takes the confirmation box. */
export const setProductActiveAction = staffAction(
  { ...catalog, page: productPage("id"), schema: activationForm, revalidate: ({ id }) => [productPath(id)] },
  async ({ id, active, confirm }, { actor, text }) => {
    if (active === "false" && !confirm)
      throw refusedAt("confirm", "adminCatalog.validation.confirmDeactivate");
    await updateProduct(getDb(), id, { active: active === "true" }, actor);
    return {
      message: text(
        active === "true" ? "adminCatalog.activation.activated" : "adminCatalog.activation.deactivated",
      ),
    };
  },
);

const onVariant = {
  ...catalog,
  page: productPage("productId"),
  revalidate: ({ productId }: { productId: number }) => [productPath(productId)],
};

export const updateVariantAction = staffAction(
  { ...onVariant, schema: variantEditForm },
  async ({ productId, variant }, { actor, text }) => {
    await updateProduct(getDb(), productId, { variants: [variant] }, actor);
    return { message: text("adminCatalog.variants.saved", { sku: variant.sku }) };
  },
);

export const addVariantAction = staffAction(
  { ...onVariant, schema: variantAddForm },
  async ({ productId, variant }, { actor, text }) => {
    await addVariant(getDb(), productId, variant, actor);
    return { message: text("adminCatalog.variants.added", { sku: variant.sku }) };
  },
);

export const uploadImageAction = staffAction(
  {
    ...catalog,
    page: productPage("productId"),
    schema: imageUploadForm,
    revalidate: ({ productId }) => [productPath(productId)],
  },
  async ({ productId, file, alt }, { text }) => {
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
    await addProductImage(getDb(), getStorage(), productId, { bytes, alt });
    return { message: text("adminCatalog.images.uploaded") };
  },
);

export const updateImageAltAction = staffAction(
  { ...catalog, page: "/admin/products", schema: imageAltForm },
  async ({ imageId, alt }, { text }) => {
    const { productId } = await updateImageAlt(getDb(), imageId, alt);
    return { message: text("adminCatalog.images.altSaved"), revalidate: [productPath(productId)] };
  },
);

export const moveImageAction = staffAction(
  { ...catalog, page: "/admin/products", schema: imageMoveForm },
  async ({ imageId, direction }) => {
    const [image] = await moveImage(getDb(), imageId, direction);
    return { revalidate: image ? [productPath(image.productId)] : [] };
  },
);

export const deleteImageAction = staffAction(
  { ...catalog, page: "/admin/products", schema: imageRefForm },
  async ({ imageId }) => {
    const { productId } = await deleteImage(getDb(), getStorage(), imageId);
    return { revalidate: [productPath(productId)] };
  },
);

export const saveCategoryAction = staffAction(
  { ...catalog, page: "/admin/categories", schema: categoryForm, revalidate: ["/admin/categories"] },
  async ({ id, category }, { locale, text }) => {
    const saved = id ? await updateCategory(getDb(), id, category) : await createCategory(getDb(), category);
    const name = saved.name[locale];
    return {
      message: text(id ? "adminCatalog.categories.saved" : "adminCatalog.categories.created", { name }),
    };
  },
);

/** A refusal to delete (still in use) as its reason in words. */
const inUse =
  (key: (reason: unknown) => string) =>
  ({ code, details }: AppError) =>
    code === "IN_USE" ? `adminCatalog.inUse.${key(details.reason)}` : undefined;

export const deleteCategoryAction = staffAction(
  {
    ...catalog,
    page: "/admin/categories",
    schema: deleteForm,
    revalidate: ["/admin/categories"],
    refusal: inUse((reason) => (reason === "children" ? "categoryChildren" : "categoryProducts")),
  },
  async ({ id }, { text }) => {
    await deleteCategory(getDb(), id);
    return { message: text("adminCatalog.categories.deleted") };
  },
);

export const saveBrandAction = staffAction(
  { ...catalog, page: "/admin/brands", schema: brandForm, revalidate: ["/admin/brands"] },
  async ({ id, brand }, { text }) => {
    const saved = id ? await updateBrand(getDb(), id, brand) : await createBrand(getDb(), brand);
    return {
      message: text(id ? "adminCatalog.brands.saved" : "adminCatalog.brands.created", { name: saved.name }),
    };
  },
);

export const deleteBrandAction = staffAction(
  {
    ...catalog,
    page: "/admin/brands",
    schema: deleteForm,
    revalidate: ["/admin/brands"],
    refusal: inUse(() => "brandProducts"),
  },
  async ({ id }, { text }) => {
    await deleteBrand(getDb(), id);
    return { message: text("adminCatalog.brands.deleted") };
  },
);
