// The admin API as the console calls it: same origin, the session cookie, and the session's
// CSRF token on every write.

/** An answer the API refused, with the field it named. */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field?: string,
    /** For a template draft: the character the problem is at. */
    public position?: number,
  ) {
    super(message);
  }
}

/** Who is signed in. */
export interface Session {
  signed_in: boolean;
  name: string;
  role: "viewer" | "operator" | "admin";
  /** The groups it is limited to; null for every group. */
  groups: string[] | null;
  csrf: string | null;
  expires_at: number | null;
}

let csrf: string | null = null;

/** Remembers the CSRF token writes must carry. */
export function useSession(session: Session | null) {
  csrf = session?.csrf ?? null;
}

/** Calls /api/v1/<path>; resolves with the JSON answer or rejects with an ApiError. */
export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const res = await fetch(`/api/v1/${path}`, {
    method,
    headers,
    credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, data?.error ?? "error", data?.message ?? res.statusText, data?.field, data?.position);
  }
  return data as T;
}

/** A query string from the parameters that have a value. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** The rank of a role: viewer 1, operator 2, admin 3. */
export function rank(role: string | undefined): number {
  return role === "admin" ? 3 : role === "operator" ? 2 : role === "viewer" ? 1 : 0;
}
