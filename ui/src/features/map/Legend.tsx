import { Panel } from "@xyflow/react";
import { UNKNOWN_MARK, useT } from "../../lib/i18n";
import { lineColours, ratingColour, ratingTextColour } from "./mapModel";

/** The legend; folded to its title (remembered) when the user wants the room. */
export function Legend(props: { folded: boolean; onFold: (folded: boolean) => void }) {
  const { t } = useT();
  const fold = (
    <button
      className="legend-fold"
      onClick={() => props.onFold(!props.folded)}
      aria-expanded={!props.folded}
      title={props.folded ? t("showLegend") : t("hideLegend")}
      data-testid="legend-fold"
    >
      <strong>{t("legend")}</strong> <span aria-hidden="true">{props.folded ? "▸" : "▾"}</span>
    </button>
  );
  if (props.folded)
    return (
      <Panel position="top-right" className="legend folded" data-testid="legend">
        {fold}
      </Panel>
    );
  const lines: [string, string, string | undefined][] = [
    [t("reportsTo"), lineColours.reports, undefined],
    [t("dottedLine"), lineColours.reports, "6 4"],
    [t("influencePos"), lineColours.influencePositive, undefined],
    [t("influenceNeg"), lineColours.influenceNegative, undefined],
    [t("influenceCompetitor"), lineColours.competitor, undefined],
    [t("covers"), lineColours.covers, "4 3"],
  ];
  return (
    <Panel position="top-right" className="legend" data-testid="legend">
      {fold}
      <div className="legend-row">
        <span data-testid="legend-ratings">
          {t("ratingLegend", { i: t("intimacyShort"), s: t("solutionShort"), p: t("priceShort") })}: {t("ratingScale")}
        </span>
      </div>
      <div className="legend-row">
        {[1, 2, 3, 4, 5, null].map((v) => (
          <span key={String(v)} className="chip" style={{ background: ratingColour(v), color: ratingTextColour(v) }}>
            {v ?? UNKNOWN_MARK}
          </span>
        ))}
      </div>
      {lines.map(([label, colour, dash]) => (
        <div className="legend-row" key={label}>
          <svg width="34" height="10" aria-hidden="true">
            <line x1="1" y1="5" x2="33" y2="5" style={{ stroke: colour }} strokeWidth="2.5" strokeDasharray={dash} />
          </svg>
          <span>{label}</span>
        </div>
      ))}
      <div className="legend-row">
        <span className="key-mark">★</span> <span>{t("keyPerson")}</span>
      </div>
    </Panel>
  );
}
