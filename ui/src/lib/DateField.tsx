// A day field in the window language's one date format ("31 Mar 2027" / "2027年3月31日"),
// whatever the system's locale: a text field that also reads an ISO day, and a calendar
// popup (a month grid; arrows move a day or a week, Page Up/Down a month, Enter chooses,
// Escape closes). The value given and taken is always the ISO day (or "" for none).

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useT } from "./i18n";
import { dayParts, daysInMonth, isoDay, parseDay } from "./i18n/dates";
import { formatDay, formatLongDay, formatMonth, weekdayNames, weekStart } from "./i18n/format";
import "./DateField.css";

type Day = { year: number; month: number; day: number };

/** `d` moved by `days` days (across months and years). */
function addDays(d: Day, days: number): Day {
  const x = new Date(d.year, d.month - 1, d.day + days);
  return { year: x.getFullYear(), month: x.getMonth() + 1, day: x.getDate() };
}

/** `d` moved by `months` months, its day kept inside the new month (31 Jan + 1 → 28 Feb). */
function addMonths(d: Day, months: number): Day {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

function today(): Day {
  const x = new Date();
  return { year: x.getFullYear(), month: x.getMonth() + 1, day: x.getDate() };
}

const isoOf = (d: Day) => isoDay(d.year, d.month, d.day) ?? "";

export function DateField(props: {
  /** The ISO day, or "" for none. */
  value: string;
  /** Called with the ISO day (or "") whenever the text is a day or empty. */
  onChange: (iso: string) => void;
  /** Called with false while the text is not a day, and true again once it is. */
  onValidChange?: (valid: boolean) => void;
  disabled?: boolean;
  /** The field's name for a screen reader. */
  label: string;
  testId: string;
}) {
  const { lang, t } = useT();
  const shown = (iso: string) => (iso ? formatDay(lang, iso) : "");
  const [text, setText] = useState(() => shown(props.value));
  const [touched, setTouched] = useState(false);
  const [open, setOpen] = useState(false);
  const [cursor, setCursor] = useState<Day>(today);
  const wrap = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const errorId = useId();
  const { onValidChange } = props;

  const parsed = parseDay(lang, text);
  const valid = parsed.kind !== "invalid";

  // A value set from outside (the saved plan, another language) is shown in this language.
  useEffect(() => {
    setText((current) => {
      const p = parseDay(lang, current);
      const same = (p.kind === "day" && p.iso === props.value) || (p.kind === "empty" && props.value === "");
      return same ? current : shown(props.value);
    });
    // `shown` depends only on lang.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.value, lang]);

  useEffect(() => {
    onValidChange?.(valid);
  }, [valid, onValidChange]);

  // A click outside the field and its calendar closes the calendar.
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);

  // The day under the keyboard has the focus while the calendar is open.
  useEffect(() => {
    if (!open) return;
    grid.current?.querySelector<HTMLButtonElement>(`[data-iso="${isoOf(cursor)}"]`)?.focus();
  }, [open, cursor]);

  useEffect(() => {
    if (open) wrap.current?.querySelector(".date-popup")?.scrollIntoView({ block: "nearest" });
  }, [open]);

  const edit = (next: string) => {
    setText(next);
    const p = parseDay(lang, next);
    if (p.kind === "day") props.onChange(p.iso);
    else if (p.kind === "empty") props.onChange("");
  };

  /** Writes a typed day again in the language's format. */
  const settle = () => {
    setTouched(true);
    const p = parseDay(lang, text);
    if (p.kind === "day") setText(formatDay(lang, p.iso));
  };

  const openCalendar = () => {
    const p = parseDay(lang, text);
    setCursor((p.kind === "day" && dayParts(p.iso)) || dayParts(props.value) || today());
    setOpen(true);
  };

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  const pick = (d: Day) => {
    const iso = isoOf(d);
    setText(formatDay(lang, iso));
    setTouched(true);
    props.onChange(iso);
    close();
  };

  const onGridKey = (e: KeyboardEvent) => {
    const moves: Record<string, () => Day> = {
      ArrowLeft: () => addDays(cursor, -1),
      ArrowRight: () => addDays(cursor, 1),
      ArrowUp: () => addDays(cursor, -7),
      ArrowDown: () => addDays(cursor, 7),
      PageUp: () => addMonths(cursor, -1),
      PageDown: () => addMonths(cursor, 1),
    };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      setCursor(move());
    } else if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      pick(cursor);
    }
  };

  const selected = parsed.kind === "day" ? parsed.iso : props.value;
  const first = (new Date(cursor.year, cursor.month - 1, 1).getDay() - weekStart(lang) + 7) % 7;
  const cells: (Day | null)[] = [
    ...Array.from({ length: first }, () => null),
    ...Array.from({ length: daysInMonth(cursor.year, cursor.month) }, (_, i) => ({ year: cursor.year, month: cursor.month, day: i + 1 })),
  ];
  const weeks: (Day | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const now = isoOf(today());

  let error: string | null = null;
  if (parsed.kind === "invalid" && touched) {
    error =
      parsed.reason === "no_such_day"
        ? t("dateNoSuchDay", { text: text.trim() })
        : t("dateBadFormat", { example: formatDay(lang, "2027-03-31"), iso: "2027-03-31" });
  }

  return (
    <div
      className="date-field"
      ref={wrap}
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          // Closes the calendar, not the dialog around it.
          e.stopPropagation();
          close();
        }
      }}
    >
      <div className="date-input">
        <input
          value={text}
          onChange={(e) => edit(e.target.value)}
          onBlur={settle}
          onKeyDown={(e) => {
            if (e.key === "Enter") settle();
          }}
          disabled={props.disabled}
          placeholder={formatDay(lang, "2027-03-31")}
          aria-label={props.label}
          aria-invalid={!valid}
          aria-describedby={error ? errorId : undefined}
          data-testid={props.testId}
          data-iso={parsed.kind === "day" ? parsed.iso : ""}
          className={valid ? undefined : "invalid"}
        />
        <button
          type="button"
          className="icon date-toggle"
          ref={toggle}
          disabled={props.disabled}
          onClick={() => (open ? setOpen(false) : openCalendar())}
          aria-label={t("dateCalendar")}
          title={t("dateCalendar")}
          aria-expanded={open}
          data-testid={`${props.testId}-calendar`}
        >
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="1.5" y="2.5" width="13" height="12" rx="1.5" fill="none" stroke="currentColor" />
            <path d="M1.5 6h13M5 1v3M11 1v3" stroke="currentColor" fill="none" />
          </svg>
        </button>
      </div>
      {error && (
        <p className="problem date-error" id={errorId} role="alert" data-testid={`${props.testId}-error`}>
          {error}
        </p>
      )}
      {open && (
        <div className="date-popup" role="dialog" aria-label={t("dateCalendar")} data-testid={`${props.testId}-popup`}>
          <div className="date-popup-head">
            <button type="button" className="icon" onClick={() => setCursor(addMonths(cursor, -1))} aria-label={t("datePrevMonth")} title={t("datePrevMonth")} data-testid="date-prev">
              ‹
            </button>
            <strong data-testid="date-month">{formatMonth(lang, cursor.year, cursor.month)}</strong>
            <button type="button" className="icon" onClick={() => setCursor(addMonths(cursor, 1))} aria-label={t("dateNextMonth")} title={t("dateNextMonth")} data-testid="date-next">
              ›
            </button>
          </div>
          <div role="grid" ref={grid} onKeyDown={onGridKey} className="date-grid">
            <div role="row" className="date-week">
              {weekdayNames(lang).map((w) => (
                <span role="columnheader" key={w} className="date-weekday">
                  {w}
                </span>
              ))}
            </div>
            {weeks.map((week, i) => (
              <div role="row" className="date-week" key={i}>
                {Array.from({ length: 7 }, (_, j) => week[j] ?? null).map((d, j) => {
                  if (!d) return <span role="gridcell" key={j} className="date-blank" />;
                  const iso = isoOf(d);
                  const focused = d.day === cursor.day;
                  return (
                    <span role="gridcell" key={j} aria-selected={iso === selected}>
                      <button
                        type="button"
                        tabIndex={focused ? 0 : -1}
                        className={["date-day", iso === selected ? "selected" : "", iso === now ? "today" : ""].filter(Boolean).join(" ")}
                        onClick={() => pick(d)}
                        aria-label={formatLongDay(lang, d.year, d.month, d.day)}
                        data-iso={iso}
                      >
                        {d.day}
                      </button>
                    </span>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
