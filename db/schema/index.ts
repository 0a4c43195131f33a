export * from "./accounts";
export * from "./carriers";
export * from "./cart";
export * from "./catalog";
export * from "./orders";
export * from "./pricing";
export * from "./relations";
export * from "./settings";
