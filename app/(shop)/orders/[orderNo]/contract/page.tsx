import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { MessagePage } from "@/components/layout/NotFoundMessage";
import { getDb } from "@/lib/db";
import { dateFormat } from "@/lib/i18n/dates";
import { currentLocale } from "@/lib/i18n/server";
import { orderContract } from "@/lib/legal/contracts";
import { canViewOrder } from "@/lib/orders/access";
import { findOrder } from "@/lib/orders/service";

type Props = { params: Promise<{ orderNo: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations("legal.order");
  return { title: t("title", { orderNo: (await params).orderNo }), robots: { index: false } };
}

/**
 * The pre-information form and the distance sales contract an order's buyer accepted, exactly as stored
 * at checkout. Who may see it is who may see the order (its owner, the browser that placed it, staff).
 */
export default async function OrderContractPage({ params }: Props) {
  const { orderNo } = await params;
  const [t, to, locale] = await Promise.all([
    getTranslations("legal.order"),
    getTranslations("orders"),
    currentLocale(),
  ]);
  const order = await findOrder(getDb(), orderNo.slice(0, 40));
  if (!order) notFound();
  const back = { href: `/orders/${encodeURIComponent(order.orderNo)}`, label: t("back") };
  if (!(await canViewOrder(order))) {
    return (
      <MessagePage title={to("title", { orderNo: order.orderNo })} text={to("forbidden")} action={back} />
    );
  }
  const contract = await orderContract(getDb(), order.orderNo);
  if (!contract)
    return <MessagePage title={t("title", { orderNo: order.orderNo })} text={t("missing")} action={back} />;
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold">{t("title", { orderNo: order.orderNo })}</h1>
        <p className="text-sm text-stone-600" data-testid="contract-accepted">
          {t("accepted", {
            time: dateFormat(locale, { dateStyle: "long", timeStyle: "short" }).format(contract.acceptedAt),
            pre: contract.version.preInformation,
            contract: contract.version.contract,
          })}
        </p>
        <Link href={back.href} className="text-sm text-brand-700 underline">
          {back.label}
        </Link>
      </div>
      {[contract.preInformation, contract.contract].map((html, index) => (
        <article
          key={index === 0 ? "pre" : "contract"}
          className="rounded-lg border border-stone-200 bg-white p-5 text-sm"
          data-testid={index === 0 ? "accepted-pre-information" : "accepted-contract"}
          // biome-ignore lint/security/noDangerouslySetInnerHtml: stored as rendered (and escaped) by lib/legal/render.ts
          dangerouslySetInnerHTML={{ __html: html }}
        />
      ))}
    </div>
  );
}
