import { ViewportPortal } from "@xyflow/react";
import { memo } from "react";
import type { DepartmentGroup } from "../../bindings";
import { HEADER_H, shownGroups } from "./mapModel";

/** The departments' headers, behind the cards: a light frame around a department's people
 * with no manager and a band with the department's name (drawn as the exports draw them).
 * Not people: never selected, counted or dragged; clicks go through to the map. Only the
 * groups with one of their people shown are drawn. */
function DepartmentGroupsImpl({ groups, shown }: { groups: readonly DepartmentGroup[]; shown: ReadonlySet<string> }) {
  const visible = shownGroups(groups, shown);
  if (visible.length === 0) return null;
  return (
    <ViewportPortal>
      {visible.map((g) => (
        <div
          key={`${g.department}@${g.x},${g.y}`}
          className="department-group"
          data-testid="department-group"
          data-department={g.department}
          style={{ left: g.x, top: g.y, width: g.width, height: g.height }}
          aria-hidden="true"
        >
          <div className="department-header" style={{ height: HEADER_H }} title={g.department}>
            {g.department}
          </div>
        </div>
      ))}
    </ViewportPortal>
  );
}

export const DepartmentGroups = memo(DepartmentGroupsImpl);
