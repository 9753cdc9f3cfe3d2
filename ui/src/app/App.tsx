import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AnalysisPanel, type HeatMode } from "../features/analysis/AnalysisPanel";
import type { Account, AccountMap, Analysis, AppInfo, Cadence, Comparison, DealAnalysis, UndoStatus } from "../bindings";
import { DealPanel } from "../features/deal/DealPanel";
import { ratingArrows } from "../features/reviews/comparisonMarks";
import { PlanDialog } from "../features/plan/PlanDialog";
import { PortfolioDialog } from "../features/portfolio/PortfolioDialog";
import { ReviewsDialog } from "../features/reviews/ReviewsDialog";
import { backend, BackendError } from "../lib/backend";
import { type Lang, LangContext, type MessageKey, type T, translate, useT } from "../lib/i18n";
import { FileMenu } from "../features/files/FileMenu";
import { PasswordDialog, UnlockDialog, UnlockForm, type PasswordMode } from "../features/files/PasswordDialog";
import { ImportDialog } from "../features/files/ImportDialog";
import { ExportDialog } from "../features/files/ExportDialog";
import { MergeDialog } from "../features/files/MergeDialog";
import { TrashDialog } from "../features/trash/TrashDialog";
import { BackupsDialog, backupCounts, backupDate } from "../features/backups/BackupsDialog";
import { blankPerson, Inspector, type EditFn, type Selection } from "../features/inspector/Inspector";
import { MapCanvas, type Filters } from "../features/map/MapCanvas";
import { autoCollapsed, type PersonNodeData } from "../features/map/mapModel";

const LANG_KEY = "stakemap.lang";

type Load<T> = { state: "loading" } | { state: "ok"; value: T } | { state: "error"; message: string };

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
}

