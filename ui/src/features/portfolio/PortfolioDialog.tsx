// The portfolio: every account on the ABCD grid (potential across, contribution up) and in a
// table with its map status, review cadence, open coverage gaps, missing roles of the iron
// triangle and network targets reached.

import type { MapStatus, PortfolioRow } from "../../bindings";
import { useQuery } from "@tanstack/react-query";
import { backend } from "../../lib/backend";
import { keys, whileOpen } from "../../lib/queries";
import { formatDay } from "../../lib/i18n/format";
import { Modal } from "../../lib/Modal";
import { layOut, quadrant, scoresAt, SCORES } from "./portfolioGrid";
import { type MessageKey, useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";

/** The corner cell of each quadrant where its letter is drawn: [row, col]. */
const LETTER_CELLS: Record<string, "A" | "B" | "C" | "D"> = { "0,4": "A", "0,0": "B", "4,4": "C", "4,0": "D" };

function Dot(props: { status: MapStatus; label: string }) {
  return (
    <span
      role="img"
      aria-label={props.label}
      title={props.label}
      className={`pf-dot pf-dot-${props.status}`}
    />
  );
}

export function PortfolioDialog(props: { onClose: () => void; onOpenAccount: (accountId: string) => void }) {
  const { lang, t } = useT();
  const query = useQuery({ queryKey: keys.portfolio(), queryFn: () => backend.portfolio(), ...whileOpen });
  const rows = query.data ?? null;
  const error = query.isError ? errorText(query.error, t) : null;

  const open = (id: string) => {
    props.onOpenAccount(id);
    props.onClose();
  };
  const statusLabel = (s: MapStatus) => t(`status_${s}` as MessageKey);
  const classOf = (r: PortfolioRow) => r.class ?? quadrant(r.potential, r.contribution);

  const chip = (r: PortfolioRow) => (
    <button
      key={r.account.id}
      type="button"
      className="pf-chip"
      onClick={() => open(r.account.id)}
      title={`${r.account.name} · ${statusLabel(r.map_status)}`}
      data-testid="portfolio-chip"
      data-account-id={r.account.id}
      data-class={classOf(r) ?? ""}
      data-status={r.map_status}
    >
      <Dot status={r.map_status} label={statusLabel(r.map_status)} />
      <span className="pf-chip-name">{r.account.name}</span>
    </button>
  );

  const grid = rows ? layOut(rows) : null;

  return (
    <Modal title={t("portfolioTitle")} onClose={props.onClose} testId="portfolio-dialog" wide>
      {rows === null && !error && <p className="note">{t("loading")}</p>}
      {error && (
        <p className="problem" role="alert" data-testid="portfolio-error">
          {error}
        </p>
      )}
      {rows !== null && rows.length === 0 && (
        <p className="note" data-testid="portfolio-empty">
          {t("portfolioEmpty")}
        </p>
      )}
      {rows !== null && rows.length > 0 && grid && (
        <>
          <p className="note">{t("portfolioHint")}</p>
          <p className="note">{t("axisContribution")}</p>
          <div
            data-testid="portfolio-grid"
            className="pf-grid"
          >
            {grid.cells.map((cells, row) => (
              <div key={row} className="pf-grid-row">
                <div className="muted pf-axis-row">
                  {5 - row}
                </div>
                {cells.map((items, col) => {
                  const { potential, contribution } = scoresAt({ row, col });
                  const q = quadrant(potential, contribution) ?? "D";
                  const letter = LETTER_CELLS[`${row},${col}`];
                  return (
                    <div
                      key={col}
                      data-testid="portfolio-cell"
                      data-potential={potential}
                      data-contribution={contribution}
                      data-quadrant={q}
                      className={`pf-cell pf-cell-${q}`}
                    >
                      {letter && (
                        <span aria-hidden="true" className="pf-letter">
                          {letter}
                        </span>
                      )}
                      {items.map(chip)}
                    </div>
                  );
                })}
              </div>
            ))}
            <div />
            {SCORES.map((s) => (
              <div key={s} className="muted pf-axis-col">
                {s}
              </div>
            ))}
          </div>
          <p className="note pf-axis-label">
            {t("axisPotential")}
          </p>
          {grid.unscored.length > 0 ? (
            <div data-testid="portfolio-unscored">
              <h3>{t("notScoredYet")}</h3>
              <div className="row pf-chips">
                {grid.unscored.map(chip)}
              </div>
              <p className="note">{t("notScoredHint")}</p>
            </div>
          ) : (
            <p className="note muted">{t("allScored")}</p>
          )}

          <div className="pf-table">
            <table data-testid="portfolio-table">
              <thead>
                <tr>
                  <th>{t("colAccount")}</th>
                  <th>{t("colClass")}</th>
                  <th>{t("colMapStatus")}</th>
                  <th>{t("colLastReview")}</th>
                  <th>{t("colDueFlags")}</th>
                  <th>{t("colGaps")}</th>
                  <th>{t("colTeam")}</th>
                  <th>{t("colTargets")}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => {
                  const c = r.cadence;
                  return (
                    <tr key={r.account.id} data-testid="portfolio-row" data-account-id={r.account.id}>
                      <td>
                        <button type="button" className="pf-link" onClick={() => open(r.account.id)} title={t("openAccount")} data-testid="portfolio-open">
                          {r.account.name}
                        </button>
                      </td>
                      <td data-testid="portfolio-class" className="pf-class">
                        {r.class ?? "–"}
                      </td>
                      <td data-testid="portfolio-status" data-status={r.map_status}>
                        <span className="pf-status">
                          <Dot status={r.map_status} label={statusLabel(r.map_status)} />
                          {statusLabel(r.map_status)}
                        </span>
                      </td>
                      <td data-testid="portfolio-last-review">{c.last_review ? formatDay(lang, c.last_review) : <span className="muted">–</span>}</td>
                      <td className="wrap">
                        {!c.last_review ? (
                          <span data-testid="flag-review-none" title={t("noReviewYetTitle")} className="muted">
                            {t("noReviewYet")}{" "}
                          </span>
                        ) : c.review_overdue ? (
                          <span
                            data-testid="flag-review-overdue"
                            title={c.review_due ? t("reviewDueOn", { date: formatDay(lang, c.review_due) }) : t("reviewNever")}
                            className="pf-flag pf-flag-review"
                          >
                            {t("portfolioReviewDue")}
                          </span>
                        ) : (
                          c.review_due && <span className="muted">{t("reviewNext", { date: formatDay(lang, c.review_due) })} </span>
                        )}
                        {!c.plan_updated ? (
                          <span data-testid="flag-plan-none" title={t("noPlanYetTitle")} className="muted">
                            {t("noPlanYet")}
                          </span>
                        ) : (
                          c.plan_overdue && (
                          <span data-testid="flag-plan-overdue" title={t("planDueTitle")} className="pf-flag pf-flag-plan">
                            {t("portfolioPlanDue")}
                          </span>
                          )
                        )}
                      </td>
                      <td title={t("gapsTitle", { n: r.key_persons })}>
                        <span data-testid="portfolio-gaps" className={r.open_gaps > 0 ? "pf-gaps-open" : undefined}>
                          {r.open_gaps}
                        </span>
                        <span className="muted"> / {r.key_persons}</span>
                      </td>
                      <td className="wrap">
                        {r.missing_team_roles.length > 0 ? (
                          <span data-testid="flag-team-missing" className="pf-team-missing">
                            {t("teamMissing", { roles: r.missing_team_roles.map((role) => t(`team_${role}` as MessageKey)).join(lang === "ja" ? "、" : ", ") })}
                          </span>
                        ) : (
                          <span className="muted">{t("teamComplete")}</span>
                        )}
                      </td>
                      <td data-testid="portfolio-targets" title={t("targetsTitle")}>
                        {r.targets_reached}/{r.targets_total}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Modal>
  );
}
