/**
 * The inputs of a postal address, in the order of addressSchema (lib/accounts/schemas.ts). Apart so that
 * the browser's code can name them without loading the schema and the province list it checks against.
 */
export const ADDRESS_FIELDS = [
  "name",
  "line1",
  "line2",
  "district",
  "city",
  "postalCode",
  "country",
  "phone",
] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];