export function App() {
  const [info, setInfo] = useState<Load<AppInfo>>({ state: "loading" });
  const [lang, setLang] = useState<Lang>("en");
  const [accounts, setAccounts] = useState<Account[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [map, setMap] = useState<Load<AccountMap> | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [undoStatus, setUndoStatus] = useState<UndoStatus>({ undo: null, redo: null });
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [filters, setFilters] = useState<Filters>({ query: "", keyOnly: false, department: "", side: "" });
  const [analysis, setAnalysis] = useState<{ value: Analysis | null; error: string | null }>({ value: null, error: null });
  const [threshold, setThreshold] = useState(0.25);
  const [highlight, setHighlight] = useState<string[] | null>(null);
  const [heatMode, setHeatMode] = useState<HeatMode>("none");
  const [tab, setTab] = useState<"inspector" | "analysis" | "deal">("inspector");
  // The deal view: the opportunity shown, and its chain and analysis.
  const [activeDeal, setActiveDeal] = useState<string | null>(null);
  const activeDealRef = useRef(activeDeal);
  activeDealRef.current = activeDeal;
  const [deal, setDeal] = useState<DealAnalysis | null>(null);
  // A comparison shown on the map (rating arrows on the cards).
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [cadences, setCadences] = useState<Map<string, Cadence>>(new Map());
  // The plan's network targets not reached yet, by person, for the cards.
  const [targets, setTargets] = useState<Map<string, NonNullable<PersonNodeData["targets"]>> | null>(null);
  const t = useCallback<T>((k, v) => translate(lang, k, v), [lang]);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const thresholdRef = useRef(threshold);
  thresholdRef.current = threshold;
  const analysisRun = useRef(0);
  // Managers whose teams are folded away, for the account on screen; a large account opens
  // with the teams below the third level collapsed (once per account and session).
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<
    | { kind: "import" | "merge" | "unlock"; path: string }
    | { kind: "export" }
    | { kind: "trash" }
    | { kind: "backups"; workspace: string | null }
    | { kind: "password"; mode: PasswordMode }
    | { kind: "reviews" | "plan" | "portfolio" }
    | null
  >(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** The workspace whose location warning the user closed (shown again for another). */
  const [warningClosedFor, setWarningClosedFor] = useState<string | null>(null);
  const collapsedRef = useRef(collapsed);
  collapsedRef.current = collapsed;
  const autoCollapsedFor = useRef(new Set<string>());

  /** Runs the analysis in the background; a newer run wins over an older one. */
  const runAnalysis = useCallback((accountId: string) => {
    const run = ++analysisRun.current;
    const dealId = activeDealRef.current;
    if (dealId) {
      // The deal view: the analysis of the deal's own graph.
      backend.analyzeOpportunity(dealId, thresholdRef.current).then(
        (d) => {
          if (run !== analysisRun.current) return;
          setDeal(d);
          setAnalysis({ value: d.analysis, error: null });
        },
        (e) => {
          if (run !== analysisRun.current) return;
          setDeal(null);
          if (e instanceof BackendError && e.kind === "not_found") setActiveDeal(null);
          else setAnalysis({ value: null, error: errorMessage(e) });
        },
      );
      return;
    }
    setDeal(null);
    backend.analyze(accountId, thresholdRef.current).then(
      (value) => run === analysisRun.current && setAnalysis({ value, error: null }),
      (e) => run === analysisRun.current && setAnalysis({ value: null, error: errorMessage(e) }),
    );
  }, []);

  const refresh = useCallback(async (accountId: string | null) => {
    const list = await backend.listAccounts();
    setAccounts(list);
    const id = accountId && list.some((a) => a.id === accountId) ? accountId : (list[0]?.id ?? null);
    setSelected(id);
    if (id) {
      let m = await backend.accountMap(id, [...collapsedRef.current]);
      if (!autoCollapsedFor.current.has(id)) {
        autoCollapsedFor.current.add(id);
        const auto = autoCollapsed(m);
        if (auto.size > 0) {
          collapsedRef.current = auto;
          setCollapsed(auto);
          m = await backend.accountMap(id, [...auto]);
        }
      }
      setMap({ state: "ok", value: m });
      runAnalysis(id);
    } else setMap(null);
    if (id)
      backend.planProgress(id).then(
        (p) => {
          const open = new Map<string, NonNullable<PersonNodeData["targets"]>>();
          for (const x of p.targets.filter((x) => !x.reached)) {
            const list = open.get(x.target.person_id) ?? [];
            list.push({ rating: x.target.rating, target: x.target.target, due: x.target.due, overdue: x.overdue });
            open.set(x.target.person_id, list);
          }
          setTargets(open);
        },
        () => setTargets(null),
      );
    backend.cadences().then(
      (list) => setCadences(new Map(list.map((c) => [c.account_id, c]))),
      () => setCadences(new Map()),
    );
    setUndoStatus(await backend.undoStatus());
    setVersion((v) => v + 1);
  }, [runAnalysis]);

  useEffect(() => {
    if (selectedRef.current) runAnalysis(selectedRef.current);
  }, [threshold, activeDeal, runAnalysis]);

  useEffect(() => {
    (async () => {
      try {
        const i = await backend.appInfo();
        const stored = localStorage.getItem(LANG_KEY);
        setLang(stored === "en" || stored === "ja" ? stored : i.lang);
        setInfo({ state: "ok", value: i });
        if (i.open_error) return;
        setMap({ state: "loading" });
        await refresh(null);
      } catch (e) {
        setInfo({ state: "error", message: errorMessage(e) });
      }
    })();
  }, [refresh]);

  const selectAccount = useCallback(
    async (id: string) => {
      collapsedRef.current = new Set();
      setCollapsed(collapsedRef.current);
      setSelection(null);
      setHighlight(null);
      setAnalysis({ value: null, error: null });
      activeDealRef.current = null;
      setActiveDeal(null);
      setComparison(null);
      setMap({ state: "loading" });
      try {
        await refresh(id);
      } catch (e) {
        setMap({ state: "error", message: errorMessage(e) });
      }
    },
    [refresh],
  );

  /** Runs one edit, shows its error if it fails, and redraws from the file. */
  const edit: EditFn = useCallback(
    async (_label, action) => {
      let ok = true;
      try {
        await action();
        setProblem(null);
      } catch (e) {
        ok = false;
        setProblem(errorMessage(e));
      }
      try {
        await refresh(selectedRef.current);
      } catch (e) {
        setProblem(errorMessage(e));
      }
      return ok;
    },
    [refresh],
  );

  /** Folds or unfolds a manager's team, and lays the map out again. */
  const toggleCollapse = useCallback(async (managerId: string) => {
    const next = new Set(collapsedRef.current);
    if (next.has(managerId)) next.delete(managerId);
    else next.add(managerId);
    collapsedRef.current = next;
    setCollapsed(next);
    const id = selectedRef.current;
    if (!id) return;
    try {
      setMap({ state: "ok", value: await backend.accountMap(id, [...next]) });
    } catch (e) {
      setProblem(errorMessage(e));
    }
  }, []);

  /** Another workspace file is open now: show it from scratch. */
  const switched = useCallback(
    async (i: AppInfo) => {
      collapsedRef.current = new Set();
      setCollapsed(collapsedRef.current);
      autoCollapsedFor.current.clear();
      setInfo({ state: "ok", value: i });
      setSelection(null);
      setProblem(null);
      setMap({ state: "loading" });
      try {
        await refresh(null);
      } catch (e) {
        setMap({ state: "error", message: errorMessage(e) });
      }
    },
    [refresh],
  );

  const undo = useCallback(() => edit("undo", () => backend.undo()), [edit]);
  const redo = useCallback(() => edit("redo", () => backend.redo()), [edit]);

  const addPerson = useCallback(
    async (side: "customer" | "ours" = "customer") => {
      if (!selectedRef.current) return;
      const account = selectedRef.current;
      const input = { ...blankPerson(translate(lang, side === "ours" ? "newStaffName" : "newPersonName")), side };
      let id: string | null = null;
      await edit("add_person", async () => {
        id = (await backend.addPerson(account, input)).id;
      });
      if (id) setSelection({ type: "person", id });
    },
    [edit, lang],
  );

  const addAccount = useCallback(async () => {
    let id: string | null = null;
    await edit("create_account", async () => {
      id = (await backend.createAccount({ name: translate(lang, "newAccountName"), industry: "", notes: "" })).id;
    });
    if (id) await selectAccount(id);
  }, [edit, lang, selectAccount]);

  /** Shows a deal (or, with null, the account again). */
  const showDeal = useCallback((id: string | null) => {
    activeDealRef.current = id;
    setActiveDeal(id);
    setTab(id ? "deal" : "inspector");
    if (!id) setDeal(null);
  }, []);

  const addOpportunity = useCallback(async () => {
    const account = selectedRef.current;
    if (!account) return;
    let id: string | null = null;
    await edit("create_opportunity", async () => {
      id = (
        await backend.createOpportunity(account, {
          name: translate(lang, "newOpportunityName"),
          stage: "",
          amount: 0,
          currency: lang === "ja" ? "JPY" : "",
          close_date: "",
          status: "open",
          notes: "",
        })
      ).id;
    });
    if (id) showDeal(id);
  }, [edit, lang, showDeal]);

  // Started again while open: the second start brought this window forward; say so.
  const relaunches = useRef(0);
  useEffect(() => {
    const check = () => {
      backend.appInfo().then(
        (i) => {
          if (i.relaunches > relaunches.current) {
            relaunches.current = i.relaunches;
            setNotice(translate(lang, "relaunched"));
          }
        },
        () => undefined,
      );
    };
    window.addEventListener("focus", check);
    return () => window.removeEventListener("focus", check);
  }, [lang]);

  // Keyboard: undo/redo, delete the selection, Esc to clear it.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // A dialog owns the keyboard while it is open.
      if (dialog) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "e" && !isTyping(e.target) && selectedRef.current) {
        e.preventDefault();
        setDialog({ kind: "export" });
        return;
      }
      if (mod && e.key.toLowerCase() === "z" && !isTyping(e.target)) {
        e.preventDefault();
        void (e.shiftKey ? redo() : undo());
      } else if (mod && e.key.toLowerCase() === "y" && !isTyping(e.target)) {
        e.preventDefault();
        void redo();
      } else if ((e.key === "Delete" || e.key === "Backspace") && !isTyping(e.target) && selection) {
        e.preventDefault();
        const s = selection;
        setSelection(null);
        void (s.type === "person"
          ? edit("delete_person", () => backend.deletePerson(s.id))
          : edit("delete_relation", () => backend.deleteRelation(s.id)));
      } else if (e.key === "Escape" && !isTyping(e.target)) {
        setSelection(null);
        setHighlight(null);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [undo, redo, edit, selection, dialog]);

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const switchLang = (l: Lang) => {
    setLang(l);
    localStorage.setItem(LANG_KEY, l);
  };

  if (info.state === "loading") return <div className="centre">{t("loading")}</div>;
  if (info.state === "error" || info.value.open_error) {
    const message = info.state === "error" ? info.message : info.value.open_error?.message;
    const recovery = info.state === "ok" ? info.value.recovery : null;
    const restored = (i: AppInfo, note: string) => {
      setDialog(null);
      void switched(i).then(() => setNotice(note));
    };
    const locked = info.state === "ok" ? info.value.locked_path : null;
    const lockedKind = info.state === "ok" ? info.value.open_error?.kind : null;
    if (locked && (lockedKind === "encrypted" || lockedKind === "wrong_password")) {
      return (
        <LangContext.Provider value={lang}>
          <div className="centre error-panel" data-testid="locked">
            <h2>🔒 {t("passwordTitle")}</h2>
            <UnlockForm path={locked} onOpened={(i) => void switched(i)} />
          </div>
        </LangContext.Provider>
      );
    }
    if (recovery) {
      const offer = recovery.backup;
      return (
        <LangContext.Provider value={lang}>
          <div className="centre error-panel" role="alert" data-testid="recovery">
            <h2>{t("recoveryTitle")}</h2>
            <p>{recovery.workspace_path}</p>
            {recovery.damaged_path && <p className="note">{t("recoveryMoved", { path: recovery.damaged_path })}</p>}
            {offer ? (
              <>
                <p data-testid="recovery-offer">{t("recoveryOffer", { date: backupDate(lang, offer.taken_at), counts: backupCounts(lang, offer) })}</p>
                <div className="row">
                  <button
                    className="primary"
                    data-testid="recovery-restore"
                    onClick={() =>
                      void backend.restoreBackup(offer.path).then(
                        (i) => restored(i, t("backupRestored", { date: backupDate(lang, offer.taken_at) })),
                        (e) => setProblem(errorMessage(e)),
                      )
                    }
                  >
                    {t("recoveryRestore")}
                  </button>
                  <button onClick={() => setDialog({ kind: "backups", workspace: recovery.workspace_path })}>{t("recoveryOthers")}</button>
                </div>
              </>
            ) : (
              <p>{t("recoveryNoBackup")}</p>
            )}
            {problem && <p className="problem">{problem}</p>}
            {dialog?.kind === "backups" && (
              <BackupsDialog workspace={dialog.workspace} onClose={() => setDialog(null)} onRestored={restored} />
            )}
          </div>
        </LangContext.Provider>
      );
    }
    return (
      <div className="centre error-panel" role="alert">
        <h2>{t("cannotOpen")}</h2>
        <p>{message}</p>
      </div>
    );
  }

  const stepName = (label: string | null) => (label ? translate(lang, `step_${label}` as MessageKey) ?? label : null);
  const undoName = stepName(undoStatus.undo);
  const redoName = stepName(undoStatus.redo);
  const moves = comparison ? ratingArrows(comparison) : null;

  const locationWarning =
    info.value.location_warning && warningClosedFor !== info.value.workspace_path ? info.value.location_warning : null;

  return (
    <LangContext.Provider value={lang}>
      <div className={locationWarning ? "app with-banner" : "app"}>
        <header className="topbar">
          <span className="brand">
            <img src="/icon.png" alt="" width={22} height={22} />
            {t("appName")}
          </span>
          <FileMenu
            onSwitched={(i) => void switched(i)}
            onError={setProblem}
            onImport={(path) => setDialog({ kind: "import", path })}
            onMerge={(path) => setDialog({ kind: "merge", path })}
            onExport={map?.state === "ok" ? () => setDialog({ kind: "export" }) : null}
            onRestore={() => setDialog({ kind: "backups", workspace: null })}
            onLocked={(path) => setDialog({ kind: "unlock", path })}
            encrypted={info.value.encrypted}
            onPassword={(mode) => setDialog({ kind: "password", mode })}
          />
          <span className="workspace" title={info.value.workspace_path ?? ""}>
            {t("workspace")}: {info.value.workspace_path}
          </span>
          {info.value.encrypted && (
            <span className="badge locked" title={t("encryptedBadgeHint")} data-testid="encrypted-badge">
              🔒 {t("encryptedBadge")}
            </span>
          )}
          <label className="lang">
            {t("language")}{" "}
            <select value={lang} onChange={(e) => switchLang(e.target.value as Lang)} data-testid="lang-select">
              <option value="en">English</option>
              <option value="ja">日本語</option>
            </select>
          </label>
        </header>
        {locationWarning && (
          <div className="location-warning" role="status" data-testid="location-warning">
            <span>
              {t("locationWarning", {
                place: t(locationWarning.kind === "network" ? "locationNetwork" : "locationCloud"),
                detail: locationWarning.detail,
              })}
            </span>
            <button onClick={() => setWarningClosedFor(info.value.workspace_path)} aria-label="close" data-testid="location-warning-close">
              ✕
            </button>
          </div>
        )}
        <aside className="sidebar">
          <div className="sidebar-head">
            <h3>{t("accounts")}</h3>
            <button className="small" onClick={() => void addAccount()} data-testid="add-account">
              + {t("addAccount")}
            </button>
          </div>
          {accounts.length === 0 ? (
            <p className="empty">{t("noAccounts")}</p>
          ) : (
            <ul className="account-list" data-testid="account-list">
              {accounts.map((a) => (
                <li key={a.id}>
                  <button
                    className={a.id === selected ? "active" : ""}
                    onClick={() => void selectAccount(a.id)}
                    data-account-id={a.id}
                  >
                    <span className="account-name">{a.name}</span>
                    {a.industry && <span className="account-industry">{a.industry}</span>}
                    <CadenceLine cadence={cadences.get(a.id)} />
                  </button>
                </li>
              ))}
            </ul>
          )}
          {map?.state === "ok" && (
            <AccountSummary
              map={map.value}
              activeDeal={activeDeal}
              onShowDeal={(id) => showDeal(id === activeDeal ? null : id)}
              onAddOpportunity={() => void addOpportunity()}
            />
          )}
          {map?.state === "ok" && (
            <div className="row cycle-buttons">
              <button className="small" onClick={() => setDialog({ kind: "reviews" })} data-testid="open-reviews">
                {t("openReviews")}…
              </button>
              <button className="small" onClick={() => setDialog({ kind: "plan" })} data-testid="open-plan">
                {t("openPlan")}…
              </button>
            </div>
          )}
          <div className="sidebar-foot">
            <button className="small" onClick={() => setDialog({ kind: "portfolio" })} data-testid="open-portfolio">
              ▦ {t("openPortfolio")}
            </button>
            <button className="small" onClick={() => setDialog({ kind: "trash" })} data-testid="open-trash">
              🗑 {t("trash")}
            </button>
          </div>
        </aside>
        <main className="canvas">
          {map?.state === "ok" && (
            <Toolbar
              map={map.value}
              filters={filters}
              setFilters={setFilters}
              onAddPerson={() => void addPerson()}
              onAddStaff={() => void addPerson("ours")}
              onRelayout={() => void edit("relayout", () => backend.relayout(map.value.account.id))}
              onUndo={() => void undo()}
              onRedo={() => void redo()}
              undoName={undoName}
              redoName={redoName}
            />
          )}
          {notice && (
            <div className="notice" role="status" data-testid="notice">
              <span>{notice}</span>
              <button onClick={() => setNotice(null)} aria-label="close">
                ✕
              </button>
            </div>
          )}
          {comparison && (
            <div className="deal-banner" role="status" data-testid="comparison-banner">
              <span>
                {t("comparisonBanner", { before: comparison.before_label, after: comparison.after_label })}
              </span>
              <button onClick={() => setComparison(null)} data-testid="comparison-hide">
                {t("comparisonHide")}
              </button>
            </div>
          )}
          {deal && activeDeal && (
            <div className="deal-banner" role="status" data-testid="deal-banner">
              <span>{t("dealBanner", { name: deal.opportunity.name })}</span>
              <button onClick={() => showDeal(null)} data-testid="deal-banner-leave">
                {t("dealLeave")}
              </button>
            </div>
          )}
          {problem && (
            <div className="problem" role="alert" data-testid="problem">
              <span>{problem}</span>
              <button onClick={() => setProblem(null)} aria-label="close">
                ✕
              </button>
            </div>
          )}
          <div className="canvas-body">
            {map === null ? null : map.state === "loading" ? (
              <div className="centre">{t("loading")}</div>
            ) : map.state === "error" ? (
              <div className="centre error-panel" role="alert">
                <h2>{t("cannotLoad")}</h2>
                <p>{map.message}</p>
                {selected && <button onClick={() => void selectAccount(selected)}>{t("retry")}</button>}
              </div>
            ) : !map.value.people.some((p) => p.account_id === map.value.account.id) ? (
              <div className="centre empty" data-testid="empty-map">
                <p>{t("noPeople")}</p>
                <button onClick={() => void addPerson()} data-testid="empty-add-person">
                  + {t("addPerson")}
                </button>
              </div>
            ) : (
              <MapCanvas
                map={map.value}
                filters={filters}
                selection={selection}
                onSelect={setSelection}
                edit={edit}
                analysis={analysis.value}
                highlight={highlight}
                heatMode={heatMode}
                collapsed={collapsed}
                onToggleCollapse={(id) => void toggleCollapse(id)}
                deal={activeDeal ? deal : null}
                moves={moves}
                targets={targets}
              />
            )}
          </div>
        </main>
        {map?.state === "ok" && (
          <aside className="side-panel">
            <div className="tabs" role="tablist">
              <button role="tab" aria-selected={tab === "inspector"} className={tab === "inspector" ? "active" : ""} onClick={() => setTab("inspector")} data-testid="tab-inspector">
                {t("tabInspector")}
              </button>
              <button role="tab" aria-selected={tab === "analysis"} className={tab === "analysis" ? "active" : ""} onClick={() => setTab("analysis")} data-testid="tab-analysis">
                {t("tabAnalysis")}
              </button>
              {activeDeal && (
                <button role="tab" aria-selected={tab === "deal"} className={tab === "deal" ? "active" : ""} onClick={() => setTab("deal")} data-testid="tab-deal">
                  {t("dealTab")}
                </button>
              )}
            </div>
            {tab === "deal" && activeDeal ? (
              deal ? (
                <DealPanel map={map.value} deal={deal} selection={selection} edit={edit} onLeave={() => showDeal(null)} onDeleted={() => showDeal(null)} />
              ) : (
                <div className="centre">{t("loading")}</div>
              )
            ) : tab === "inspector" ? (
              <Inspector map={map.value} selection={selection} edit={edit} onSelect={setSelection} version={version} />
            ) : (
              <AnalysisPanel
                map={map.value}
                analysis={analysis.value}
                error={analysis.error}
                threshold={threshold}
                setThreshold={setThreshold}
                focus={selection?.type === "person" ? selection.id : null}
                highlight={highlight}
                setHighlight={setHighlight}
                heatMode={heatMode}
                setHeatMode={setHeatMode}
              />
            )}
          </aside>
        )}
        {dialog?.kind === "import" && (
          <ImportDialog
            path={dialog.path}
            accounts={accounts}
            currentAccountId={selected}
            onClose={() => setDialog(null)}
            onImported={(accountId, message) => {
              setDialog(null);
              setNotice(message);
              void selectAccount(accountId);
            }}
          />
        )}
        {dialog?.kind === "merge" && (
          <MergeDialog
            path={dialog.path}
            onClose={() => setDialog(null)}
            onMerged={(message) => {
              setDialog(null);
              setNotice(message);
              void refresh(selectedRef.current).catch((e) => setProblem(errorMessage(e)));
            }}
          />
        )}
        {dialog?.kind === "backups" && (
          <BackupsDialog
            workspace={dialog.workspace}
            onClose={() => setDialog(null)}
            onRestored={(i, message) => {
              setDialog(null);
              void switched(i).then(() => setNotice(message));
            }}
          />
        )}
        {dialog?.kind === "unlock" && (
          <UnlockDialog
            path={dialog.path}
            onClose={() => setDialog(null)}
            onOpened={(i) => {
              setDialog(null);
              void switched(i);
            }}
          />
        )}
        {dialog?.kind === "password" && (
          <PasswordDialog
            mode={dialog.mode}
            onClose={() => setDialog(null)}
            onDone={(message) => {
              setDialog(null);
              void backend.appInfo().then((i) => {
                setInfo({ state: "ok", value: i });
                setNotice(message);
              });
              void backend.undoStatus().then(setUndoStatus);
            }}
          />
        )}
        {dialog?.kind === "reviews" && map?.state === "ok" && (
          <ReviewsDialog
            accountId={map.value.account.id}
            accountName={map.value.account.name}
            threshold={threshold}
            onClose={() => setDialog(null)}
            onChanged={() => void refresh(selectedRef.current).catch((e) => setProblem(errorMessage(e)))}
            onShowOnMap={(c) => {
              setComparison(c);
              if (c) setDialog(null);
            }}
            onExported={(message) => setNotice(message)}
          />
        )}
        {dialog?.kind === "plan" && map?.state === "ok" && (
          <PlanDialog
            accountId={map.value.account.id}
            accountName={map.value.account.name}
            onClose={() => {
              // Targets may have been added or deleted: the cards show them.
              setDialog(null);
              void refresh(selectedRef.current).catch((e) => setProblem(errorMessage(e)));
            }}
            onSaved={(message) => {
              setDialog(null);
              setNotice(message);
              void refresh(selectedRef.current).catch((e) => setProblem(errorMessage(e)));
            }}
          />
        )}
        {dialog?.kind === "portfolio" && (
          <PortfolioDialog onClose={() => setDialog(null)} onOpenAccount={(id) => void selectAccount(id)} />
        )}
        {dialog?.kind === "trash" && (
          <TrashDialog
            onClose={() => setDialog(null)}
            onChanged={(message) => {
              setNotice(message);
              void refresh(selectedRef.current).catch((e) => setProblem(errorMessage(e)));
            }}
          />
        )}
        {dialog?.kind === "export" && map?.state === "ok" && (
          <ExportDialog
            accountId={map.value.account.id}
            accountName={map.value.account.name}
            onClose={() => setDialog(null)}
            onDone={(message) => {
              setDialog(null);
              setNotice(message);
            }}
          />
        )}
      </div>
    </LangContext.Provider>
  );
}

function Toolbar(props: {
  map: AccountMap;
  filters: Filters;
  setFilters: (f: Filters) => void;
  onAddPerson: () => void;
  onAddStaff: () => void;
  onRelayout: () => void;
  onUndo: () => void;
  onRedo: () => void;
  undoName: string | null;
  redoName: string | null;
}) {
  const { t } = useT();
  const { filters, setFilters, map } = props;
  const departments = useMemo(
    () => [...new Set(map.people.map((p) => p.department).filter((d) => d))].sort(),
    [map.people],
  );
  return (
    <div className="toolbar" role="toolbar">
      <button onClick={props.onAddPerson} data-testid="add-person">
        + {t("addPerson")}
      </button>
      <button onClick={props.onAddStaff} data-testid="add-staff">
        + {t("addOurStaff")}
      </button>
      <button
        onClick={props.onUndo}
        disabled={!props.undoName}
        title={props.undoName ? `${t("undo")}: ${props.undoName} (Ctrl+Z)` : t("nothingToUndo")}
        data-testid="undo"
      >
        ↶ {t("undo")}
      </button>
      <button
        onClick={props.onRedo}
        disabled={!props.redoName}
        title={props.redoName ? `${t("redo")}: ${props.redoName} (Ctrl+Shift+Z)` : t("nothingToRedo")}
        data-testid="redo"
      >
        ↷ {t("redo")}
      </button>
      <button onClick={props.onRelayout} data-testid="relayout" disabled={!map.placements.some((p) => p.manual)}>
        {t("relayout")}
      </button>
      <span className="spacer" />
      <input
        type="search"
        placeholder={t("search")}
        value={filters.query}
        onChange={(e) => setFilters({ ...filters, query: e.target.value })}
        data-testid="search"
      />
      <label className="check">
        <input
          type="checkbox"
          checked={filters.keyOnly}
          onChange={(e) => setFilters({ ...filters, keyOnly: e.target.checked })}
          data-testid="filter-key"
        />
        {t("keyOnly")}
      </label>
      <select
        value={filters.department}
        onChange={(e) => setFilters({ ...filters, department: e.target.value })}
        data-testid="filter-department"
      >
        <option value="">{t("allDepartments")}</option>
        {departments.map((d) => (
          <option key={d} value={d}>
            {d}
          </option>
        ))}
      </select>
      <select
        value={filters.side}
        onChange={(e) => setFilters({ ...filters, side: e.target.value })}
        data-testid="filter-side"
      >
        <option value="">{t("allSides")}</option>
        {(["customer", "ours", "partner", "consultant", "competitor"] as const).map((s) => (
          <option key={s} value={s}>
            {t(`side_${s}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
}

function AccountSummary(props: { map: AccountMap; activeDeal: string | null; onShowDeal: (id: string) => void; onAddOpportunity: () => void }) {
  const { map } = props;
  const { lang } = useT();
  const customers = map.people.filter((p) => p.side === "customer").length;
  return (
    <div className="summary" data-testid="account-summary">
      <p>
        {customers} {translate(lang, "people")} · {translate(lang, "keyPerson")}: {map.key_person_ids.length}
      </p>
      <div className="row">
        <h4 style={{ flex: 1 }}>{translate(lang, "opportunities")}</h4>
        <button className="small" onClick={props.onAddOpportunity} data-testid="add-opportunity">
          + {translate(lang, "addOpportunity")}
        </button>
      </div>
      <ul className="opportunities">
        {map.opportunities.map((o) => (
          <li key={o.id}>
            <button
              className={o.id === props.activeDeal ? "active" : ""}
              onClick={() => props.onShowDeal(o.id)}
              data-testid="opportunity"
              data-opportunity-id={o.id}
              aria-pressed={o.id === props.activeDeal}
            >
              <span>{o.name}</span>
              <span className="muted">
                {o.stage ? `${o.stage} · ` : ""}
                {new Intl.NumberFormat(lang).format(o.amount)} {o.currency}
                {o.status !== "open" ? ` · ${translate(lang, `status_${o.status}` as MessageKey)}` : ""}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Under an account's name: its last review, and flags when a review is due. */
function CadenceLine({ cadence }: { cadence: Cadence | undefined }) {
  const { lang } = useT();
  if (!cadence) return null;
  return (
    <span className="cadence muted" data-testid="account-cadence">
      {cadence.last_review
        ? translate(lang, "lastReview", { date: new Date(cadence.last_review).toLocaleDateString(lang) })
        : translate(lang, "neverReviewed")}
      {cadence.review_overdue && (
        <span className="flag" data-testid="account-review-due">
          {" "}
          · {translate(lang, "reviewDue")}
        </span>
      )}
      {cadence.plan_updated && cadence.plan_overdue && (
        <span className="flag" data-testid="account-plan-due">
          {" "}
          · {translate(lang, "planDue")}
        </span>
      )}
    </span>
  );
}
