// The progress of a long job (import apply, export, merge apply): one way to run such a
// command, and one hook to show how far it is.
//
// The job reports through a sink given to the command. Today the sink is unused and the
// progress is polled from the Rust side while the job runs; the command's call site passes
// the sink through, so that only this module changes when the commands report it themselves.

import { useSyncExternalStore } from "react";
import type { Progress } from "../bindings";
import { backend } from "./backend";

/** What a long command reports its progress to. */
export type ProgressSink = undefined;

let current: Progress | null = null;
const listeners = new Set<() => void>();

function publish(p: Progress | null) {
  current = p;
  for (const l of listeners) l();
}

const snapshot = () => current;

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Runs a long command, giving it the sink to report to; its progress shows in
 * `useJobProgress` until it ends. */
export async function runJob<R>(command: (sink: ProgressSink) => Promise<R>): Promise<R> {
  let live = true;
  const tick = () => {
    backend.progress().then(
      (p) => live && publish(p),
      () => undefined,
    );
  };
  tick();
  const timer = setInterval(tick, 200);
  try {
    return await command(undefined);
  } finally {
    live = false;
    clearInterval(timer);
    publish(null);
  }
}

/** The progress of the running job while `busy`, or null when there is none yet. */
export function useJobProgress(busy: boolean): Progress | null {
  const p = useSyncExternalStore(subscribe, snapshot, snapshot);
  return busy ? p : null;
}
