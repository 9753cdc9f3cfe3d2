// The app was started again while this window was open: the second start brought this
// window forward. One subscription tells the window so.

import { backend } from "./backend";

/** Relaunches already told about (they are counted from the start of the app). */
let seen = 0;

/** Calls `listener` after each new start of the app; returns the unsubscribe. Today the count
 * of starts is read from the app info when the window gets the focus. */
export function onRelaunch(listener: () => void): () => void {
  const check = () => {
    backend.appInfo().then(
      (i) => {
        if (i.relaunches > seen) {
          seen = i.relaunches;
          listener();
        }
      },
      () => undefined,
    );
  };
  window.addEventListener("focus", check);
  return () => window.removeEventListener("focus", check);
}
