/**
 * The demo store's staff account (administrator): created by the demo seed, printed by `npm run dev` on
 * the embedded database, used by the end-to-end tests. Never created on a DATABASE_URL database unless
 * the demo seed is loaded there.
 */
export const DEMO_STAFF = {
  email: "personel@carsi.test",
  password: "carsi-personel-2026",
  name: "Demo Personel",
  role: "admin",
} as const;
