/**
 * Credentials like the API's: one partner token, users who log in with phone or email and a
 * password, and user tokens that stop working when their user's password changes.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import { InvalidArgumentError, type AuthLevel } from "altegio-sdk";
import { SandboxProblem } from "./envelope.js";

export interface SandboxUserOptions {
  /** What the user types as login: a phone (`+13155550175`) or an email. */
  login: string;
  password: string;
  name?: string;
  /** Also accepted as login. */
  phone?: string;
  /** Also accepted as login. */
  email?: string;
}

export interface SandboxUser {
  readonly id: number;
  readonly login: string;
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  /** The current password (test credentials, printed by the CLI). */
  readonly password: string;
}

export const DEFAULT_PARTNER_TOKEN = "sandbox-partner-token";

export const DEFAULT_USERS: readonly SandboxUserOptions[] = [
  {
    login: "owner@sandbox.test",
    password: "sandbox-owner-pass",
    name: "Sandbox Owner",
    phone: "+13155550175",
    email: "owner@sandbox.test",
  },
  {
    login: "+13155550176",
    password: "sandbox-admin-pass",
    name: "Front Desk Admin",
    phone: "+13155550176",
    email: "frontdesk@sandbox.test",
  },
];

/** Who made the request, as far as the Authorization header shows. */
export interface Caller {
  partner: boolean;
  user: SandboxUser | undefined;
}

interface MutableUser {
  id: number;
  login: string;
  name: string;
  phone: string;
  email: string;
  password: string;
}

export class AuthRegistry {
  private users: MutableUser[] = [];
  /** user token → user id */
  private tokens = new Map<string, number>();

  constructor(
    readonly partnerToken: string,
    private readonly configured: readonly SandboxUserOptions[],
  ) {
    if (!partnerToken.trim())
      throw new InvalidArgumentError("partnerToken", "partnerToken is empty");
    this.reset();
  }

  /** Back to the configured users and passwords; every user token is forgotten. */
  reset(): void {
    this.tokens.clear();
    this.users = this.configured.map((u, index) => {
      if (!u.login || !u.password) {
        throw new InvalidArgumentError("users", `users[${index}] needs a login and a password`);
      }
      const isEmail = u.login.includes("@");
      return {
        id: 1001 + index,
        login: u.login,
        name: u.name ?? u.login,
        phone: u.phone ?? (isEmail ? "" : u.login),
        email: u.email ?? (isEmail ? u.login : ""),
        password: u.password,
      };
    });
  }

  list(): SandboxUser[] {
    return this.users.map((u) => ({ ...u }));
  }

  /** `POST /auth`: a new user token, or undefined for wrong credentials. */
  login(login: string, password: string): { user: SandboxUser; token: string } | undefined {
    const user = this.find(login);
    if (!user || !sameSecret(user.password, password)) return undefined;
    return { user: { ...user }, token: this.issue(user) };
  }

  /** A user token without going through HTTP (tests, demos). */
  issueToken(login: string): string {
    return this.issue(this.require(login));
  }

  /** Sets a new password and invalidates every token the user holds, as the API does. */
  changePassword(login: string, newPassword: string): void {
    if (!newPassword) throw new InvalidArgumentError("newPassword", "The new password is empty");
    const user = this.require(login);
    user.password = newPassword;
    for (const [token, id] of this.tokens) if (id === user.id) this.tokens.delete(token);
  }

  /**
   * Checks the Authorization header against what the operation needs; throws the 401 the API
   * would answer. Accepts `Bearer <partner>` and `Bearer <partner>, User <user>`.
   */
  authenticate(header: string | undefined, level: AuthLevel): Caller {
    const parsed = parseAuthorization(header);
    const partner = parsed.partner !== undefined && sameSecret(parsed.partner, this.partnerToken);
    const userId = parsed.user === undefined ? undefined : this.tokens.get(parsed.user);
    const user = this.users.find((u) => u.id === userId);
    if (level === "none") return { partner, user };
    if (!partner) {
      throw new SandboxProblem(
        401,
        parsed.partner === undefined
          ? "Authorization header with a partner token is required"
          : "Partner authentication failed: the partner token is not valid",
      );
    }
    if (level === "user" && !user) {
      if (parsed.user === undefined) {
        throw new SandboxProblem(401, "This operation requires a user token (User <token>)");
      }
      // The API answers stale tokens with its second error shape.
      throw new SandboxProblem(401, "The user token is invalid or has expired", undefined, "coded");
    }
    return { partner, user };
  }

  private issue(user: MutableUser): string {
    const token = randomBytes(16).toString("hex");
    this.tokens.set(token, user.id);
    return token;
  }

  private find(login: string): MutableUser | undefined {
    const wanted = login.trim().toLowerCase();
    if (!wanted) return undefined;
    return this.users.find((u) =>
      [u.login, u.phone, u.email].some((candidate) => candidate.toLowerCase() === wanted),
    );
  }

  private require(login: string): MutableUser {
    const user = this.find(login);
    if (!user) throw new InvalidArgumentError("login", "No sandbox user has that login");
    return user;
  }
}

export function parseAuthorization(header: string | undefined): {
  partner?: string;
  user?: string;
} {
  const result: { partner?: string; user?: string } = {};
  if (!header) return result;
  for (const part of header.split(",")) {
    const match = /^\s*(bearer|user)\s+(\S+)\s*$/i.exec(part);
    if (!match) continue;
    const kind = (match[1] as string).toLowerCase();
    if (kind === "bearer") result.partner = match[2] as string;
    else result.user = match[2] as string;
  }
  return result;
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
