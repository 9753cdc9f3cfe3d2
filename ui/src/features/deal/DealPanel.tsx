// The deal view's panel: an opportunity's fields, its decision chain (who takes part, in
// which buying role, how important), the buying roles still unidentified, and the lines that
// hold only in this deal.

import { useState } from "react";
import type { AccountMap, DealAnalysis, InfluenceLevel, OpportunityInput, RelationKind, Role } from "../../bindings";
import { statusText } from "../analysis/analysisText";
import { backend } from "../../lib/backend";
import { type MessageKey, useT } from "../../lib/i18n";
import type { EditFn, Selection } from "../../lib/edit";
import { Field, ROLES, TextField } from "../inspector/Inspector";

const STATUSES = ["open", "won", "lost", "on_hold"] as const;
const IMPORTANCE: InfluenceLevel[] = ["high", "medium", "low"];
const LINE_KINDS: RelationKind[] = ["influence", "reports_to", "dotted_line"];

export function DealPanel(props: {
  map: AccountMap;
  deal: DealAnalysis;
  selection: Selection;
  edit: EditFn;
  onLeave: () => void;
  onDeleted: () => void;
}) {
  const { map, deal, edit } = props;
  const { lang, t } = useT();
  const o = deal.opportunity;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [kind, setKind] = useState<RelationKind>("influence");
  const name = (id: string) => map.people.find((p) => p.id === id)?.name ?? id;
  const accountPeople = map.people.filter((p) => p.account_id === map.account.id).sort((a, b) => a.name.localeCompare(b.name));

  const save = (patch: Partial<OpportunityInput>) => {
    const input: OpportunityInput = {
      name: o.name,
      stage: o.stage,
      amount: o.amount,
      currency: o.currency,
      close_date: o.close_date,
      status: o.status,
      notes: o.notes,
      ...patch,
    };
    void edit("update_opportunity", () => backend.updateOpportunity(o.id, input));
  };
  const setMember = (personId: string, roles: Role[], importance: InfluenceLevel | null) =>
    void edit("set_deal_member", () => backend.setDealMember(o.id, personId, { roles, importance }));

  const selected = props.selection?.type === "person" ? map.people.find((p) => p.id === props.selection?.id) : undefined;
  const canAdd = selected && selected.account_id === map.account.id && !deal.members.some((m) => m.person_id === selected.id);

  return (
    <div className="inspector deal-panel" data-testid="deal-panel">
      <div className="row">
        <h3 style={{ flex: 1 }}>{o.name}</h3>
        <button className="small" onClick={props.onLeave} data-testid="deal-leave">
          {t("dealLeave")}
        </button>
      </div>
      <TextField label={t("dealName")} value={o.name} onCommit={(v) => save({ name: v })} testId="deal-name" />
      <TextField label={t("dealStage")} value={o.stage} onCommit={(v) => save({ stage: v })} />
      <div className="row">
        <TextField
          label={t("dealAmount")}
          value={String(o.amount)}
          onCommit={(v) => {
            const n = Number(v.replace(/[,\s]/g, ""));
            save({ amount: Number.isFinite(n) ? n : -1 });
          }}
        />
        <TextField label={t("dealCurrency")} value={o.currency} onCommit={(v) => save({ currency: v })} />
      </div>
      <TextField label={t("dealClose")} value={o.close_date} onCommit={(v) => save({ close_date: v })} />
      <Field label={t("dealStatus")}>
        <select value={o.status} onChange={(e) => save({ status: e.target.value })} data-testid="deal-status">
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status_${s}` as MessageKey)}
            </option>
          ))}
        </select>
      </Field>
      <TextField label={t("dealNotes")} value={o.notes} onCommit={(v) => save({ notes: v })} multiline />

      <h4>
        {t("dealStatusLabel")}:{" "}
        <span className={`status-chip status-${deal.map_status}`} data-testid="deal-map-status" data-status={deal.map_status}>
          {statusText(lang, deal.map_status)}
        </span>
      </h4>
      {deal.missing_roles.length === 0 ? (
        <p className="ok-note">{t("dealAllRoles")}</p>
      ) : (
        <p>
          {t("dealMissing")}:{" "}
          {deal.missing_roles.map((r) => (
            <span key={r} className="chip missing" data-testid="deal-missing-role" data-role={r}>
              {t(`role_${r}` as MessageKey)}
            </span>
          ))}
        </p>
      )}

      <h4>{t("dealChain")}</h4>
      {canAdd && selected && (
        <button className="primary small" onClick={() => setMember(selected.id, [], null)} data-testid="deal-add-member">
          {t("dealAdd", { name: selected.name })}
        </button>
      )}
      {deal.members.length === 0 ? (
        <p className="muted">{t("dealChainEmpty")}</p>
      ) : (
        <ul className="deal-members">
          {deal.members.map((m) => (
            <li key={m.person_id} data-testid="deal-member" data-person-id={m.person_id}>
              <strong>{name(m.person_id)}</strong>
              <div className="roles">
                {ROLES.map((r) => (
                  <label key={r} className="role">
                    <input
                      type="checkbox"
                      checked={m.roles.includes(r)}
                      data-testid={`deal-role-${r}`}
                      onChange={(e) =>
                        setMember(m.person_id, e.target.checked ? [...m.roles, r] : m.roles.filter((x) => x !== r), m.importance)
                      }
                    />
                    {t(`role_${r}` as MessageKey)}
                  </label>
                ))}
              </div>
              <div className="row">
                <label>
                  {t("dealImportance")}{" "}
                  <select
                    value={m.importance ?? ""}
                    data-testid="deal-importance"
                    onChange={(e) => setMember(m.person_id, m.roles, (e.target.value || null) as InfluenceLevel | null)}
                  >
                    <option value="">{t("importance_none")}</option>
                    {IMPORTANCE.map((i) => (
                      <option key={i} value={i}>
                        {t(i as MessageKey)}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  className="small"
                  onClick={() => void edit("remove_deal_member", () => backend.removeDealMember(o.id, m.person_id))}
                  data-testid="deal-remove-member"
                >
                  {t("dealRemove")}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}

      <h4>{t("dealLines")}</h4>
      {deal.lines.length === 0 ? (
        <p className="muted">{t("dealLinesEmpty")}</p>
      ) : (
        <ul className="deal-lines">
          {deal.lines.map((l) => (
            <li key={l.id} data-testid="deal-line" data-from={l.from} data-to={l.to} data-kind={l.kind}>
              {name(l.from)} → {name(l.to)} <span className="muted">({t(`kind_${l.kind}` as MessageKey)})</span>
              <button
                className="icon"
                aria-label={t("deleteItem")}
                onClick={() => void edit("delete_deal_line", () => backend.deleteDealLine(l.id))}
                data-testid="deal-line-delete"
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="deal-line-form">
        <Field label={t("dealLineFrom")}>
          <select value={from} onChange={(e) => setFrom(e.target.value)} data-testid="deal-line-from">
            <option value="" />
            {accountPeople.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("dealLineKind")}>
          <select value={kind} onChange={(e) => setKind(e.target.value as RelationKind)} data-testid="deal-line-kind">
            {LINE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind_${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t("dealLineTo")}>
          <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="deal-line-to">
            <option value="" />
            {accountPeople.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <button
          disabled={!from || !to || from === to}
          onClick={() =>
            void edit("add_deal_line", () => backend.addDealLine(o.id, { kind, from, to, strength: 3, sign: 1, note: "" })).then(
              (ok) => ok && (setFrom(""), setTo("")),
            )
          }
          data-testid="deal-line-add"
        >
          {t("dealLineAdd")}
        </button>
      </div>

      <div className="danger-zone">
        {confirmDelete ? (
          <>
            <p>{t("dealDeleteConfirm")}</p>
            <button
              className="danger"
              onClick={() => void edit("delete_opportunity", () => backend.deleteOpportunity(o.id)).then((ok) => ok && props.onDeleted())}
              data-testid="deal-delete-confirm"
            >
              {t("dealDelete")}
            </button>{" "}
            <button onClick={() => setConfirmDelete(false)}>{t("cancel")}</button>
          </>
        ) : (
          <button className="danger small" onClick={() => setConfirmDelete(true)} data-testid="deal-delete">
            {t("dealDelete")}
          </button>
        )}
      </div>
    </div>
  );
}
