export * from "./accounts";
export * from "./cart";
export * from "./catalog";
export * from "./pricing";
export * from "./relations";
