export * from "./engine";
export * from "./fees";
export * from "./rounding";
export * from "./shipping";
