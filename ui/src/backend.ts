// The one module through which the UI talks to the Rust side: the generated bindings plus
// a wrapper that turns typed errors into exceptions. Tests can replace it.

import { commands, type AppError, type Result } from "./bindings";

export class BackendError extends Error {
  readonly kind: string;
  constructor(e: AppError) {
    super(e.message);
    this.kind = e.kind;
  }
}

async function unwrap<T>(p: Promise<Result<T, AppError>>): Promise<T> {
  const r = await p;
  if (r.status === "error") throw new BackendError(r.error);
  return r.data;
}

export const backend = {
  appInfo: () => unwrap(commands.appInfo()),
  listAccounts: () => unwrap(commands.listAccounts()),
  accountMap: (accountId: string) => unwrap(commands.accountMap(accountId)),
};

export type Backend = typeof backend;
