import { NextResponse } from "next/server";

/** An export as a JSON file download, never cached (it is personal data). */
export function exportResponse(data: Record<string, unknown>, now: Date): NextResponse {
  const day = now.toISOString().slice(0, 10);
  return NextResponse.json(data, {
    headers: {
      "content-disposition": `attachment; filename="personal-data-${day}.json"`,
      "cache-control": "no-store",
    },
  });
}
