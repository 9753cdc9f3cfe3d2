import "@xyflow/react/dist/style.css";
import "./lib/palette.css";
import "./styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import { backend } from "./lib/backend";
import { keys } from "./lib/queries";
import { queryClient } from "./lib/queryClient";

// The first screen needs the app info and the accounts: both are asked for at once, before
// the first render.
void queryClient.prefetchQuery({ queryKey: keys.appInfo(), queryFn: () => backend.appInfo() });
void queryClient.prefetchQuery({ queryKey: keys.accounts(), queryFn: () => backend.listAccounts() });

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
