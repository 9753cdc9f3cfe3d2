// The window with a workspace open: the accounts on the left, the map in the middle, the
// inspector and analysis on the right. It holds what the user is looking at (account,
// selection, filters, the deal or comparison shown); what is in the file comes from the
// query cache, and each edit invalidates only what it touched.

import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import type { AppInfo, Comparison, UndoLabel } from "../bindings";
import type { HeatMode } from "../features/analysis/analysisText";
import { useAnalysis } from "../features/analysis/useAnalysis";
import { useDealAnalysis } from "../features/deal/useDealAnalysis";
import { blankPerson } from "../features/inspector/Inspector";
import type { EditFn, Selection } from "../lib/edit";
import { MapCanvas, type Filters } from "../features/map/MapCanvas";
import { Toolbar } from "../features/map/Toolbar";
import { autoCollapsed } from "../features/map/mapModel";
import { useAccountMap } from "../features/map/useAccountMap";
import { readCollapsed, writeCollapsed } from "../features/map/viewPrefs";
import { usePlanTargets } from "../features/plan/usePlanTargets";
import { ratingArrows } from "../features/reviews/comparisonMarks";
import { backend } from "../lib/backend";
import { errorText, isNotFound } from "../lib/errors";
import { type Lang, useT } from "../lib/i18n";
import { afterEdit, keys, refreshAll } from "../lib/queries";
import { Dialogs, type DialogState } from "./Dialogs";
import { Notices } from "./Notices";
import { useAccounts, useCadences, useUndoStatus } from "./queries";
import { SidePanel, type Tab } from "./SidePanel";
import { Sidebar } from "./Sidebar";
import { LocationWarning, TopBar } from "./TopBar";
import { useShortcuts } from "./useShortcuts";

