// The progress of a long job (import apply, export, merge apply): one way to run such a
// command, and one hook to show how far it is.
//
// The command is given a channel as its last argument and reports on it as it goes; the
// window shows what arrives until the command returns. Nothing is polled.

import { Channel } from "@tauri-apps/api/core";
import { useSyncExternalStore } from "react";
import type { Progress } from "../bindings";

/** What a long command reports its progress to. */
export type ProgressSink = Channel<Progress>;

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

/** Runs a long command, giving it the channel to report to; its progress shows in
 * `useJobProgress` until it ends. */
export async function runJob<R>(command: (sink: ProgressSink) => Promise<R>): Promise<R> {
  let live = true;
  const sink = new Channel<Progress>();
  sink.onmessage = (p) => {
    if (live) publish(p);
  };
  try {
    return await command(sink);
  } finally {
    live = false;
    publish(null);
  }
}

/** The progress of the running job while `busy`, or null when there is none yet. */
export function useJobProgress(busy: boolean): Progress | null {
  const p = useSyncExternalStore(subscribe, snapshot, snapshot);
  return busy ? p : null;
}
