// The panel on the right: edit every field of the selected person, line or account.
// Text fields save when they lose focus or on Enter; choices save at once. Every save is
// one undo step.

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import type {
  Account,
  AccountMap,
  InfluenceLevel,
  Person,
  PersonInput,
  Relation,
  RelationKind,
  Role,
  Side,
  TeamRole,
} from "../../bindings";
import { backend } from "../../lib/backend";
import type { EditFn, Selection } from "../../lib/edit";
import { keys } from "../../lib/queries";
import { type MessageKey, ratingLabel, UNKNOWN_MARK, useT } from "../../lib/i18n";
import { formatDay } from "../../lib/i18n/format";
import { TrendChart } from "./TrendChart";
import { ratingColour, ratingTextColour } from "../map/mapModel";


export const ROLES: Role[] = [
  "decision_maker",
  "approver",
  "evaluator",
  "user",
  "influencer",
  "coach",
  "procurement",
  "gatekeeper",
];
const ACCOUNT_SIDES: Side[] = ["customer", "partner", "consultant", "competitor"];
const RATING_KINDS = ["intimacy", "solution", "price"] as const;


export function toInput(p: Person): PersonInput {
  return {
    id: null,
    side: p.side,
    name: p.name,
    reading: p.reading,
    title: p.title,
    department: p.department,
    level: p.level,
    email: p.email,
    phone: p.phone,
    notes: p.notes,
    roles: p.roles,
    influence: p.influence,
    key_person: p.key_person,
    ratings: p.ratings,
  };
}

