// The map's toolbar: add people, undo and redo, re-layout, and the filters.

import { useMemo } from "react";
import type { AccountMap } from "../../bindings";
import { type MessageKey, useT } from "../../lib/i18n";
import type { Filters } from "./MapCanvas";

export function Toolbar(props: {
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
