import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkoutFormField, checkoutFormSchema, checkoutSchema } from "@/lib/checkout/schemas";
import { shipmentField, shipmentForm } from "@/lib/forms/admin";
import { checkbox, istanbulTime, listInput, moneyInput } from "@/lib/forms/fields";
import { constraintsOf, formValues, parseForm } from "@/lib/forms/parse";
import { messages } from "@/messages";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) data.append(name, one);
  }
  return data;
}

const schema = z.object({
  name: z.string().trim().min(1).max(20),
  qty: z.number().int().min(1).max(9),
  price: moneyInput,
  discount: moneyInput.optional(),
  featured: checkbox,
  tags: listInput,
  startsAt: istanbulTime.optional(),
});

describe("parseForm", () => {
  it("coerces numbers, booleans, amounts in lira and lists", () => {
    const parsed = parseForm(
      schema,
      form({
        name: " Mug ",
        qty: "3",
        price: "1.250,50",
        discount: "",
        featured: "on",
        tags: "a, b;c",
        startsAt: "2026-05-01T10:00",
      }),
      "tr",
    );
    expect(parsed.ok && parsed.data).toEqual({
      name: "Mug",
      qty: 3,
      price: 125_050,
      featured: true,
      tags: ["a", "b", "c"],
      startsAt: "2026-05-01T10:00:00+03:00",
    });
  });

  it("reads an unticked checkbox as false and an empty list box as no items", () => {
    const parsed = parseForm(schema, form({ name: "Mug", qty: "1", price: "5" }), "en");
    expect(parsed.ok && parsed.data).toMatchObject({ featured: false, tags: [], price: 500 });
  });

  it("answers each refused input with one message in Turkish, refilling what was typed", () => {
    const parsed = parseForm(schema, form({ name: "", qty: "abc", price: "12x", password: "secret" }), "tr");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.state).toEqual({
      status: "error",
      message: messages.tr.forms.invalid,
      fields: {
        name: messages.tr.forms.required,
        qty: messages.tr.forms.number,
        price: messages.tr.forms.amount,
      },
      values: { name: "", qty: "abc", price: "12x" },
    });
  });

  it("gives the same messages in English, and zod's own rules in the visitor's language", () => {
    const parsed = parseForm(schema, form({ name: "x".repeat(21), qty: "12", price: "-1" }), "en");
    if (parsed.ok) throw new Error("expected a refusal");
    expect(parsed.state.message).toBe(messages.en.forms.invalid);
    expect(parsed.state.fields?.price).toBe(messages.en.forms.amount);
    expect(parsed.state.fields?.name).toMatch(/20/);
    expect(parsed.state.fields?.qty).toMatch(/9/);
    const tr = parseForm(schema, form({ name: "x".repeat(21), qty: "12", price: "1" }), "tr");
    if (tr.ok) throw new Error("expected a refusal");
    expect(tr.state.fields?.name).not.toBe(parsed.state.fields?.name);
    expect(tr.state.fields?.name).not.toMatch(/[Tt]oo|[Ii]nvalid/);
  });

  it("names the input of a schema path with fieldOf", () => {
    const nested = z.object({ variants: z.array(z.object({ price: moneyInput })) });
    const parsed = parseForm(nested, form({ "variants[0].price": "x" }), "tr", (path) =>
      path.replace(/^variants\.\d+\./, ""),
    );
    expect(!parsed.ok && parsed.state.fields).toEqual({ price: messages.tr.forms.amount });
  });

  it("validates the service's input when the form is mapped onto it", () => {
    const api = z.object({ name: z.object({ tr: z.string().min(3) }) });
    const mapped = z
      .object({ nameTr: z.string() })
      .transform((form) => ({ name: { tr: form.nameTr } }))
      .pipe(api);
    const parsed = parseForm(mapped, form({ nameTr: "ab" }), "tr", (path) =>
      path === "name.tr" ? "nameTr" : path,
    );
    expect(!parsed.ok && Object.keys(parsed.state.fields ?? {})).toEqual(["nameTr"]);
  });
});

describe("formValues", () => {
  it("keeps repeated names apart and leaves passwords out", () => {
    expect(formValues(form({ maxKg: ["1", "2"], password: "x", note: "n" }))).toEqual({
      "maxKg.0": "1",
      "maxKg.1": "2",
      note: "n",
    });
  });
});

describe("constraintsOf", () => {
  it("gives the browser the schema's required, min, max and maxLength", () => {
    const constraints = constraintsOf(schema);
    expect(constraints.name).toMatchObject({ required: true, minLength: 1, maxLength: 20 });
    expect(constraints.qty).toMatchObject({ required: true, min: 1, max: 9 });
    expect(constraints.discount).toMatchObject({ required: false });
    expect(constraints.featured).toMatchObject({ required: false });
    expect(constraintsOf(z.object({ kind: z.enum(["a.b", "c"]) })).kind?.pattern).toBe("a\\.b|c");
  });

  it("reads a mapped form on its form side", () => {
    const mapped = z
      .object({ nameTr: z.string().max(5) })
      .transform((form) => ({ name: form.nameTr }))
      .pipe(z.object({ name: z.string() }));
    expect(constraintsOf(mapped)).toEqual({ nameTr: { required: true, maxLength: 5 } });
  });
});

