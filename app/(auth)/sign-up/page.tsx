// GET /sign-up - the sign-up page; signed-in visitors get a link onward.
import type { Metadata } from "next";
import { AuthPage, type AuthPageSearchParams } from "../_components/auth-page";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

/** Sign-up page. */
export default function SignUpPage({ searchParams }: { searchParams: AuthPageSearchParams }) {
  return <AuthPage title="Create an account" searchParams={searchParams} form={(callbackUrl) => <SignUpForm callbackUrl={callbackUrl} />} />;
}
