import { getTranslations } from "next-intl/server";
import { BrandForm } from "@/components/admin/catalog/BrandForm";
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
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <details className="rounded-lg border border-stone-200 bg-white p-4" open={brands.length === 0}>
        <summary className="cursor-pointer font-semibold">{t("new")}</summary>
        <div className="mt-3">
          <BrandForm constraints={constraints} />
        </div>
      </details>
      {brands.length === 0 ? (
        <p className="rounded-lg border border-stone-200 bg-white p-5 text-stone-600">{t("empty")}</p>
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
    </div>
  );
}