export function Workspace(props: {
  info: AppInfo;
  /** Changes when another workspace file is opened. */
  generation: number;
  onSwitched: (i: AppInfo) => void;
  notice: string | null;
  setNotice: (message: string | null) => void;
  setLang: (l: Lang) => void;
}) {
  const { info, setNotice } = props;
  const { lang, t } = useT();
  const qc = useQueryClient();
  const [chosen, setChosen] = useState<string | null>(null);
  const [selection, setSelection] = useState<Selection>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>({ query: "", keyOnly: false, department: "", side: "" });
  const [threshold, setThreshold] = useState(0.25);
  const [highlight, setHighlight] = useState<string[] | null>(null);
  const [heatMode, setHeatMode] = useState<HeatMode>("none");
  const [tab, setTab] = useState<Tab>("inspector");
  // "What if this person left?" asked from a card's menu; `n` tells one asking from the next.
  const [leaving, setLeaving] = useState<{ person: string; n: number } | null>(null);
  const whatIfLeft = useCallback((person: string) => {
    setSelection({ type: "person", id: person });
    setTab("analysis");
    setLeaving((l) => ({ person, n: (l?.n ?? 0) + 1 }));
  }, []);
  // The deal shown (its chain and analysis), and a comparison shown on the map.
  const [activeDeal, setActiveDeal] = useState<string | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  // Managers whose teams are folded away in the account on screen (kept per account across
  // openings and restarts: viewPrefs).
  const [folded, setFolded] = useState<{ account: string | null; ids: Set<string> }>({ account: null, ids: new Set() });
  const [dialog, setDialog] = useState<DialogState>(null);
  // A deletion the user may want back at once, with its Undo button.
  const [undoNotice, setUndoNotice] = useState<string | null>(null);
  // The person or account just created: its name field takes the focus, its text selected.
  const [fresh, setFresh] = useState<string | null>(null);
  const select = useCallback((s: Selection) => {
    setFresh(null);
    setSelection(s);
  }, []);
  /** The workspace whose location warning the user closed (shown again for another). */
  const [warningClosedFor, setWarningClosedFor] = useState<string | null>(null);

  // Another workspace file is open now: show it from scratch.
  const [generation, setGeneration] = useState(props.generation);
  if (generation !== props.generation) {
    setGeneration(props.generation);
    setChosen(null);
    setFolded({ account: null, ids: new Set() });
    setSelection(null);
    setProblem(null);
  }

  // What is in the file.
  const accountsQuery = useAccounts();
  const accounts = accountsQuery.data;
  const selected = chosen !== null && accounts?.some((a) => a.id === chosen) ? chosen : (accounts?.[0]?.id ?? null);
  const cadences = useCadences();
  const undoStatus = useUndoStatus();
  const collapsed = useMemo(
    () => (selected === null ? new Set<string>() : folded.account === selected ? folded.ids : (readCollapsed(selected) ?? new Set<string>())),
    [selected, folded],
  );
  const setCollapsed = useCallback((account: string, ids: Set<string>) => {
    writeCollapsed(account, ids);
    setFolded({ account, ids });
  }, []);
  const mapQuery = useAccountMap(selected, collapsed, setCollapsed);
  const map = selected !== null ? (mapQuery.data ?? null) : null;
  const dealQuery = useDealAnalysis(selected, activeDeal, threshold);
  const accountAnalysis = useAnalysis(selected, threshold, activeDeal === null);
  const targets = usePlanTargets(selected);

  // A deal deleted meanwhile (or undone): show the account again.
  if (activeDeal !== null && dealQuery.isError && isNotFound(dealQuery.error)) setActiveDeal(null);
  const deal = activeDeal !== null && !dealQuery.isError ? (dealQuery.data ?? null) : null;
  const analysis = activeDeal
    ? { value: deal?.analysis ?? null, error: dealQuery.isError && !isNotFound(dealQuery.error) ? errorText(dealQuery.error, t) : null }
    : accountAnalysis.isError
      ? { value: null, error: errorText(accountAnalysis.error, t) }
      : { value: accountAnalysis.data ?? null, error: null };

  const selectAccount = useCallback((id: string) => {
    setSelection(null);
    setHighlight(null);
    setActiveDeal(null);
    setComparison(null);
    setChosen(id);
  }, []);

  /** Runs one edit, shows its error if it fails, and reads again what it touched. */
  const edit: EditFn = useCallback(
    async (label, action) => {
      setUndoNotice(null);
      let ok = true;
      try {
        await action();
        setProblem(null);
      } catch (e) {
        ok = false;
        setProblem(errorText(e, t));
      }
      try {
        await afterEdit(qc, label, selected);
      } catch (e) {
        setProblem(errorText(e, t));
      }
      return ok;
    },
    [qc, selected, t],
  );

  /** Reads everything again, after a change that may show anywhere. */
  const refresh = useCallback(() => refreshAll(qc).catch((e) => setProblem(errorText(e, t))), [qc, t]);

  /** Folds or unfolds a manager's team; the map is laid out again. */
  const toggleCollapse = useCallback(
    (managerId: string) => {
      if (selected === null) return;
      const next = new Set(collapsed);
      if (next.has(managerId)) next.delete(managerId);
      else next.add(managerId);
      setCollapsed(selected, next);
    },
    [selected, collapsed, setCollapsed],
  );

  const undo = useCallback(() => void edit("undo", () => backend.undo()), [edit]);
  const redo = useCallback(() => void edit("redo", () => backend.redo()), [edit]);

  const addPerson = async (side: "customer" | "ours" = "customer") => {
    if (!selected) return;
    const account = selected;
    const input = { ...blankPerson(t(side === "ours" ? "newStaffName" : "newPersonName")), side };
    let id: string | null = null;
    await edit("add_person", async () => {
      id = (await backend.addPerson(account, input)).id;
    });
    if (id) {
      setSelection({ type: "person", id });
      setFresh(id);
    }
  };

  const addAccount = async () => {
    let id: string | null = null;
    await edit("create_account", async () => {
      id = (await backend.createAccount({ name: t("newAccountName"), industry: "", notes: "" })).id;
    });
    if (id) {
      selectAccount(id);
      setFresh(id);
    }
  };

  /** Shows a deal (or, with null, the account again). */
  const showDeal = useCallback((id: string | null) => {
    setActiveDeal(id);
    setTab(id ? "deal" : "inspector");
  }, []);

  const addOpportunity = async () => {
    if (!selected) return;
    const account = selected;
    let id: string | null = null;
    await edit("create_opportunity", async () => {
      id = (
        await backend.createOpportunity(account, {
          name: t("newOpportunityName"),
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
  };

  /** Deletes the selection; a key person or a person with lines with an Undo notice. */
  const deleteSelection = useCallback(
    (s: NonNullable<Selection>) => {
      setSelection(null);
      if (s.type === "line") {
        void edit("delete_relation", () => backend.deleteRelation(s.id));
        return;
      }
      // A key person or a person with lines: the notice offers the deletion back at once.
      const person = map?.people.find((p) => p.id === s.id);
      const lines = map?.relations.filter((r) => r.from === s.id || r.to === s.id).length ?? 0;
      const key = map?.key_person_ids.includes(s.id) ?? false;
      void edit("delete_person", () => backend.deletePerson(s.id)).then((ok) => {
        if (ok && person && (key || lines > 0))
          setUndoNotice(t(key ? "deletedKeyPerson" : "deletedPerson", { name: person.name, n: lines }));
      });
    },
    [edit, map, t],
  );

  useShortcuts({
    dialogOpen: dialog !== null,
    accountOpen: selected !== null,
    selection,
    onUndo: undo,
    onRedo: redo,
    onExport: useCallback(() => setDialog({ kind: "export" }), []),
    onDelete: deleteSelection,
    onEscape: useCallback(() => {
      setSelection(null);
      setHighlight(null);
    }, []),
  });

  /** The words of an undo step; the compiler checks every label has its message. */
  const stepName = (label: UndoLabel | null) => {
    if (label === null) return null;
    const key: `step_${UndoLabel}` = `step_${label}`;
    return t(key);
  };
  const moves = comparison ? ratingArrows(comparison) : null;
  const locationWarning = info.location_warning && warningClosedFor !== info.workspace_path ? info.location_warning : null;
  // A large account opened for the first time shows "loading" until its teams are folded, so
  // that the map opens (and frames its view) as it will stay.
  const folding = useMemo(() => map !== null && collapsed.size === 0 && readCollapsed(map.account.id) === null && autoCollapsed(map).size > 0, [map, collapsed]);
  const loading = accountsQuery.isPending || (selected !== null && mapQuery.isPending) || folding;
  const failed = accountsQuery.isError && !accounts ? accountsQuery.error : selected !== null && !map && mapQuery.isError ? mapQuery.error : null;

  return (
    <div className={locationWarning ? "app with-banner" : "app"}>
      <TopBar
        info={info}
        setLang={props.setLang}
        onSwitched={props.onSwitched}
        onError={setProblem}
        onImport={(file) => setDialog({ kind: "import", file })}
        onMerge={(file) => setDialog({ kind: "merge", file })}
        onExport={map ? (format) => setDialog({ kind: "export", format }) : null}
        onRestore={() => setDialog({ kind: "backups", workspace: null })}
        onLocked={(path) => setDialog({ kind: "unlock", path })}
        onPassword={(mode) => setDialog({ kind: "password", mode })}
        onNotice={setNotice}
      />
      {locationWarning && <LocationWarning warning={locationWarning} onClose={() => setWarningClosedFor(info.workspace_path)} />}
      <Sidebar
        accounts={accounts ?? []}
        selected={selected}
        cadences={cadences}
        map={map}
        activeDeal={activeDeal}
        onSelectAccount={selectAccount}
        onAddAccount={() => void addAccount()}
        onShowDeal={(id) => showDeal(id === activeDeal ? null : id)}
        onAddOpportunity={() => void addOpportunity()}
        onOpen={(kind) => setDialog({ kind })}
      />
      <main className="canvas">
        {map && (
          <Toolbar
            map={map}
            filters={filters}
            setFilters={setFilters}
            onAddPerson={() => void addPerson()}
            onAddStaff={() => void addPerson("ours")}
            onRelayout={() => void edit("relayout", () => backend.relayout(map.account.id))}
            onUndo={undo}
            onRedo={redo}
            undoName={stepName(undoStatus.undo)}
            redoName={stepName(undoStatus.redo)}
          />
        )}
        <Notices
          notice={props.notice}
          onCloseNotice={() => setNotice(null)}
          undoNotice={undoNotice}
          onUndoNotice={() => {
            setUndoNotice(null);
            undo();
          }}
          onCloseUndoNotice={() => setUndoNotice(null)}
          comparison={comparison}
          onHideComparison={() => setComparison(null)}
          deal={deal}
          onLeaveDeal={() => showDeal(null)}
          problem={problem}
          onCloseProblem={() => setProblem(null)}
        />
        <div className="canvas-body">
          {failed !== null ? (
            <div className="centre error-panel" role="alert">
              <h2>{t("cannotLoad")}</h2>
              <p>{errorText(failed, t)}</p>
              {selected && (
                <button
                  onClick={() => {
                    selectAccount(selected);
                    void mapQuery.refetch();
                  }}
                >
                  {t("retry")}
                </button>
              )}
            </div>
          ) : loading ? (
            <div className="centre">{t("loading")}</div>
          ) : map === null ? null : !map.people.some((p) => p.account_id === map.account.id) ? (
            <div className="centre empty" data-testid="empty-map">
              <p>{t("noPeople")}</p>
              <button onClick={() => void addPerson()} data-testid="empty-add-person">
                + {t("addPerson")}
              </button>
            </div>
          ) : (
            <MapCanvas
              map={map}
              filters={filters}
              selection={selection}
              onSelect={select}
              edit={edit}
              analysis={analysis.value}
              highlight={highlight}
              heatMode={heatMode}
              collapsed={collapsed}
              onToggleCollapse={toggleCollapse}
              deal={deal}
              moves={moves}
              targets={targets}
              onWhatIfLeft={whatIfLeft}
              onNotice={setNotice}
            />
          )}
        </div>
      </main>
      {map && (
        <SidePanel
          map={map}
          tab={tab}
          setTab={setTab}
          activeDeal={activeDeal}
          deal={deal}
          onLeaveDeal={() => showDeal(null)}
          selection={selection}
          onSelect={select}
          fresh={fresh}
          onDeletePerson={(id) => deleteSelection({ type: "person", id })}
          edit={edit}
          analysis={analysis}
          threshold={threshold}
          setThreshold={setThreshold}
          highlight={highlight}
          setHighlight={setHighlight}
          heatMode={heatMode}
          setHeatMode={setHeatMode}
          leaving={leaving}
        />
      )}
      <Dialogs
        dialog={dialog}
        close={() => setDialog(null)}
        accounts={accounts ?? []}
        selected={selected}
        map={map}
        threshold={threshold}
        setNotice={setNotice}
        onSwitched={props.onSwitched}
        onImported={(accountId) => void refresh().then(() => selectAccount(accountId))}
        onChangedAll={() => void refresh()}
        onChanged={(scope) => void afterEdit(qc, scope, selected).catch((e) => setProblem(errorText(e, t)))}
        onPasswordSet={(message) => {
          void qc.invalidateQueries({ queryKey: keys.appInfo() }).then(() => setNotice(message));
          void qc.invalidateQueries({ queryKey: keys.undo() });
        }}
        onShowComparison={setComparison}
        onOpenAccount={selectAccount}
      />
    </div>
  );
}
