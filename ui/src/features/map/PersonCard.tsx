import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { type MessageKey, ratingLabel, UNKNOWN_MARK, useT } from "../../lib/i18n";
import { heatColour, ratingColour, ratingTextColour, type PersonNode } from "./mapModel";

const RATINGS = [
  ["intimacy", "intimacyShort"],
  ["solution", "solutionShort"],
  ["price", "priceShort"],
] as const;

/** Advice badges: small pills in the colour of what they mark. */
const BADGE_STYLE = { color: "#fff", borderRadius: 6, padding: "0 4px", fontSize: 10, fontWeight: 600, marginLeft: 2 } as const;
const BADGE_COLOUR = {
  blocker: "var(--sm-line-negative)",
  champion: "var(--sm-status-green)",
  competitor: "var(--sm-line-competitor)",
} as const;

function PersonCardImpl({ data, selected }: NodeProps<PersonNode>) {
  const { lang, t } = useT();
  const p = data.person;
  const card = (
    <div
      className={`card side-${p.side}${data.isKey ? " key" : ""}${selected ? " selected" : ""}${data.dimmed ? " dimmed" : ""}${data.match ? " match" : ""}${data.onPath ? " on-path" : ""}${data.inDeal ? " in-deal" : ""}`}
      style={data.heat !== undefined ? { background: heatColour(data.heat) } : undefined}
      data-heat={data.heat !== undefined ? data.heat.toFixed(3) : undefined}
      data-testid="person-card"
      data-person-id={p.id}
    >
      <Handle type="target" position={Position.Top} id="top" isConnectableStart={false} isConnectableEnd />
      <Handle type="target" position={Position.Left} id="left" isConnectable={false} />
      <div className="card-head">
        {data.isKey && (
          <span className="key-mark" title={t("keyPerson")} aria-label={t("keyPerson")}>
            ★
          </span>
        )}
        <span className="card-name" title={p.name}>
          {p.name}
        </span>
        {p.side !== "customer" && (
          <span className="side-badge">{t(`side_${p.side}` as MessageKey)}</span>
        )}
        {data.targets && data.targets.length > 0 && (
          <span
            className={`target-badge${data.targets.some((x) => x.overdue) ? " overdue" : ""}`}
            data-testid="target-badge"
            title={data.targets
              .map((x) => `${t("targetBadge")}: ${t(x.rating)} ${x.target}${x.due ? ` (${x.due})` : ""}`)
              .join("\n")}
          >
            ◎
          </span>
        )}
        {data.badges?.map((b) => (
          <span
            key={b}
            className={`advice-badge advice-${b}`}
            data-testid="advice-badge"
            data-badge={b}
            title={t(`badge_${b}`)}
            style={{ ...BADGE_STYLE, background: BADGE_COLOUR[b] }}
          >
            {t(`badgeShort_${b}`)}
          </span>
        ))}
        {data.gap && (
          <span className={`gap-badge gap-${data.gap}`} data-testid="gap-badge" title={t(`gapTitle_${data.gap}`)}>
            {t(`gapBadge_${data.gap}`)}
          </span>
        )}
      </div>
      {p.reading && <div className="card-reading">{p.reading}</div>}
      <div className="card-title" title={p.title}>
        {p.title}
      </div>
      <div className="card-dept" title={p.department}>
        {p.department}
      </div>
      {p.side === "customer" && (
        <div className="chips">
          {RATINGS.map(([kind, short]) => {
            const v = p.ratings[kind];
            const moved = data.moves?.find((m) => m.rating === kind);
            return (
              <span
                key={kind}
                className={`chip${v === null ? " unknown" : ""}`}
                data-rating={kind}
                style={{ background: ratingColour(v), color: ratingTextColour(v) }}
                title={`${t(kind)}: ${v ?? UNKNOWN_MARK} (${ratingLabel(lang, kind, v)})`}
              >
                {t(short)} {v ?? UNKNOWN_MARK}
                {moved && (
                  <span className="rating-arrow" data-testid="rating-arrow" data-rating={kind} data-direction={moved.direction}>
                    {moved.direction > 0 ? "▲" : moved.direction < 0 ? "▼" : "◆"}
                  </span>
                )}
              </span>
            );
          })}
        </div>
      )}
    </div>
  );
  // The handle a line is drawn from: outside the card's clipping box, so that all of it can
  // be hit; shown on the selected card and under the pointer (styles.css).
  const handle = (
    <Handle
      type="source"
      position={Position.Bottom}
      id="bottom"
      className="line-handle"
      isConnectableEnd={false}
      title={t("drawLineHint")}
    />
  );
  if (data.reports === 0)
    return (
      <>
        {card}
        {handle}
      </>
    );
  // "+N" / "−" sits outside the card's clipping box, so that it can keep a minimum size on
  // screen at any zoom (styles.css scales it by the map's zoom, `--zoom`).
  const label = data.collapsed ? t("expandTeam", { n: data.reports, name: p.name }) : t("collapseTeam", { name: p.name });
  return (
    <>
      {card}
      {handle}
      <button
        className="collapse nodrag"
        data-testid="collapse"
        data-manager-id={p.id}
        title={label}
        aria-label={label}
        aria-expanded={!data.collapsed}
        onClick={(e) => {
          e.stopPropagation();
          data.onToggle?.(p.id);
        }}
        // Enter and Space press the button; they do not also select the card.
        onKeyDown={(e) => (e.key === "Enter" || e.key === " ") && e.stopPropagation()}
      >
        {data.collapsed ? `+${data.reports}` : "−"}
      </button>
    </>
  );
}

export const PersonCard = memo(PersonCardImpl);
