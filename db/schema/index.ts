export * from "./cart";
export * from "./catalog";
export * from "./relations";
