import type { Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const viewport: Viewport = { themeColor: "#0f766e", width: "device-width", initialScale: 1 };

/**
 * Passes through: `<html>` comes from the layouts below (components/layout/Document.tsx), because its
 * language comes from the URL segment on the statically rendered pages (app/[locale]) and from the
 * visitor's cookie everywhere else. Reading the cookie here would make every page dynamic.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return children;
}
