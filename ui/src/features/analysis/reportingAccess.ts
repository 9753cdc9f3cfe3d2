// The weight of an introduction along a reporting or dotted line in coverage reach and
// approach paths (0 turns it off). A setting of the window, kept across restarts.

import { useCallback, useSyncExternalStore } from "react";

export const DEFAULT_REPORTING_ACCESS = 0.3;
const KEY = "stakemap.reportingAccess";
const listeners = new Set<() => void>();

/** The stored weight, or the default when none (or a bad one) is stored. */
export function readReportingAccess(): number {
  try {
    const raw = window.localStorage.getItem(KEY);
    const v = raw === null ? NaN : Number(raw);
    return Number.isFinite(v) && v >= 0 && v <= 1 ? v : DEFAULT_REPORTING_ACCESS;
  } catch {
    return DEFAULT_REPORTING_ACCESS;
  }
}

export function writeReportingAccess(v: number): void {
  try {
    window.localStorage.setItem(KEY, String(v));
  } catch {
    // No storage: the setting lasts until the window closes.
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useReportingAccess(): [number, (v: number) => void] {
  const value = useSyncExternalStore(subscribe, readReportingAccess, () => DEFAULT_REPORTING_ACCESS);
  const set = useCallback((v: number) => writeReportingAccess(v), []);
  return [value, set];
}
