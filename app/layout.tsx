// The root layout: document shell, site header and footer, dark theme (system fonts: works offline).
import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { SiteHeaderActions } from "@/app/_components/site-header-actions";
import { SITE_NAME } from "@/lib/market/format-market";
import "./globals.css";

/** Default title and description; market pages put the last price in front. */
export const metadata: Metadata = {
  title: SITE_NAME,
  description: "A peatio-style realtime trading demo on the Pusher Channels model.",
};

/** Dark UI on every device. */
export const viewport: Viewport = {
  themeColor: "#0b0e14",
  colorScheme: "dark",
};

/** The shell around every page. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            <span className="brand-name">Peatio</span>
            <span className="brand-tag">demo</span>
          </Link>
          <div className="site-header-actions">
            <SiteHeaderActions />
          </div>
        </header>
        <main id="main" className="site-main">
          {children}
        </main>
        <footer className="site-footer">
          <p>Demo exchange: no real money. Realtime over the Pusher Channels protocol.</p>
        </footer>
      </body>
    </html>
  );
}
