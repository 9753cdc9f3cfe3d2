// The one module through which the UI talks to the Rust side: the generated bindings plus
// a wrapper that turns typed errors into exceptions. Tests can replace it.

import { commands, type AppError, type Result } from "../bindings";

/** A command's typed error, thrown. `lib/errors.ts` words it in the user's language; the
 * exception's own message is only the kind, for logs. */
export class BackendError extends Error {
  readonly error: AppError;
  constructor(e: AppError) {
    super(e.kind);
    this.error = e;
  }
}

async function unwrap<T>(p: Promise<Result<T, AppError>>): Promise<T> {
  const r = await p;
  if (r.status === "error") throw new BackendError(r.error);
  return r.data;
}

type Unwrapped<F> = F extends (...a: infer A) => Promise<Result<infer T, AppError>> ? (...a: A) => Promise<T> : never;

function wrap<C extends Record<string, (...a: never[]) => Promise<Result<unknown, AppError>>>>(c: C) {
  const out = {} as { [K in keyof C]: Unwrapped<C[K]> };
  for (const k of Object.keys(c) as (keyof C)[]) {
    const f = c[k] as unknown as (...a: unknown[]) => Promise<Result<unknown, AppError>>;
    out[k] = ((...a: unknown[]) => unwrap(f(...a))) as Unwrapped<C[typeof k]>;
  }
  return out;
}

/** Every command of the Rust side, returning its value or throwing a BackendError. */
export const backend = wrap(commands);

export type Backend = typeof backend;
