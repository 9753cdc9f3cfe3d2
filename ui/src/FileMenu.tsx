// The File menu: New, Open, Save As and recent workspaces. Paths come from the native
// dialog; end-to-end tests, which cannot drive a native dialog, put the next path in
// localStorage under TEST_PATH_KEY instead.

import { open, save } from "@tauri-apps/plugin-dialog";
import { useContext, useEffect, useRef, useState } from "react";
import type { AppInfo } from "./bindings";
import { backend } from "./backend";
import { translate, type MessageKey } from "./i18n";
import { LangContext } from "./LangContext";

export const TEST_PATH_KEY = "stakemap.test.nextDialogPath";
const FILTERS = [{ name: "Stakemap", extensions: ["stakemap"] }];

async function pickPath(kind: "open" | "save", title: string): Promise<string | null> {
  const preset = localStorage.getItem(TEST_PATH_KEY);
  if (preset !== null) {
    localStorage.removeItem(TEST_PATH_KEY);
    return preset;
  }
  if (kind === "open") {
    const r = await open({ title, multiple: false, directory: false, filters: FILTERS });
    return typeof r === "string" ? r : null;
  }
  return await save({ title, filters: FILTERS, defaultPath: "workspace.stakemap" });
}

function withExtension(path: string): string {
  return /\.stakemap$/i.test(path) ? path : `${path}.stakemap`;
}

export function FileMenu(props: { onSwitched: (info: AppInfo) => void; onError: (message: string) => void }) {
  const lang = useContext(LangContext);
  const t = (k: MessageKey) => translate(lang, k);
  const [recent, setRecent] = useState<string[]>([]);
  const menu = useRef<HTMLDetailsElement>(null);

  const load = () => {
    backend.recentFiles().then(setRecent, () => setRecent([]));
  };
  useEffect(load, []);

  const run = async (kind: "new" | "open" | "saveAs" | "recent", recentPath?: string) => {
    if (menu.current) menu.current.open = false;
    try {
      const title = t(kind === "new" ? "fileNew" : kind === "saveAs" ? "fileSaveAs" : "fileOpen");
      const path = recentPath ?? (await pickPath(kind === "open" ? "open" : "save", title));
      if (!path) return;
      const info =
        kind === "new"
          ? await backend.newWorkspace(withExtension(path))
          : kind === "saveAs"
            ? await backend.saveWorkspaceAs(withExtension(path))
            : await backend.openWorkspace(path);
      props.onSwitched(info);
    } catch (e) {
      props.onError(e instanceof Error ? e.message : String(e));
    } finally {
      load();
    }
  };

  return (
    <details className="menu" ref={menu} data-testid="file-menu" onToggle={load}>
      <summary>{t("file")}</summary>
      <div className="menu-items" role="menu">
        <button role="menuitem" onClick={() => void run("new")} data-testid="file-new">
          {t("fileNew")}…
        </button>
        <button role="menuitem" onClick={() => void run("open")} data-testid="file-open">
          {t("fileOpen")}…
        </button>
        <button role="menuitem" onClick={() => void run("saveAs")} data-testid="file-save-as">
          {t("fileSaveAs")}…
        </button>
        {recent.length > 0 && <div className="menu-label">{t("recentFiles")}</div>}
        {recent.map((p) => (
          <button role="menuitem" key={p} title={p} className="recent" onClick={() => void run("recent", p)} data-testid="recent-file">
            {p.split(/[\\/]/).pop()}
            <span className="muted"> {p}</span>
          </button>
        ))}
      </div>
    </details>
  );
}
