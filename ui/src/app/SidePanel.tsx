// The panel on the right: the inspector, the analysis, and the deal shown.

import type { AccountMap, Analysis, DealAnalysis } from "../bindings";
import { AnalysisPanel } from "../features/analysis/AnalysisPanel";
import type { HeatMode } from "../features/analysis/analysisText";
import { DealPanel } from "../features/deal/DealPanel";
import { Inspector } from "../features/inspector/Inspector";
import type { EditFn, Selection } from "../lib/edit";
import { useT } from "../lib/i18n";

export type Tab = "inspector" | "analysis" | "deal";

export function SidePanel(props: {
  map: AccountMap;
  tab: Tab;
  setTab: (tab: Tab) => void;
  activeDeal: string | null;
  deal: DealAnalysis | null;
  onLeaveDeal: () => void;
  selection: Selection;
  onSelect: (s: Selection) => void;
  /** The person or account just created (its name field takes the focus). */
  fresh: string | null;
  onDeletePerson: (id: string) => void;
  edit: EditFn;
  analysis: { value: Analysis | null; error: string | null };
  threshold: number;
  setThreshold: (t: number) => void;
  highlight: string[] | null;
  setHighlight: (path: string[] | null) => void;
  heatMode: HeatMode;
  setHeatMode: (m: HeatMode) => void;
  /** "What if this person left?" asked from a card's menu. */
  leaving: { person: string; n: number } | null;
}) {
  const { t } = useT();
  const { map, tab, setTab, activeDeal, deal, selection } = props;
  const tabButton = (id: Tab, label: string) => (
    <button role="tab" aria-selected={tab === id} className={tab === id ? "active" : ""} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
      {label}
    </button>
  );
  return (
    <aside className="side-panel">
      <div className="tabs" role="tablist">
        {tabButton("inspector", t("tabInspector"))}
        {tabButton("analysis", t("tabAnalysis"))}
        {activeDeal && tabButton("deal", t("dealTab"))}
      </div>
      {tab === "deal" && activeDeal ? (
        deal ? (
          <DealPanel map={map} deal={deal} selection={selection} edit={props.edit} onLeave={props.onLeaveDeal} onDeleted={props.onLeaveDeal} />
        ) : (
          <div className="centre">{t("loading")}</div>
        )
      ) : tab === "inspector" ? (
        <Inspector map={map} selection={selection} edit={props.edit} onSelect={props.onSelect} fresh={props.fresh} onDeletePerson={props.onDeletePerson} />
      ) : (
        <AnalysisPanel
          map={map}
          analysis={props.analysis.value}
          error={props.analysis.error}
          threshold={props.threshold}
          setThreshold={props.setThreshold}
          focus={selection?.type === "person" ? selection.id : null}
          highlight={props.highlight}
          setHighlight={props.setHighlight}
          heatMode={props.heatMode}
          setHeatMode={props.setHeatMode}
          leaving={props.leaving}
        />
      )}
    </aside>
  );
}
