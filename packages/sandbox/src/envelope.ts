/**
 * The bodies the API answers with: the success envelope, its error envelope, and the second error
 * shape it uses on some 401/404 answers (see ../shared/altegio/README.md).
 */
import type { FieldErrors } from "altegio-sdk";

export type Meta = Record<string, unknown> | unknown[];

export interface SuccessEnvelope {
  success: true;
  data: unknown;
  meta: Meta;
}

export function success(data: unknown, meta: Meta = []): SuccessEnvelope {
  return { success: true, data, meta };
}

/** `{success:false, data:null, meta:{message, errors?}}` */
export function failure(message: string, fieldErrors?: FieldErrors): unknown {
  const meta: Record<string, unknown> = { message };
  if (fieldErrors && Object.keys(fieldErrors).length > 0) meta.errors = fieldErrors;
  return { success: false, data: null, meta };
}

/** `{errors:{code, message}, meta:{message}}`: the API's other error shape. */
export function codedFailure(code: number, message: string): unknown {
  return { errors: { code, message }, meta: { message } };
}

export type ErrorShape = "envelope" | "coded";

/**
 * An error answer decided while handling a request. Thrown by the pipeline steps and the state
 * handlers, turned into a response by the server. Messages never quote credentials.
 */
export class SandboxProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors?: FieldErrors,
    readonly shape: ErrorShape = "envelope",
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "SandboxProblem";
  }

  body(): unknown {
    return this.shape === "coded"
      ? codedFailure(this.status, this.message)
      : failure(this.message, this.fieldErrors);
  }
}

export function notFound(what: string): SandboxProblem {
  return new SandboxProblem(404, `${what} not found`);
}
