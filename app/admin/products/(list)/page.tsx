import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SearchField, SelectField } from "@/components/admin/ListFilters";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { requireStaff } from "@/lib/auth/guards";
import { productListQuerySchema } from "@/lib/catalog/edit-schemas";
import { catalogOptions } from "@/lib/catalog/options";
import { type AdminProduct, listAdminProducts } from "@/lib/catalog/products";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { formatMoney } from "@/lib/money";

export const generateMetadata = staffPageMetadata("adminCatalog.products");

/** Every product, active or hidden: search by name, slug or SKU, filter, sort, open one to edit it. */
export default async function AdminProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/products");
  const query = lenientQuery(productListQuerySchema, await searchParams, [
    "q",
    "category",
    "brand",
    "active",
    "sort",
    "page",
  ]);
  const db = getDb();
  const locale = await currentLocale();
  const [t, common, result, { categories, brands }] = await Promise.all([
    getTranslations("adminCatalog.products"),
    getTranslations("admin.common"),
    listAdminProducts(db, query),
    catalogOptions(db, locale),
  ]);
  const currency = env().STORE_CURRENCY;
  const date = dateTimeFormat(locale);
  const name = (product: AdminProduct) => product.name[locale];
  const columns: Column<AdminProduct>[] = [
    {
      key: "name",
      header: t("columns.name"),
      sortable: true,
      cell: (product) => (
        <>
          <Link
            href={`/admin/products/${product.id}`}
            className="font-medium underline"
            aria-label={t("edit", { name: name(product) })}
          >
            {name(product)}
          </Link>
          <div className="font-mono text-xs text-stone-500">{product.slug}</div>
        </>
      ),
    },
    {
      key: "category",
      header: t("columns.category"),
      secondary: true,
      cell: (product) =>
        categories.find((c) => c.value === product.category.slug)?.name ?? product.category.name,
    },
    {
      key: "brand",
      header: t("columns.brand"),
      secondary: true,
      cell: (product) => product.brand?.name ?? common("none"),
    },
    {
      key: "variants",
      header: t("columns.variants"),
      cell: (product) => (
        <span className="whitespace-nowrap text-stone-600">
          {t("variantCount", { count: product.variants.length })}
          <span className="block font-mono text-xs">{product.variants[0]?.sku}</span>
        </span>
      ),
    },
    {
      key: "price",
      header: t("columns.price"),
      sortable: true,
      align: "right",
      cell: (product) => {
        const prices = product.variants.map((v) => v.price);
        return prices.length ? formatMoney(Math.min(...prices), currency, locale) : common("none");
      },
    },
    {
      key: "status",
      header: t("columns.status"),
      cell: (product) => (
        <span className="flex flex-wrap gap-1">
          <StatusBadge
            status={product.active ? "active" : "inactive"}
            label={t(product.active ? "active" : "inactive")}
          />
          {product.featured && <StatusBadge status="featured" label={t("featured")} />}
        </span>
      ),
    },
    {
      key: "updatedAt",
      header: t("columns.updatedAt"),
      sortable: true,
      secondary: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (product) => date.format(new Date(product.updatedAt)),
    },
  ];
  const statusOptions = [
    { value: "true", label: t("activeOnly") },
    { value: "false", label: t("inactiveOnly") },
  ];
  const listing = { base: "/admin/products", query, page: result };
  const newProduct = (
    <Link
      href="/admin/products/new"
      className="min-h-10 rounded-md bg-stone-900 px-4 py-2 text-sm font-medium text-white"
    >
      {t("new")}
    </Link>
  );
  return (
    <AdminPage title={t("title")} actions={newProduct}>
      <ListFilters label={t("searchLabel")} sort={query.sort}>
        <SearchField value={query.q} placeholder={t("searchPlaceholder")} />
        <SelectField name="category" label={t("category")} value={query.category} options={categories} />
        <SelectField name="brand" label={t("brand")} value={query.brand} options={brands} />
        <SelectField name="active" label={t("status")} value={query.active} options={statusOptions} />
      </ListFilters>
      <DataTable columns={columns} rowKey="id" empty={t("empty")} testId="products" listing={listing} />
    </AdminPage>
  );
}
