// The app was started again while this window was open: the second start brought this
// window forward. One subscription tells the window so.

import { events } from "../bindings";

/** Calls `listener` after each new start of the app; returns the unsubscribe. The Rust side
 * sends the typed event `relaunched` when a second start hands over to this window. */
export function onRelaunch(listener: () => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void events.relaunched
    .listen(() => listener())
    .then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    });
  return () => {
    stopped = true;
    stop?.();
  };
}
