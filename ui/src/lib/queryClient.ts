// The cache of what the window has read from the Rust side. Data changes only through this
// window (or a reload of the workspace), so nothing goes stale by itself: an edit marks what
// it touched (see queries.ts), and only that is read again.

import { QueryClient } from "@tanstack/react-query";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: Infinity,
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
});
