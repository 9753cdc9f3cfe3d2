// The bars above the map: a notice, the comparison or deal shown, and a problem.

import type { Comparison, DealAnalysis } from "../bindings";
import { useT } from "../lib/i18n";

export function Notices(props: {
  notice: string | null;
  onCloseNotice: () => void;
  /** A notice of something done that the user may want back at once (a deletion). */
  undoNotice: string | null;
  onUndoNotice: () => void;
  onCloseUndoNotice: () => void;
  comparison: Comparison | null;
  onHideComparison: () => void;
  deal: DealAnalysis | null;
  onLeaveDeal: () => void;
  problem: string | null;
  onCloseProblem: () => void;
}) {
  const { t } = useT();
  const { notice, comparison, deal, problem } = props;
  return (
    <>
      {notice && (
        <div className="notice" role="status" data-testid="notice">
          <span>{notice}</span>
          <button onClick={props.onCloseNotice} aria-label={t("close")}>
            ✕
          </button>
        </div>
      )}
      {props.undoNotice && (
        <div className="notice" role="status" data-testid="undo-notice">
          <span>{props.undoNotice}</span>
          <button onClick={props.onUndoNotice} data-testid="undo-notice-undo">
            ↶ {t("undo")}
          </button>
          <button onClick={props.onCloseUndoNotice} aria-label="close">
            ✕
          </button>
        </div>
      )}
      {comparison && (
        <div className="deal-banner" role="status" data-testid="comparison-banner">
          <span>
            {t("comparisonBanner", {
              before: comparison.before.kind === "now" ? t("now") : comparison.before_label,
              after: comparison.after.kind === "now" ? t("now") : comparison.after_label,
            })}
          </span>
          <button onClick={props.onHideComparison} data-testid="comparison-hide">
            {t("comparisonHide")}
          </button>
        </div>
      )}
      {deal && (
        <div className="deal-banner" role="status" data-testid="deal-banner">
          <span>{t("dealBanner", { name: deal.opportunity.name })}</span>
          <button onClick={props.onLeaveDeal} data-testid="deal-banner-leave">
            {t("dealLeave")}
          </button>
        </div>
      )}
      {problem && (
        <div className="problem" role="alert" data-testid="problem">
          <span>{problem}</span>
          <button onClick={props.onCloseProblem} aria-label={t("close")}>
            ✕
          </button>
        </div>
      )}
    </>
  );
}
