/**
 * A Turkish mobile number as typed ("0532 111 22 33", "+90 (532) 111-22-33", "5321112233") in E.164,
 * "+905321112233"; null for anything else (a landline, a foreign number): SMS go to Turkish mobiles only.
 */
export function turkishMobile(typed: string): string | null {
  const digits = typed.replace(/[\s()./-]/g, "").replace(/^\+/, "");
  if (!/^\d+$/.test(digits)) return null;
  const national = digits.replace(/^(90|0)(?=5\d{9}$)/, "");
  return /^5\d{9}$/.test(national) ? `+90${national}` : null;
}
