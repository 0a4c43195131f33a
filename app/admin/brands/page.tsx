import { getTranslations } from "next-intl/server";
import { AdminPage, NewItem } from "@/components/admin/AdminPage";
import { BrandForm } from "@/components/admin/catalog/BrandForm";
import { EmptyState } from "@/components/admin/DataTable";
import { requireStaff } from "@/lib/auth/guards";
import { listBrands } from "@/lib/catalog/brands";
import { getDb } from "@/lib/db";
import { brandForm } from "@/lib/forms/catalog";
import { constraintsOf } from "@/lib/forms/parse";
import { staffPageMetadata } from "@/lib/i18n/metadata";

const constraints = constraintsOf(brandForm);

export const generateMetadata = staffPageMetadata("adminCatalog.brands");

/** Brands by name, each editable in place (deleted only while no product carries it). */
export default async function AdminBrandsPage() {
  await requireStaff("/admin/brands");
  const [t, brands] = await Promise.all([getTranslations("adminCatalog.brands"), listBrands(getDb())]);
  return (
    <AdminPage title={t("title")}>
      <NewItem label={t("new")} open={brands.length === 0}>
        <BrandForm constraints={constraints} />
      </NewItem>
      {brands.length === 0 ? (
        <EmptyState>{t("empty")}</EmptyState>
      ) : (
        <ul className="flex flex-col gap-2" data-testid="brand-list">
          {brands.map((brand) => (
            <li key={brand.id} className="rounded-lg border border-stone-200 bg-white p-3">
              <p className="mb-2 text-sm text-stone-500">{t("products", { count: brand.productCount })}</p>
              <BrandForm brand={brand} constraints={constraints} />
            </li>
          ))}
        </ul>
      )}
    </AdminPage>
  );
}
