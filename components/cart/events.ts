/** Fired on `window` after the cart changed in this tab, so the header's count and live stock refetch. */
export const CART_CHANGED = "store:cart-changed";

export function announceCartChange(): void {
  window.dispatchEvent(new Event(CART_CHANGED));
}
