// The app was started again while this window was open: the second start brought this
// window forward, maybe with a workspace file to open. One subscription tells the window so.

import { events, type Relaunched } from "../bindings";

/** Calls `listener` after each new start of the app; returns the unsubscribe. The Rust side
 * sends the typed event `relaunched` when a second start hands over to this window; a file
 * it was given comes as a token for `open_workspace`. */
export function onRelaunch(listener: (event: Relaunched) => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void events.relaunched
    .listen((e) => listener(e.payload))
    .then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    });
  return () => {
    stopped = true;
    stop?.();
  };
}
