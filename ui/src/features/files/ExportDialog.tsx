// Export the account's map: pictures (SVG, PNG, PDF) on a slide, paper or fitted to the map,
// PowerPoint slides to edit, data (CSV, JSON, GraphML), a self-contained HTML viewer or the
// account brief. Two plain choices say who it is for: "for my team" (everything shown) or
// "for outside" (the private parts left out; the start for pictures and slides), with the
// parts to leave out one by one below.

import { useState } from "react";
import type { ExportFormat, MapView, PageSize, Redaction } from "../../bindings";
import { backend } from "../../lib/backend";
import { runJob } from "../../lib/progress";
import { baseName, pickFile } from "../../lib/dialogs";
import { type MessageKey, useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";
import { DialogFoot, Modal } from "../../lib/Modal";

export const FORMATS: ExportFormat[] = ["png", "pdf", "svg", "pptx", "html", "brief_pdf", "brief_html", "csv", "json", "graphml"];
const PAGES: PageSize[] = ["slide", "a4", "a3", "letter", "fit"];
const VIEWS: MapView[] = ["auto", "key", "all"];
const PAGED = new Set<ExportFormat>(["png", "pdf", "svg"]);
const FOR_OUTSIDE = new Set<ExportFormat>(["svg", "png", "pdf", "pptx", "html"]);
const ALL: Redaction = { ratings: true, notes: true, portraits: true, negative_lines: true };
const NONE: Redaction = { ratings: false, notes: false, portraits: false, negative_lines: false };

/** A name usable as a file name on every system. */
function safeName(name: string): string {
  const cleaned = [...name].map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? "_" : c)).join("");
  return cleaned.trim() || "map";
}

/** The extension of a format's file. */
function extension(f: ExportFormat): string {
  return f === "brief_pdf" ? "pdf" : f === "brief_html" ? "html" : f;
}

export function ExportDialog(props: {
  accountId: string;
  accountName: string;
  initialFormat?: ExportFormat;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { lang, t } = useT();
  const first = props.initialFormat ?? "png";
  const [format, setFormat] = useState<ExportFormat>(first);
  const [scale, setScale] = useState(2);
  const [page, setPage] = useState<PageSize>("slide");
  const [view, setView] = useState<MapView>("auto");
  const [redaction, setRedaction] = useState<Redaction>(FOR_OUTSIDE.has(first) ? ALL : NONE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const choose = (f: ExportFormat) => {
    setFormat(f);
    setRedaction(FOR_OUTSIDE.has(f) ? ALL : NONE);
  };

  const run = async () => {
    setError(null);
    setBusy(true);
    try {
      const file = await pickFile("export_account", `${safeName(props.accountName)}.${extension(format)}`);
      if (!file) return;
      const paged = PAGED.has(format);
      const options = { format, redaction, scale, page: paged ? page : null, view: paged ? view : null, lang };
      const written = await runJob((sink) => backend.exportAccount(props.accountId, options, file.token, sink));
      props.onDone(t("exportDone", { files: written.map(baseName).join(", ") }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const keys: (keyof Redaction)[] = ["ratings", "notes", "portraits", "negative_lines"];
  const redacts = keys.some((k) => redaction[k]);
  return (
    <Modal title={`${t("exportTitle")}: ${props.accountName}`} onClose={() => !busy && props.onClose()} testId="export-dialog">
      <label className="row">
        {t("exportFormat")}
        <select value={format} onChange={(e) => choose(e.target.value as ExportFormat)} data-testid="export-format">
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`format_${f}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      {PAGED.has(format) && (
        <label className="row">
          {t("exportPage")}
          <select value={page} onChange={(e) => setPage(e.target.value as PageSize)} data-testid="export-page">
            {PAGES.map((p) => (
              <option key={p} value={p}>
                {t(`page_${p}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      )}
      {PAGED.has(format) && page !== "fit" && (
        <label className="row">
          {t("exportView")}
          <select value={view} onChange={(e) => setView(e.target.value as MapView)} data-testid="export-view">
            {VIEWS.map((v) => (
              <option key={v} value={v}>
                {t(`view_${v}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      )}
      {format === "png" && page === "fit" && (
        <label className="row">
          {t("exportScale")}
          <select value={scale} onChange={(e) => setScale(Number(e.target.value))} data-testid="export-scale">
            {[1, 2, 3, 4].map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="row" role="radiogroup" aria-label={t("exportAudience")}>
        <label>
          <input type="radio" name="audience" checked={!redacts} onChange={() => setRedaction(NONE)} data-testid="export-for-team" />
          {t("exportForTeam")}
        </label>
        <label>
          <input type="radio" name="audience" checked={redacts} onChange={() => setRedaction(ALL)} data-testid="export-for-outside" />
          {t("exportForOutside")}
        </label>
      </div>
      <fieldset>
        <legend>{t("exportRedact")}</legend>
        {keys.map((k) => (
          <label key={k} className="row">
            <input
              type="checkbox"
              checked={redaction[k]}
              onChange={(e) => setRedaction({ ...redaction, [k]: e.target.checked })}
              data-testid={`redact-${k}`}
            />
            {t(`redact_${k}` as MessageKey)}
          </label>
        ))}
        {FOR_OUTSIDE.has(format) && <p className="note">{t("exportOutsideHint")}</p>}
      </fieldset>
      <DialogFoot
        name="export"
        error={error}
        busy={busy}
        workingLabel={t("working")}
        cancelLabel={t("cancel")}
        actionLabel={t("exportDo")}
        actionDisabled={false}
        onCancel={props.onClose}
        onAction={() => void run()}
      />
    </Modal>
  );
}
