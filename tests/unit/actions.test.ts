import { beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { messages } from "@/messages";

const guard = vi.hoisted(() => ({ role: "staff" as "staff" | "admin" | "customer" | null, locale: "tr" }));
const revalidatePath = vi.hoisted(() => vi.fn());
const revalidateCatalog = vi.hoisted(() => vi.fn());

vi.mock("next/cache", () => ({ revalidatePath }));
vi.mock("@/lib/catalog/cache", () => ({ revalidateCatalog }));
vi.mock("@/lib/i18n/server", () => ({ currentLocale: async () => guard.locale }));
vi.mock("@/lib/auth/guards", () => {
  const refuse = (nextPath: string, need: string) => {
    if (guard.role === null)
      throw Object.assign(new Error("redirect"), {
        digest: `NEXT_REDIRECT;replace;/login?next=${nextPath};307;`,
      });
    if (guard.role === "customer" || (need === "admin" && guard.role !== "admin")) {
      throw Object.assign(new Error("forbidden"), { digest: "NEXT_HTTP_ERROR_FALLBACK;403" });
    }
  };
  return {
    requireStaffActor: async (nextPath: string, need = "staff") => {
      refuse(nextPath, need);
      return { kind: "user", id: "u1", name: "Ayşe", role: guard.role };
    },
    requireUser: async () => ({ id: "u2", email: "a@b.c", name: "A", role: "customer" }),
  };
});

const { accountAction, staffAction } = await import("@/lib/actions/action");

const schema = z.object({ qty: z.number().int().min(1) });
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};
const idle = { status: "idle" } as const;

beforeEach(() => {
  guard.role = "staff";
  guard.locale = "tr";
  revalidatePath.mockClear();
  revalidateCatalog.mockClear();
  vi.restoreAllMocks();
});

describe("staffAction", () => {
  it("refuses a customer and an anonymous visitor without running the body", async () => {
    const body = vi.fn(async () => ({}));
    const action = staffAction({ page: "/admin/x", schema }, body);
    guard.role = "customer";
    await expect(action(idle, form({ qty: "1" }))).rejects.toMatchObject({
      digest: "NEXT_HTTP_ERROR_FALLBACK;403",
    });
    guard.role = null;
    await expect(action(idle, form({ qty: "1" }))).rejects.toMatchObject({
      digest: expect.stringContaining("/login?next=/admin/x"),
    });
    guard.role = "staff";
    await expect(
      staffAction({ page: "/admin/t", role: "admin", schema }, body)(idle, form({ qty: "1" })),
    ).rejects.toBeTruthy();
    expect(body).not.toHaveBeenCalled();
  });

  it("runs the body with typed input and who acts, then revalidates", async () => {
    const action = staffAction(
      { page: "/admin/x", schema, revalidate: (input) => [`/admin/x/${input.qty}`], catalog: true },
      async (input, { actor, text }) => ({
        message: text("admin.inventory.saved", { onHand: input.qty }),
        data: actor.actor,
      }),
    );
    const state = await action(idle, form({ qty: "4" }));
    expect(state).toEqual({ status: "ok", message: expect.stringContaining("4"), data: "Ayşe" });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/x/4");
    expect(revalidateCatalog).toHaveBeenCalledOnce();
  });

  it("answers invalid input with translated field messages and does not run the body", async () => {
    const body = vi.fn(async () => ({}));
    guard.locale = "en";
    const state = await staffAction({ page: "/admin/x", schema }, body)(idle, form({ qty: "x" }));
    expect(state).toMatchObject({
      status: "error",
      fields: { qty: messages.en.forms.number },
      values: { qty: "x" },
    });
    expect(body).not.toHaveBeenCalled();
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("turns a service's AppError into its message, and field codes into words at the inputs", async () => {
    const action = staffAction(
      { page: "/admin/x", schema, fields: (path) => (path === "items.0.qty" ? "qty" : path) },
      async () => {
        throw new AppError("VALIDATION_FAILED", {
          fields: { "items.0.qty": "forms.number", other: "plain text" },
        });
      },
    );
    const state = await action(idle, form({ qty: "2" }));
    expect(state).toEqual({
      status: "error",
      message: messages.tr.errors.VALIDATION_FAILED,
      fields: { qty: messages.tr.forms.number, other: "plain text" },
      values: { qty: "2" },
    });
    expect(revalidatePath).not.toHaveBeenCalled();
  });

  it("uses the refusal's own message key when the action names one", async () => {
    const action = staffAction(
      {
        page: "/admin/x",
        schema,
        refusal: (error) => (error.code === "IN_USE" ? "adminCatalog.inUse.brandProducts" : undefined),
      },
      async () => {
        throw new AppError("IN_USE", { count: 3 });
      },
    );
    const state = await action(idle, form({ qty: "2" }));
    expect(state.message).toContain("3");
    expect(state.message).not.toBe(messages.tr.errors.IN_USE);
  });

  it("says the service is unavailable when the database is down", async () => {
    const action = staffAction({ page: "/admin/x", schema }, async () => {
      throw Object.assign(new Error("connect"), { code: "ECONNREFUSED" });
    });
    expect(await action(idle, form({ qty: "1" }))).toMatchObject({
      status: "error",
      message: messages.tr.errors.SERVICE_UNAVAILABLE,
    });
  });

  it("logs an unexpected error and shows only INTERNAL_ERROR", async () => {
    const logged = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const action = staffAction({ page: "/admin/x", schema }, async () => {
      throw new Error("secret detail");
    });
    const state = await action(idle, form({ qty: "1" }));
    expect(state).toMatchObject({ status: "error", message: messages.tr.errors.INTERNAL_ERROR });
    expect(JSON.stringify(state)).not.toContain("secret detail");
    expect(logged).toHaveBeenCalledOnce();
  });

  it("lets a redirect through, after revalidating", async () => {
    const action = staffAction({ page: "/admin/x", schema, revalidate: ["/admin/x"] }, async () => ({
      redirect: "/admin/x/9",
    }));
    await expect(action(idle, form({ qty: "1" }))).rejects.toMatchObject({
      digest: expect.stringContaining("/admin/x/9"),
    });
    expect(revalidatePath).toHaveBeenCalledWith("/admin/x");
  });
});

describe("accountAction", () => {
  it("gives the body the signed-in shopper when the action needs one", async () => {
    const action = accountAction({ page: "/account", schema }, async (_input, { user }) => ({
      data: user.id,
    }));
    expect(await action(idle, form({ qty: "1" }))).toEqual({ status: "ok", data: "u2" });
  });
});

describe("field codes at the API", () => {
  it("puts a service's field codes in the request's language, leaving schema text as it is", async () => {
    const { errorBody } = await import("@/lib/http");
    const { fieldCode } = await import("@/lib/errors");
    const details = {
      fields: {
        file: fieldCode("forms.image.tooBig", { mb: 5 }),
        slug: "adminCatalog.validation.brandSlugTaken",
        name: "already words",
      },
    };
    expect(errorBody("VALIDATION_FAILED", "tr", details).error.details.fields).toEqual({
      file: "Görsel 5 MB'tan büyük.",
      slug: messages.tr.adminCatalog.validation.brandSlugTaken,
      name: "already words",
    });
    expect(errorBody("VALIDATION_FAILED", "en", details).error.details).toMatchObject({
      fields: { file: "The image is larger than 5 MB." },
    });
  });
});
