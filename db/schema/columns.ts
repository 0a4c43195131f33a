import { type AnyPgColumn, bigint, integer, text, timestamp } from "drizzle-orm/pg-core";

/* Columns many tables declare alike, each call a column of its own. */

/** Rows staff name and edit (products, zones, coupons): an integer identity. */
export const intId = () => integer().primaryKey().generatedAlwaysAsIdentity();

/** Rows that are many and never named (lines, events, ledgers): a bigint identity. */
export const bigId = () => bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity();

const cascade = { onDelete: "cascade" } as const;

/** The row (with an integer id) this one belongs to: required, and deleted with it. */
export const belongsTo = (parent: () => AnyPgColumn) => integer().notNull().references(parent, cascade);

/** The row (with a text id) this one belongs to: required, and deleted with it. */
export const belongsToText = (parent: () => AnyPgColumn) => text().notNull().references(parent, cascade);

/** A time with its zone, the insert's time unless the code gives one. */
export const nowTimestamp = () => timestamp({ withTimezone: true }).notNull().defaultNow();

/** When the row was made and last changed. */
export const timestamps = () => ({ createdAt: nowTimestamp(), updatedAt: nowTimestamp() });

/** A name in the store's two languages (name_tr, name_en), both required. */
export const names = () => ({ nameTr: text().notNull(), nameEn: text().notNull() });
