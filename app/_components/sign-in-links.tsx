"use client";
// Sign-in / sign-up links that bring the visitor back to the page they were on.
import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./account.module.css";

/** Links for signed-out visitors. */
export function SignInLinks() {
  const pathname = usePathname();
  const back = pathname.startsWith("/sign-") ? "" : `?callbackUrl=${encodeURIComponent(pathname)}`;
  return (
    <nav className={styles.user} aria-label="Account">
      <Link href={`/sign-in${back}`}>Sign in</Link>
      <Link href={`/sign-up${back}`} className="button">
        Sign up
      </Link>
    </nav>
  );
}
