import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { setMethodActiveAction } from "@/app/actions/admin-pricing";
import { AdminPage } from "@/components/admin/AdminPage";
import { DeleteZoneForm, MethodForm, ZoneForm } from "@/components/admin/PricingForms";
import { Form } from "@/components/forms/Form";
import { SubmitButton } from "@/components/forms/SubmitButton";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { constraintsOf } from "@/lib/forms/parse";
import { methodForm, zoneForm } from "@/lib/forms/pricing";
import { pick } from "@/lib/i18n/locale";
import { currentLocale } from "@/lib/i18n/server";
import { pricingIdSchema } from "@/lib/pricing/edit-schemas";
import { getZone } from "@/lib/shipping/staff";

const methodConstraints = constraintsOf(methodForm);

type Params = Promise<{ id: string }>;

async function zoneOf(raw: string) {
  const parsed = pricingIdSchema.safeParse(raw);
  return parsed.success ? getZone(getDb(), parsed.data) : null;
}

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const t = await getTranslations("adminPricing.zones");
  const zone = await zoneOf((await params).id);
  return { title: t("title", { code: zone?.code ?? "" }), robots: { index: false, follow: false } };
}

/** One zone: its coverage, each method with its rate table (edit, switch off), a new method, deletion. */
export default async function AdminZonePage({ params }: { params: Params }) {
  const raw = (await params).id;
  await requireStaff(`/admin/shipping/${encodeURIComponent(raw)}`);
  const zone = await zoneOf(raw);
  if (!zone) notFound();
  const [t, methods, shipping, locale] = await Promise.all([
    getTranslations("adminPricing.zones"),
    getTranslations("adminPricing.methods"),
    getTranslations("adminPricing.shipping"),
    currentLocale(),
  ]);
  const currency = env().STORE_CURRENCY;
  const section = "rounded-lg border border-stone-200 bg-white p-4";
  return (
    <AdminPage
      title={t("title", { code: pick(locale, zone.nameTr, zone.nameEn) })}
      back={{ href: "/admin/shipping", label: shipping("title") }}
    >
      <section className={section}>
        <h2 className="mb-3 font-semibold">{t("coverage")}</h2>
        <ZoneForm zone={zone} constraints={constraintsOf(zoneForm)} />
      </section>
      {zone.methods.map((method) => (
        <section key={method.id} className={section} data-testid={`method-${method.code}`}>
          <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
            <h2 className="font-semibold">
              {pick(locale, method.nameTr, method.nameEn)}
              {!method.active && (
                <span className="ml-2 rounded-full bg-stone-200 px-2 py-0.5 text-xs text-stone-700">
                  {methods("inactive")}
                </span>
              )}
            </h2>
            <Form
              action={setMethodActiveAction}
              hidden={{ id: method.id, zoneId: zone.id, active: method.active ? "false" : "true" }}
            >
              <SubmitButton look="secondary">
                {method.active ? methods("deactivate") : methods("activate")}
              </SubmitButton>
            </Form>
          </div>
          <MethodForm zoneId={zone.id} method={method} currency={currency} constraints={methodConstraints} />
        </section>
      ))}
      <details className={section} open={zone.methods.length === 0}>
        <summary className="cursor-pointer font-semibold">{methods("new")}</summary>
        <div className="mt-3">
          <MethodForm zoneId={zone.id} currency={currency} constraints={methodConstraints} />
        </div>
      </details>
      <details className="rounded-lg border border-red-200 bg-white p-4">
        <summary className="cursor-pointer font-semibold text-red-800">{t("delete")}</summary>
        <p className="mt-2 mb-3 text-sm text-stone-600">{t("deleteHint")}</p>
        <DeleteZoneForm zone={zone} />
      </details>
    </AdminPage>
  );
}