export function Inspector(props: {
  map: AccountMap;
  selection: Selection;
  edit: EditFn;
  onSelect: (s: Selection) => void;
  /** The person or account just created: its name field takes the focus, text selected. */
  fresh?: string | null;
  /** Deletes a person as the Delete key does (an Undo notice for a key person or one with lines). */
  onDeletePerson?: (id: string) => void;
}) {
  const { map, selection } = props;
  const { t } = useT();
  if (selection?.type === "person") {
    const person = map.people.find((p) => p.id === selection.id);
    if (person) return <PersonForm key={person.id} {...props} person={person} />;
  }
  if (selection?.type === "line") {
    const line = map.relations.find((r) => r.id === selection.id);
    if (line) return <LineForm key={line.id} {...props} line={line} />;
  }
  return (
    <div className="inspector" data-testid="inspector">
      <AccountForm key={map.account.id} account={map.account} edit={props.edit} fresh={props.fresh === map.account.id} />
      <TeamForm map={map} edit={props.edit} />
      <p className="hint">{t("selectHint")}</p>
    </div>
  );
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A text input that saves on blur or Enter and reverts on Esc. */
export function TextField(props: {
  label: string;
  value: string;
  onCommit: (v: string) => void;
  multiline?: boolean;
  testId?: string;
  autoFocus?: boolean;
  /** Takes the focus with its text selected when it appears (a new person's name). */
  selectOnMount?: boolean;
}) {
  const [v, setV] = useState(props.value);
  useEffect(() => setV(props.value), [props.value]);
  const input = useRef<HTMLInputElement>(null);
  const selectOnMount = props.selectOnMount;
  useEffect(() => {
    if (!selectOnMount) return;
    input.current?.focus();
    input.current?.select();
  }, [selectOnMount]);
  const commit = () => {
    if (v !== props.value) props.onCommit(v);
  };
  const common = {
    value: v,
    "data-testid": props.testId,
    autoFocus: props.autoFocus,
    onBlur: commit,
    onKeyDown: (e: React.KeyboardEvent) => {
      e.stopPropagation();
      if (e.key === "Enter" && !(props.multiline && e.shiftKey)) {
        e.preventDefault();
        commit();
      } else if (e.key === "Escape") {
        setV(props.value);
        (e.target as HTMLElement).blur();
      }
    },
  };
  return (
    <Field label={props.label}>
      {props.multiline ? (
        <textarea rows={4} {...common} onChange={(e) => setV(e.target.value)} />
      ) : (
        <input ref={input} type="text" {...common} onChange={(e) => setV(e.target.value)} />
      )}
    </Field>
  );
}

function PersonForm(props: {
  map: AccountMap;
  person: Person;
  edit: EditFn;
  onSelect: (s: Selection) => void;
  fresh?: string | null;
  onDeletePerson?: (id: string) => void;
}) {
  const { map, person, edit, onSelect } = props;
  const { lang, t } = useT();
  const history =
    useQuery({
      queryKey: keys.ratingHistory(map.account.id, person.id),
      queryFn: () => backend.ratingHistory(person.id),
    }).data ?? [];

  const save = (patch: Partial<PersonInput>) =>
    edit("update_person", () => backend.updatePerson(person.id, { ...toInput(person), ...patch }));
  const manager = map.relations.find((r) => r.kind === "reports_to" && r.from === person.id)?.to ?? "";
  const customer = person.side !== "ours";
  const candidates = map.people.filter((p) => p.id !== person.id && p.account_id === map.account.id);

  return (
    <div className="inspector" data-testid="inspector" data-person-id={person.id}>
      <h3>{person.name}</h3>
      <TextField
        label={t("name")}
        value={person.name}
        onCommit={(name) => save({ name })}
        testId="field-name"
        selectOnMount={props.fresh === person.id}
      />
      <TextField label={t("reading")} value={person.reading} onCommit={(reading) => save({ reading })} testId="field-reading" />
      <TextField label={t("title")} value={person.title} onCommit={(title) => save({ title })} testId="field-title" />
      <TextField
        label={t("department")}
        value={person.department}
        onCommit={(department) => save({ department })}
        testId="field-department"
      />
      {customer && (
        <Field label={t("level")}>
          <input
            type="number"
            min={1}
            max={99}
            value={person.level ?? ""}
            data-testid="field-level"
            onChange={(e) => {
              const v = e.target.value === "" ? null : Number(e.target.value);
              if (v === null || (Number.isInteger(v) && v >= 1 && v <= 99)) void save({ level: v });
            }}
          />
        </Field>
      )}
      {customer && (
        <Field label={t("side")}>
          <select value={person.side} onChange={(e) => save({ side: e.target.value as Side })} data-testid="field-side">
            {ACCOUNT_SIDES.map((s) => (
              <option key={s} value={s}>
                {t(`side_${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {customer && (
        <Field label={t("manager")}>
          <select
            value={manager}
            data-testid="field-manager"
            onChange={(e) =>
              edit("set_manager", () => backend.setManager(map.account.id, person.id, e.target.value || null))
            }
          >
            <option value="">{t("noManager")}</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.title ? ` (${p.title})` : ""}
              </option>
            ))}
          </select>
        </Field>
      )}
      {person.side === "customer" && (
        <fieldset className="ratings">
          <legend>{t("ratings")}</legend>
          {RATING_KINDS.map((kind) => (
            <Field key={kind} label={t(kind)}>
              <span className="rating-row">
                <span className="chip" style={{ background: ratingColour(person.ratings[kind]), color: ratingTextColour(person.ratings[kind]) }}>
                  {person.ratings[kind] ?? UNKNOWN_MARK}
                </span>
                <select
                  value={person.ratings[kind] ?? ""}
                  data-testid={`field-${kind}`}
                  onChange={(e) => {
                    const value = e.target.value === "" ? null : Number(e.target.value);
                    void edit("set_rating", () => backend.setRating(person.id, kind, value));
                  }}
                >
                  <option value="">? {t("unknown")}</option>
                  {[1, 2, 3, 4, 5].map((v) => (
                    <option key={v} value={v}>
                      {v} {ratingLabel(lang, kind, v)}
                    </option>
                  ))}
                </select>
              </span>
            </Field>
          ))}
        </fieldset>
      )}
      {person.side === "customer" && (
        <>
          <Field label={t("influenceLevel")}>
            <select
              value={person.influence ?? ""}
              data-testid="field-influence"
              onChange={(e) => save({ influence: (e.target.value || null) as InfluenceLevel | null })}
            >
              <option value="">{t("none")}</option>
              {(["high", "medium", "low"] as const).map((l) => (
                <option key={l} value={l}>
                  {t(l)}
                </option>
              ))}
            </select>
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={person.key_person}
              data-testid="field-key"
              onChange={(e) => save({ key_person: e.target.checked })}
            />
            {t("keyPerson")}
          </label>
          <fieldset className="roles">
            <legend>{t("roles")}</legend>
            {ROLES.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  checked={person.roles.includes(r)}
                  onChange={(e) =>
                    save({ roles: e.target.checked ? [...person.roles, r] : person.roles.filter((x) => x !== r) })
                  }
                />
                {t(`role_${r}` as MessageKey)}
              </label>
            ))}
          </fieldset>
        </>
      )}
      <AddLine map={map} person={person} edit={edit} />
      <TextField label={t("email")} value={person.email} onCommit={(email) => save({ email })} />
      <TextField label={t("phone")} value={person.phone} onCommit={(phone) => save({ phone })} />
      <TextField label={t("notes")} value={person.notes} onCommit={(notes) => save({ notes })} multiline testId="field-notes" />
      {person.side === "customer" && (
        <div className="history" data-testid="rating-history">
          <h4>{t("history")}</h4>
          <TrendChart accountId={map.account.id} personId={person.id} />
          {history.length === 0 ? (
            <p className="muted">{t("noHistory")}</p>
          ) : (
            <ul>
              {history
                .slice()
                .reverse()
                .slice(0, 12)
                .map((h, i) => (
                  <li key={i}>
                    <span className="muted">{formatDay(lang, h.changed_at)}</span> {t(h.rating)}:{" "}
                    {h.value ?? UNKNOWN_MARK}
                  </li>
                ))}
            </ul>
          )}
        </div>
      )}
      <div className="actions">
        {customer && (
          <button
            onClick={async () => {
              let created: Person | null = null;
              await edit("add_person", async () => {
                created = await backend.addPerson(map.account.id, {
                  ...blankPerson(t("newPersonName")),
                  department: person.department,
                });
                await backend.setManager(map.account.id, created.id, person.id);
              });
              if (created) onSelect({ type: "person", id: (created as Person).id });
            }}
          >
            {t("addReport")}
          </button>
        )}
        <button
          className="danger"
          data-testid="delete-person"
          onClick={() =>
            props.onDeletePerson ? props.onDeletePerson(person.id) : void edit("delete_person", () => backend.deletePerson(person.id))
          }
        >
          {t("deletePerson")}
        </button>
      </div>
    </div>
  );
}

/** Draws a line from this person to another without the mouse: influence or a dotted-line
 * manager, or coverage from one of our staff. */
function AddLine({ map, person, edit }: { map: AccountMap; person: Person; edit: EditFn }) {
  const { t } = useT();
  const ours = person.side === "ours";
  const kinds: RelationKind[] = ours ? ["covers", "influence"] : ["influence", "dotted_line"];
  const [kind, setKind] = useState<RelationKind>(kinds[0] as RelationKind);
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  // The same line again is not offered: it is on the map already.
  const there = to !== "" && map.relations.some((r) => r.kind === kind && r.from === person.id && r.to === to);
  const others = map.people.filter(
    (p) =>
      p.id !== person.id &&
      (kind === "dotted_line" ? p.account_id === map.account.id : kind === "covers" ? p.side !== "ours" : true),
  );
  return (
    <fieldset className="add-line">
      <legend>{t("addLine")}</legend>
      <select value={kind} onChange={(e) => setKind(e.target.value as RelationKind)} data-testid="line-kind">
        {kinds.map((k) => (
          <option key={k} value={k}>
            {t(`addLine_${k}` as MessageKey)}
          </option>
        ))}
      </select>
      <span />
      <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="line-target">
        <option value="">—</option>
        {others.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {p.title ? ` (${p.title})` : ""}
          </option>
        ))}
      </select>
      <button
        disabled={!to || there || busy}
        data-testid="add-line"
        title={there ? t("lineAlreadyThere") : undefined}
        onClick={async () => {
          setBusy(true);
          const ok = await edit("add_relation", () =>
            backend.addRelation(map.account.id, { kind, from: person.id, to, strength: 2, sign: 1, note: "" }),
          );
          setBusy(false);
          if (ok) setTo("");
        }}
      >
        +
      </button>
      {there && (
        <span className="hint" data-testid="line-there">
          {t("lineAlreadyThere")}
        </span>
      )}
    </fieldset>
  );
}

export function blankPerson(name: string): PersonInput {
  return {
    id: null,
    side: "customer",
    name,
    reading: "",
    title: "",
    department: "",
    level: null,
    email: "",
    phone: "",
    notes: "",
    roles: [],
    influence: null,
    key_person: false,
    ratings: { intimacy: null, solution: null, price: null },
  };
}

function LineForm(props: { map: AccountMap; line: Relation; edit: EditFn }) {
  const { map, line, edit } = props;
  const { t } = useT();
  const name = (id: string) => map.people.find((p) => p.id === id)?.name ?? id;
  const save = (patch: Partial<Pick<Relation, "strength" | "sign" | "note">>) => {
    const next = { strength: line.strength, sign: line.sign, note: line.note, ...patch };
    return edit("update_relation", () => backend.updateRelation(line.id, next.strength, next.sign, next.note));
  };
  return (
    <div className="inspector" data-testid="inspector" data-line-id={line.id}>
      <h3>{t(`kind_${line.kind}` as MessageKey)}</h3>
      <p>
        {t("from")}: <strong>{name(line.from)}</strong>
        <br />
        {t("to")}: <strong>{name(line.to)}</strong>
      </p>
      {(line.kind === "influence" || line.kind === "covers") && (
        <Field label={t("strength")}>
          <select value={line.strength} onChange={(e) => save({ strength: Number(e.target.value) })} data-testid="field-strength">
            <option value={1}>{t("weak")}</option>
            <option value={2}>{t("medium")}</option>
            <option value={3}>{t("strong")}</option>
          </select>
        </Field>
      )}
      {line.kind === "influence" && (
        <Field label={t("lineSign")}>
          <select value={line.sign} onChange={(e) => save({ sign: Number(e.target.value) })} data-testid="field-sign">
            <option value={1}>{t("positive")}</option>
            <option value={-1}>{t("negative")}</option>
          </select>
        </Field>
      )}
      <TextField label={t("lineNote")} value={line.note} onCommit={(note) => save({ note })} multiline testId="line-note" />
      <div className="actions">
        <button className="danger" data-testid="delete-line" onClick={() => edit("delete_relation", () => backend.deleteRelation(line.id))}>
          {t("deleteLine")}
        </button>
      </div>
    </div>
  );
}

const TEAM_ROLES: TeamRole[] = ["account_manager", "customer_lead_expert", "solution_manager"];

/** The iron triangle: which of our staff holds each role for this account. */
function TeamForm({ map, edit }: { map: AccountMap; edit: EditFn }) {
  const { t } = useT();
  const staff = map.people.filter((p) => p.side === "ours");
  return (
    <fieldset className="team" data-testid="team-form">
      <legend>{t("ironTriangle")}</legend>
      {TEAM_ROLES.map((role) => (
        <Field key={role} label={t(`team_${role}` as MessageKey)}>
          <select
            value={map.team.find((m) => m.role === role)?.person_id ?? ""}
            data-testid={`team-${role}`}
            onChange={(e) => edit("set_team_role", () => backend.setTeamRole(map.account.id, role, e.target.value || null))}
          >
            <option value="">—</option>
            {staff.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      ))}
    </fieldset>
  );
}

function AccountForm({ account, edit, fresh }: { account: Account; edit: EditFn; fresh: boolean }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  const save = (patch: Partial<Pick<Account, "name" | "industry" | "notes">>) =>
    edit("update_account", () =>
      backend.updateAccount(account.id, {
        name: patch.name ?? account.name,
        industry: patch.industry ?? account.industry,
        notes: patch.notes ?? account.notes,
      }),
    );
  return (
    <div data-testid="account-form">
      <h3>{t("account")}</h3>
      <TextField label={t("accountName")} value={account.name} onCommit={(name) => save({ name })} testId="account-name" selectOnMount={fresh} />
      <TextField label={t("industry")} value={account.industry} onCommit={(industry) => save({ industry })} />
      <TextField label={t("accountNotes")} value={account.notes} onCommit={(notes) => save({ notes })} multiline />
      <div className="actions">
        {confirming ? (
          <div className="confirm" role="alertdialog">
            <p>{t("confirmDeleteAccount")}</p>
            <button className="danger" data-testid="confirm-delete-account" onClick={() => edit("delete_account", () => backend.deleteAccount(account.id))}>
              {t("deleteAccount")}
            </button>
            <button onClick={() => setConfirming(false)}>✕</button>
          </div>
        ) : (
          <button className="danger" data-testid="delete-account" onClick={() => setConfirming(true)}>
            {t("deleteAccount")}
          </button>
        )}
      </div>
    </div>
  );
}
