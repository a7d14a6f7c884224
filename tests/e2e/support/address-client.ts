// An HTTP client that connects from a chosen loopback source address (127.0.0.2, 127.0.0.3, ...), so
// one test can be several clients whose socket addresses differ, with no proxy and no header involved.
// It keeps cookies like a browser would (name=value only) and speaks next-auth's credentials flow.
import { request } from "node:http";

/** A response as the client saw it. */
export interface AddressResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** What a sign-in attempt through next-auth's credentials callback answered. */
export interface SignInOutcome {
  status: number;
  /** True when the callback set a session cookie (the credentials were accepted). */
  signedIn: boolean;
  /** The JSON body: `{ url }` from next-auth, or `{ error }` from our 429 / 413 answers. */
  body: { url?: string; error?: string };
}

/** A cookie-keeping HTTP client bound to `localAddress`. */
export class AddressClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly baseUrl: string,
    readonly localAddress: string,
  ) {}

  /** Sends one request; `form` is sent as application/x-www-form-urlencoded. */
  async send(method: "GET" | "POST", path: string, options: { form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<AddressResponse> {
    const url = new URL(path, this.baseUrl);
    const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) headers["content-type"] = "application/x-www-form-urlencoded";
    const cookie = this.cookieHeader();
    if (cookie) headers.cookie = cookie;
    const response = await new Promise<AddressResponse>((resolve, reject) => {
      const outgoing = request(
        { host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers, localAddress: this.localAddress, agent: false },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, text: Buffer.concat(chunks).toString("utf8") }));
          incoming.on("error", reject);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(body);
    });
    const setCookie = response.headers["set-cookie"];
    this.keepCookies(typeof setCookie === "string" ? [setCookie] : setCookie);
    return response;
  }

  /** The value of cookie `name`, if the server set one. */
  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Sets a cookie by hand (e.g. a session cookie copied from another client). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  /** One sign-in attempt through next-auth: GET /api/auth/csrf, then POST the credentials callback. */
  async signIn(email: string, password: string, headers: Record<string, string> = {}): Promise<SignInOutcome> {
    const csrf = await this.send("GET", "/api/auth/csrf", { headers });
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const hadSession = this.cookies.get("next-auth.session-token");
    const response = await this.send("POST", "/api/auth/callback/credentials", { form: { csrfToken, email, password, json: "true" }, headers });
    const session = this.cookies.get("next-auth.session-token");
    return {
      status: response.status,
      signedIn: session !== undefined && session !== "" && session !== hadSession,
      body: JSON.parse(response.text) as SignInOutcome["body"],
    };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private keepCookies(setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair = "", ...attributes] = line.split(";");
      const separator = pair.indexOf("=");
      if (separator < 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute) || /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}
