/**
 * The option ↓ or ↑ makes active in a combobox's list of `count` options: from none (or a list just
 * opened) the first or the last, else the next or the previous one, wrapping around.
 */
export function stepActive(current: number, count: number, down: boolean, opening: boolean): number {
  if (opening || current < 0) return down ? 0 : count - 1;
  return (current + (down ? 1 : count - 1)) % count;
}
