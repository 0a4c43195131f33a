import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AdminPage } from "@/components/admin/AdminPage";
import { type Column, DataTable } from "@/components/admin/DataTable";
import { dateTimeFormat, lenientQuery, type SearchParams } from "@/components/admin/format";
import { ListFilters, SelectField } from "@/components/admin/ListFilters";
import { ReviewModeration } from "@/components/admin/ReviewModeration";
import { StatusBadge } from "@/components/admin/StatusBadge";
import { ReviewPhotos } from "@/components/reviews/ReviewPhotos";
import { REVIEW_STATUSES } from "@/db/schema";
import { requireStaff } from "@/lib/auth/guards";
import { getDb } from "@/lib/db";
import { staffPageMetadata } from "@/lib/i18n/metadata";
import { currentLocale } from "@/lib/i18n/server";
import { adminReviewListQuerySchema } from "@/lib/reviews/schemas";
import { type AdminReview, listReviews } from "@/lib/reviews/service";

export const generateMetadata = staffPageMetadata("reviews.admin");

/** Reviews to moderate, the waiting ones first by default: approve, reject, reply as the store. */
export default async function AdminReviewsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaff("/admin/reviews");
  const query = lenientQuery(adminReviewListQuerySchema, await searchParams, ["status", "sort", "page"]);
  const [t, locale, result] = await Promise.all([
    getTranslations("reviews.admin"),
    currentLocale(),
    listReviews(getDb(), query),
  ]);
  const date = dateTimeFormat(locale);
  const columns: Column<AdminReview>[] = [
    {
      key: "createdAt",
      header: t("createdAt"),
      sortable: true,
      className: "whitespace-nowrap text-stone-600",
      cell: (item) => date.format(new Date(item.createdAt)),
    },
    {
      key: "product",
      header: t("product"),
      cell: (item) => (
        <Link href={`/products/${item.product.slug}`} className="underline hover:no-underline">
          {item.product.name}
        </Link>
      ),
    },
    {
      key: "review",
      header: t("review"),
      cell: (item) => (
        <div className="max-w-md">
          <p>
            <span className="text-amber-500">{"★".repeat(item.rating)}</span>{" "}
            <span className="font-semibold">{item.title}</span>
          </p>
          <p className="text-sm whitespace-pre-line text-stone-700">{item.body}</p>
          <ReviewPhotos photos={item.photos} author={item.author} />
          <p className="text-xs break-all text-stone-500">
            {item.author} · {item.email}
          </p>
        </div>
      ),
    },
    {
      key: "status",
      header: t("status"),
      cell: (item) => <StatusBadge status={item.status} label={t(`statuses.${item.status}`)} />,
    },
    {
      key: "moderate",
      header: t("reply"),
      cell: (item) => <ReviewModeration id={item.id} reply={item.reply} />,
    },
  ];
  const statusOptions = REVIEW_STATUSES.map((status) => ({ value: status, label: t(`statuses.${status}`) }));
  return (
    <AdminPage title={t("title")} intro={t("intro")}>
      <ListFilters label={t("title")} sort={query.sort}>
        <SelectField name="status" label={t("status")} value={query.status} options={statusOptions} />
      </ListFilters>
      <DataTable
        columns={columns}
        rowKey="id"
        empty={t("empty")}
        testId="reviews"
        listing={{ base: "/admin/reviews", query, page: result }}
      />
    </AdminPage>
  );
}
