/** Length limits of account fields (shared by the schemas and the forms' maxLength). */
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
/** Longer passwords are refused before hashing, so a 10,000-character one costs nothing. */
export const PASSWORD_MAX = 200;
export const NAME_MAX = 100;
export const ADDRESS_LINE_MAX = 200;
export const DISTRICT_MAX = 100;
export const CITY_MAX = 100;
