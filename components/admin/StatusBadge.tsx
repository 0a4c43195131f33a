import { STATUS_STYLES } from "./format";

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <span
      className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${
        STATUS_STYLES[status] ?? "bg-stone-100 text-stone-800"
      }`}
      data-status={status}
    >
      {label}
    </span>
  );
}
