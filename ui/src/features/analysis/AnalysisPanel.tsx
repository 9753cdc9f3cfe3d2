// The analysis panel: the next steps first (choosing one highlights its route on the map),
// then risks and levers, the map status, indirect key persons, coverage gaps, approach paths
// and warnings in plain words; choosing a finding highlights its path on the map. Also the
// heat view and the what-if preview.

import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import type { AccountMap, Analysis } from "../../bindings";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";
import {
  approachText,
  gapText,
  indirectText,
  singleThreadText,
  statusText,
  unknownText,
  type HeatMode,
} from "./analysisText";
import { actionPath, actionText, leverText, riskText, whyText } from "./adviceText";
import { Departure } from "./Departure";
import { useReportingAccess } from "./reportingAccess";
import { type MessageKey, UNKNOWN_MARK, useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";

export function AnalysisPanel(props: {
  map: AccountMap;
  analysis: Analysis | null;
  error: string | null;
  threshold: number;
  setThreshold: (t: number) => void;
  focus: string | null;
  highlight: string[] | null;
  setHighlight: (path: string[] | null) => void;
  heatMode: HeatMode;
  setHeatMode: (m: HeatMode) => void;
  /** "What if this person left?" asked from a card's menu: its answer is shown open. */
  leaving: { person: string; n: number } | null;
}) {
  const { map, analysis, focus, highlight, setHighlight } = props;
  const { lang, t } = useT();
  const people = useMemo(() => new Map(map.people.map((p) => [p.id, p])), [map.people]);
  const [threshold, setThreshold] = useState(props.threshold);
  useEffect(() => setThreshold(props.threshold), [props.threshold]);
  const [access, setAccess] = useReportingAccess();
  // The next step chosen: several can share one route.
  const [chosen, setChosen] = useState<string | null>(null);
  const [accessDraft, setAccessDraft] = useState(access);
  useEffect(() => setAccessDraft(access), [access]);

  if (props.error) return <div className="analysis error-panel" role="alert">{props.error}</div>;
  if (!analysis) return <div className="analysis muted">{t("loading")}</div>;

  const focusIsKey = focus !== null && analysis.key_persons.includes(focus);
  const indirect = analysis.indirect_key_persons.filter((f) => !focusIsKey || f.key_person === focus);
  const gaps = analysis.coverage_gaps.filter((g) => !focusIsKey || g.person === focus);
  const approaches = analysis.approach_paths.filter((a) => !focusIsKey || a.key_person === focus);
  const same = (path: string[]) => highlight !== null && highlight.join() === path.join();
  const finding = (key: string, text: string, path: string[], testId: string, extra = "") => (
    <li key={key}>
      <button
        className={`finding${same(path) ? " active" : ""} ${extra}`}
        onClick={() => setHighlight(same(path) ? null : path)}
        data-testid={testId}
        data-path={path.join(",")}
      >
        {text}
      </button>
    </li>
  );

  const actions = analysis.actions.filter((a) => !focusIsKey || a.key_person === focus);
  const risks = analysis.risks.filter((r) => !focusIsKey || r.key_person === focus || r.key_person === null);
  const levers = analysis.levers.filter((l) => !focusIsKey || l.key_person === focus);
  const before = (key: string) => analysis.coverage_gaps.find((g) => g.person === key)?.best_reach ?? null;

  return (
    <div className="analysis" data-testid="analysis">
      <h4>{t("nextSteps")}</h4>
      {actions.length === 0 ? (
        <p className="muted">{t("noNextSteps")}</p>
      ) : (
        <ol className="findings next-steps" data-testid="next-steps">
          {actions.slice(0, 10).map((a) => {
            const path = actionPath(a);
            const id = `${a.kind}-${a.key_person}-${a.target}`;
            const active = chosen === id && same(path);
            return (
              <li key={id}>
                <button
                  className={`finding action${active ? " active" : ""}`}
                  onClick={() => {
                    setChosen(active ? null : id);
                    setHighlight(active ? null : path);
                  }}
                  data-testid="next-step"
                  data-kind={a.kind}
                  data-key-person={a.key_person}
                  data-target={a.target}
                  data-path={path.join(",")}
                  title={`${t("reachValue")} ${a.gain.toFixed(2)}`}
                >
                  <strong>{actionText(lang, people, a)}</strong>
                  <span className="why" style={{ display: "block", fontWeight: "normal" }}>{whyText(lang, people, a, before(a.key_person))}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
      <h4>{t("risks")}</h4>
      {risks.length === 0 ? (
        <p className="muted">{t("noRisks")}</p>
      ) : (
        <ul className="findings" data-testid="risk-list">
          {risks.map((r, i) => (
            <li key={`${r.kind}-${r.key_person ?? ""}-${r.person ?? ""}-${i}`}>
              <button
                className={`finding risk-${r.kind}${r.path && same(r.path) ? " active" : ""}`}
                onClick={() => r.path && setHighlight(same(r.path) ? null : r.path)}
                data-testid="risk"
                data-kind={r.kind}
                title={r.reach !== null ? `${t("reachValue")} ${r.reach.toFixed(2)}` : undefined}
              >
                {riskText(lang, people, r)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h4>{t("levers")}</h4>
      {levers.length === 0 ? (
        <p className="muted">{t("noLevers")}</p>
      ) : (
        <ul className="findings" data-testid="lever-list">
          {levers.map((l) => (
            <li key={`${l.kind}-${l.person}-${l.key_person}`}>
              <button
                className={`finding${same(l.path) ? " active" : ""}`}
                onClick={() => setHighlight(same(l.path) ? null : l.path)}
                data-testid="lever"
                title={`${t("reachValue")} ${l.reach.toFixed(2)}`}
              >
                {leverText(lang, people, l)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className={`status status-${analysis.map_status}`} data-testid="map-status">
        {statusText(lang, analysis.map_status)}
      </div>
      {map.missing_team_roles.length > 0 && (
        <p className="warning" data-testid="missing-team">
          {t("missingTeam")}: {map.missing_team_roles.map((r) => t(`team_${r}` as MessageKey)).join(", ")}
        </p>
      )}
      {analysis.single_threaded && <p className="warning">{singleThreadText(lang, people, analysis.single_threaded)}</p>}
      {analysis.unknown_ratings.length > 0 && <p className="warning">{unknownText(lang, people, analysis.unknown_ratings)}</p>}
      {focusIsKey && (
        <p className="focus">
          {t("focusOn")}: <strong>{people.get(focus)?.name}</strong>
        </p>
      )}
      <label className="field">
        <span>
          {t("threshold")}: {threshold.toFixed(2)}
        </span>
        <input
          type="range"
          min={0.05}
          max={0.9}
          step={0.05}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
          onPointerUp={() => props.setThreshold(threshold)}
          onKeyUp={() => props.setThreshold(threshold)}
          data-testid="threshold"
        />
      </label>
      <label className="field">
        <span title={t("reportingAccessHint")}>
          {t("reportingAccess")}: {accessDraft === 0 ? t("reportingAccessOff") : accessDraft.toFixed(2)}
        </span>
        <input
          type="range"
          min={0}
          max={0.9}
          step={0.05}
          value={accessDraft}
          onChange={(e) => setAccessDraft(Number(e.target.value))}
          onPointerUp={() => setAccess(accessDraft)}
          onKeyUp={() => setAccess(accessDraft)}
          data-testid="reporting-access"
        />
      </label>
      {focus !== null && people.has(focus) && (
        <Departure accountId={map.account.id} person={focus} threshold={props.threshold} access={access} people={people} asked={props.leaving} />
      )}
      <h4>{t("indirectKeyPersons")}</h4>
      {indirect.length === 0 ? (
        <p className="muted">{t("noIndirect")}</p>
      ) : (
        <ul className="findings" data-testid="indirect-list">
          {indirect.slice(0, 60).map((f) =>
            finding(`${f.key_person}-${f.person}`, indirectText(lang, people, f), f.path, "indirect", f.polarity < 0 ? "negative" : ""),
          )}
        </ul>
      )}
      <h4>{t("coverageGaps")}</h4>
      {gaps.length === 0 ? (
        <p className="muted">{t("noGaps")}</p>
      ) : (
        <ul className="findings" data-testid="gap-list">
          {gaps.map((g) => {
            const a = analysis.approach_paths.find((x) => x.key_person === g.person);
            return finding(`gap-${g.person}`, gapText(lang, people, g), a ? a.path : [g.person], "gap", g.kind);
          })}
        </ul>
      )}
      <h4>{t("approachPaths")}</h4>
      {approaches.length === 0 ? (
        <p className="muted">{t("noApproach")}</p>
      ) : (
        <ul className="findings" data-testid="approach-list">
          {approaches.map((a) => finding(`ap-${a.key_person}`, approachText(lang, people, a), a.path, "approach"))}
        </ul>
      )}
      <h4>{t("heatView")}</h4>
      <select value={props.heatMode} onChange={(e) => props.setHeatMode(e.target.value as HeatMode)} data-testid="heat-mode">
        <option value="none">{t("heatNone")}</option>
        <option value="pagerank">{t("heatPagerank")}</option>
        <option value="betweenness">{t("heatBetweenness")}</option>
      </select>
      <WhatIf map={map} />
    </div>
  );
}

function WhatIf({ map }: { map: AccountMap }) {
  const { t } = useT();
  const [person, setPerson] = useState("");
  const [value, setValue] = useState(5);
  const names = useMemo(() => new Map(map.people.map((p) => [p.id, p.name])), [map.people]);
  const query = useQuery({
    queryKey: keys.whatIf(map.account.id, person, value),
    enabled: person !== "",
    queryFn: () => backend.whatIf(map.account.id, person, value),
  });
  const effects = person !== "" ? (query.data ?? null) : null;
  const problem = query.isError ? errorText(query.error, t) : null;
  return (
    <div className="what-if" data-testid="what-if">
      <h4>{t("whatIf")}</h4>
      <p className="muted">{t("whatIfHint")}</p>
      <div className="what-if-row">
        <select value={person} onChange={(e) => setPerson(e.target.value)} data-testid="what-if-person">
          <option value="">—</option>
          {map.people
            .filter((p) => p.side !== "ours")
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
        <select value={value} onChange={(e) => setValue(Number(e.target.value))} data-testid="what-if-value">
          {[1, 2, 3, 4, 5].map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      {problem && <p className="error-panel">{problem}</p>}
      {effects && effects.length === 0 && <p className="muted">{t("whatIfNone")}</p>}
      {effects && effects.length > 0 && (
        <ul className="findings" data-testid="what-if-list">
          {effects.map((e) => (
            <li key={e.key_person}>
              {names.get(e.key_person) ?? e.key_person}: {e.before ?? UNKNOWN_MARK} → {e.projected.toFixed(1)} ({e.shift > 0 ? "+" : ""}
              {e.shift.toFixed(2)})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
