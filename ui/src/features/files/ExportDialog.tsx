// Export the account's map: pictures (SVG, PNG, PDF), PowerPoint slides, data (CSV, JSON, GraphML) or a
// self-contained HTML viewer, with the private parts left out field by field. Formats meant
// for outside the team start with everything private left out.

import { useState } from "react";
import type { ExportFormat, PageSize, Redaction } from "../../bindings";
import { backend } from "../../lib/backend";
import { runJob } from "../../lib/progress";
import { baseName, pickFile } from "../../lib/dialogs";
import { type MessageKey, useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";
import { DialogFoot, Modal } from "../../lib/Modal";

export const FORMATS: ExportFormat[] = ["png", "pdf", "svg", "pptx", "html", "csv", "json", "graphml"];
const PAGES: PageSize[] = ["fit", "a4", "a3", "letter"];
const FOR_OUTSIDE = new Set<ExportFormat>(["svg", "png", "pdf", "pptx", "html"]);
const ALL: Redaction = { ratings: true, notes: true, portraits: true, negative_lines: true };
const NONE: Redaction = { ratings: false, notes: false, portraits: false, negative_lines: false };

/** A name usable as a file name on every system. */
function safeName(name: string): string {
  const cleaned = [...name].map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? "_" : c)).join("");
  return cleaned.trim() || "map";
}

export function ExportDialog(props: { accountId: string; accountName: string; onClose: () => void; onDone: (message: string) => void }) {
  const { lang, t } = useT();
  const [format, setFormat] = useState<ExportFormat>("png");
  const [scale, setScale] = useState(2);
  const [page, setPage] = useState<PageSize>("fit");
  const [redaction, setRedaction] = useState<Redaction>(ALL);
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
      const file = await pickFile("export_account", `${safeName(props.accountName)}.${format}`);
      if (!file) return;
      const written = await runJob((sink) => backend.exportAccount(props.accountId, { format, redaction, scale, page, lang }, file.token, sink));
      props.onDone(t("exportDone", { files: written.map(baseName).join(", ") }));
    } catch (e) {
      setError(errorText(e, t));
    } finally {
      setBusy(false);
    }
  };

  const keys: (keyof Redaction)[] = ["ratings", "notes", "portraits", "negative_lines"];
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
      {format === "png" && (
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
      {format === "pdf" && (
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