describe("the checkout form", () => {
  const address = (prefix: string) => ({
    [`${prefix}.name`]: "Ayşe Yılmaz",
    [`${prefix}.line1`]: "Bağdat Caddesi 12",
    [`${prefix}.district`]: "Kadıköy",
    [`${prefix}.city`]: "İstanbul",
    [`${prefix}.postalCode`]: "34710",
    [`${prefix}.country`]: "TR",
    [`${prefix}.phone`]: "0555 111 22 33",
  });
  const fields = {
    idempotencyKey: "checkout-key-123",
    email: "ayse@ornek.com",
    ...address("shipping"),
    shippingMethod: "standard",
    paymentMethod: "cash_on_delivery",
    expectedTotal: "12990",
    installments: "1",
    acceptedTerms: "on",
  };

  it("reads the addresses under their prefixes as the API's body, billing left out when it is the same", () => {
    const parsed = parseForm(
      checkoutFormSchema,
      form({ ...fields, billingSame: "on", ...address("billing") }),
      "tr",
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.data.key).toBe("checkout-key-123");
    expect(parsed.data.checkout).toMatchObject({
      email: "ayse@ornek.com",
      shippingAddress: { city: "İstanbul", postalCode: "34710", phone: "+905551112233" },
      billingAddress: undefined,
      expectedTotal: 12990,
      installments: 1,
      acceptedTerms: true,
    });
    expect(checkoutSchema.safeParse(parsed.data.checkout).success).toBe(true);
  });

  it("puts each message at its input, in the shopper's language, and keeps what was typed", () => {
    const parsed = parseForm(
      checkoutFormSchema,
      form({
        ...fields,
        "shipping.postalCode": "ABC",
        "billing.name": "",
        "billing.city": "Ankara",
        "billing.district": "Çankaya",
      }),
      "tr",
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const errors = parsed.state.fields ?? {};
    expect(Object.keys(errors)).toEqual(expect.arrayContaining(["shipping.postalCode", "billing.name"]));
    expect(errors["shipping.postalCode"]).toBe(messages.tr.account.validation.postalCodeTr);
    expect(parsed.values["billing.city"]).toBe("Ankara");
  });

  it("reads the invoice details: an individual by default, a company's VKN checked at its input", () => {
    const individual = parseForm(
      checkoutFormSchema,
      form({
        ...fields,
        billingSame: "on",
        "invoice.type": "individual",
        "invoice.name": "",
        "invoice.taxNumber": "",
      }),
      "tr",
    );
    expect(individual.ok && individual.data.checkout.invoice).toEqual({ type: "individual" });
    const company = parseForm(
      checkoutFormSchema,
      form({
        ...fields,
        billingSame: "on",
        "invoice.type": "corporate",
        "invoice.name": "Öz Ağaç A.Ş.",
        "invoice.taxOffice": "Üsküdar",
        "invoice.taxNumber": "1234567891",
      }),
      "tr",
    );
    expect(company.ok).toBe(false);
    if (company.ok) return;
    expect(company.state.fields).toEqual({
      "invoice.taxNumber": messages.tr.invoices.validation.taxNumberInvalid,
    });
  });

  it("names the API's paths by the form's inputs and gives nested inputs their constraints", () => {
    expect(checkoutFormField("shippingAddress.city")).toBe("shipping.city");
    expect(checkoutFormField("billingAddress.phone")).toBe("billing.phone");
    expect(checkoutFormField("email")).toBe("email");
    const constraints = constraintsOf(checkoutFormSchema);
    expect(constraints["shipping.name"]).toMatchObject({ required: true });
    expect(constraints["shipping.line2"]).toMatchObject({ required: false });
    expect(constraints["billing.city"]).toMatchObject({ required: true });
    expect(constraints.shipping).toBeUndefined();
  });
});

describe("shipmentForm ('Kargoya ver')", () => {
  it("sends the lines given a quantity, and every unsent line when none is", () => {
    const picked = parseForm(
      shipmentForm,
      form({
        orderNo: "SF-2026-001001",
        sku: ["A-1", "B-2"],
        "qty:A-1": "2",
        "qty:B-2": "0",
        carrier: "aras",
      }),
      "tr",
    );
    expect(picked.ok && picked.data).toEqual({
      orderNo: "SF-2026-001001",
      shipment: { lines: [{ sku: "A-1", qty: 2 }], carrier: "aras" },
    });
    const all = parseForm(shipmentForm, form({ orderNo: "SF-2026-001001", sku: ["A-1"], carrier: "" }), "tr");
    expect(all.ok && all.data).toEqual({ orderNo: "SF-2026-001001", shipment: {} });
  });

  it("shows a refused quantity at its line's box and an unknown carrier at the carrier", () => {
    const formData = form({
      orderNo: "SF-2026-001001",
      sku: ["A-1", "B-2"],
      "qty:B-2": "1.5",
      carrier: "ups",
    });
    const parsed = parseForm(shipmentForm, formData, "en", (path) => shipmentField(path, formData));
    if (parsed.ok) throw new Error("expected a refusal");
    expect(Object.keys(parsed.state.fields ?? {}).sort()).toEqual(["carrier", "qty:B-2"]);
  });
});
