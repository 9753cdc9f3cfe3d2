// "What if this person left?" for the selected person: the key persons we would no longer
// reach or reach only weakly, and the levers lost. A preview: nothing is saved.

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { Person } from "../../bindings";
import { backend } from "../../lib/backend";
import { errorText } from "../../lib/errors";
import { useT } from "../../lib/i18n";

export function Departure(props: {
  accountId: string;
  person: string;
  threshold: number;
  access: number;
  people: Map<string, Person>;
  /** Asked from a card's menu: opens the answer for that person and brings it into view. */
  asked?: { person: string; n: number } | null;
}) {
  const { accountId, person, threshold, access, people } = props;
  const { t } = useT();
  const [asked, setAsked] = useState<string | null>(() => (props.asked?.person === person ? person : null));
  const box = useRef<HTMLDivElement>(null);
  const fromMenu = props.asked?.person === person ? props.asked.n : null;
  useEffect(() => {
    if (fromMenu === null) return;
    setAsked(person);
    box.current?.scrollIntoView({ block: "nearest" });
  }, [fromMenu, person]);
  const open = asked === person;
  const query = useQuery({
    queryKey: ["whatIf", accountId, "without", person, threshold, access],
    enabled: open,
    queryFn: () => backend.without(accountId, person, threshold, access),
  });
  const name = (id: string) => people.get(id)?.name ?? id;
  const list = (ids: string[]) => (ids.length === 0 ? t("none") : ids.map(name).join(", "));
  const d = open ? (query.data ?? null) : null;
  return (
    <div className="departure" data-testid="departure" ref={box}>
      <button onClick={() => setAsked(open ? null : person)} data-testid="departure-button" aria-expanded={open}>
        {t("whatIfLeft").replace("{name}", name(person))}
      </button>
      {open && query.isError && <p className="error-panel">{errorText(query.error, t)}</p>}
      {d && (
        <ul className="findings" data-testid="departure-result">
          <li data-testid="departure-uncovered">
            {t("leftUncovered")}: {list(d.uncovered)}
          </li>
          <li data-testid="departure-weakened">
            {t("leftWeakened")}: {list(d.weakened)}
          </li>
          <li data-testid="departure-levers">
            {t("leftLevers")}:{" "}
            {d.levers_lost.length === 0 ? t("none") : d.levers_lost.map((l) => `${name(l.person)} → ${name(l.key_person)}`).join(", ")}
          </li>
        </ul>
      )}
    </div>
  );
}
