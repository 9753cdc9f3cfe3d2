// The sidebar: the accounts with their review cadence, the open account's summary and
// opportunities, and the buttons to the reviews, the plan, the portfolio and the trash.

import type { Account, AccountMap, Cadence } from "../bindings";
import { type MessageKey, useT } from "../lib/i18n";
import { formatDay, formatMoney } from "../lib/i18n/format";

export function Sidebar(props: {
  accounts: Account[];
  selected: string | null;
  cadences: ReadonlyMap<string, Cadence>;
  map: AccountMap | null;
  activeDeal: string | null;
  onSelectAccount: (id: string) => void;
  onAddAccount: () => void;
  onShowDeal: (id: string) => void;
  onAddOpportunity: () => void;
  onOpen: (dialog: "reviews" | "plan" | "portfolio" | "trash") => void;
}) {
  const { t } = useT();
  const { accounts, selected, map } = props;
  return (
    <aside className="sidebar">
      <div className="sidebar-head">
        <h3>{t("accounts")}</h3>
        <button className="small" onClick={props.onAddAccount} data-testid="add-account">
          + {t("addAccount")}
        </button>
      </div>
      {accounts.length === 0 ? (
        <p className="empty">{t("noAccounts")}</p>
      ) : (
        <ul className="account-list" data-testid="account-list">
          {accounts.map((a) => (
            <li key={a.id}>
              <button className={a.id === selected ? "active" : ""} onClick={() => props.onSelectAccount(a.id)} data-account-id={a.id}>
                <span className="account-name">{a.name}</span>
                {a.industry && <span className="account-industry">{a.industry}</span>}
                <CadenceLine cadence={props.cadences.get(a.id)} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {map && (
        <AccountSummary
          map={map}
          activeDeal={props.activeDeal}
          onShowDeal={props.onShowDeal}
          onAddOpportunity={props.onAddOpportunity}
        />
      )}
      {map && (
        <div className="row cycle-buttons">
          <button className="small" onClick={() => props.onOpen("reviews")} data-testid="open-reviews">
            {t("openReviews")}…
          </button>
          <button className="small" onClick={() => props.onOpen("plan")} data-testid="open-plan">
            {t("openPlan")}…
          </button>
        </div>
      )}
      <div className="sidebar-foot">
        <button className="small" onClick={() => props.onOpen("portfolio")} data-testid="open-portfolio">
          ▦ {t("openPortfolio")}
        </button>
        <button className="small" onClick={() => props.onOpen("trash")} data-testid="open-trash">
          🗑 {t("trash")}
        </button>
      </div>
    </aside>
  );
}

function AccountSummary(props: { map: AccountMap; activeDeal: string | null; onShowDeal: (id: string) => void; onAddOpportunity: () => void }) {
  const { map } = props;
  const { lang, t } = useT();
  const customer = map.people.filter((p) => p.side === "customer").length;
  const ours = map.people.filter((p) => p.side === "ours").length;
  const total = map.people.length;
  const counts = { customer, ours, others: total - customer - ours, total, snapshot: total - ours };
  return (
    <div className="summary" data-testid="account-summary">
      <p title={t("summaryPeopleTitle", counts)} data-testid="summary-people">
        {t("summaryPeople", counts)} · {t("keyPerson")}: {map.key_person_ids.length}
      </p>
      <div className="row">
        <h4 style={{ flex: 1 }}>{t("opportunities")}</h4>
        <button className="small" onClick={props.onAddOpportunity} data-testid="add-opportunity">
          + {t("addOpportunity")}
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
                {formatMoney(lang, o.amount, o.currency)}
                {o.status !== "open" ? ` · ${t(`status_${o.status}` as MessageKey)}` : ""}
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
  const { lang, t } = useT();
  if (!cadence) return null;
  return (
    <span className="cadence muted" data-testid="account-cadence">
      {cadence.last_review
        ? t("lastReview", { date: formatDay(lang, cadence.last_review) })
        : t("noReviewYet")}
      {cadence.last_review && cadence.review_overdue && (
        <span className="flag" data-testid="account-review-due">
          {" "}
          · {t("reviewDue")}
        </span>
      )}
      {cadence.plan_updated && cadence.plan_overdue && (
        <span className="flag" data-testid="account-plan-due">
          {" "}
          · {t("planDue")}
        </span>
      )}
    </span>
  );
}
