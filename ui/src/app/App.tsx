// The window: the app info decides between the start screen (a locked, damaged or missing
// workspace) and the workspace. Server state lives in the query cache (lib/queries.ts).

import { QueryClientProvider, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useState } from "react";
import type { AppInfo } from "../bindings";
import { LangContext, translate, type Lang, type T } from "../lib/i18n";
import { keys } from "../lib/queries";
import { queryClient } from "../lib/queryClient";
import { onRelaunch } from "../lib/relaunch";
import { useAppInfo } from "./queries";
import { StartScreen } from "./StartScreen";
import { Workspace } from "./Workspace";

const LANG_KEY = "stakemap.lang";

function storedLang(): Lang | null {
  const stored = localStorage.getItem(LANG_KEY);
  return stored === "en" || stored === "ja" ? stored : null;
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Shell />
    </QueryClientProvider>
  );
}

function Shell() {
  const qc = useQueryClient();
  const info = useAppInfo();
  // The language the user chose, else the one of the OS (read once, at start).
  const [chosenLang, setChosenLang] = useState<Lang | null>(null);
  if (chosenLang === null && info.data) setChosenLang(storedLang() ?? info.data.lang);
  const lang: Lang = chosenLang ?? "en";
  const t = useCallback<T>((k, v) => translate(lang, k, v), [lang]);
  const [notice, setNotice] = useState<string | null>(null);
  // Bumped when another workspace file is opened: the workspace view starts again.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  // Started again while open: the second start brought this window forward; say so. A
  // workspace file it was given is opened by the File menu.
  useEffect(() => onRelaunch((e) => e.token === null && setNotice(t("relaunched"))), [t]);

  /** Another workspace file is open now: show it from scratch. */
  const switched = useCallback(
    (i: AppInfo) => {
      qc.clear();
      qc.setQueryData(keys.appInfo(), i);
      setGeneration((g) => g + 1);
    },
    [qc],
  );

  const switchLang = useCallback((l: Lang) => {
    setChosenLang(l);
    localStorage.setItem(LANG_KEY, l);
  }, []);

  let body;
  if (info.data === undefined)
    body = info.isPending ? (
      <div className="centre">{t("loading")}</div>
    ) : (
      <StartScreen info={null} error={info.error} onSwitched={switched} setNotice={setNotice} />
    );
  else if (info.data.open_error)
    body = <StartScreen info={info.data} error={null} onSwitched={switched} setNotice={setNotice} />;
  else
    body = (
      <Workspace
        info={info.data}
        generation={generation}
        onSwitched={switched}
        notice={notice}
        setNotice={setNotice}
        setLang={switchLang}
      />
    );
  return <LangContext.Provider value={lang}>{body}</LangContext.Provider>;
}
