// A person's three ratings over time as a small step chart, with a dashed marker at each
// review (snapshot) of their account.

import { useQuery } from "@tanstack/react-query";
import { backend } from "../../lib/backend";
import { keys } from "../../lib/queries";
import { dateTime } from "../../lib/dialogs";
import { ratingGuides, reviewMarks, TREND_COLOURS, TREND_FRAME, TREND_RATINGS, trendPaths, trendRange } from "./trendGeometry";
import { useT } from "../../lib/i18n";
import { errorText } from "../../lib/errors";

export function TrendChart(props: { accountId: string; personId: string }) {
  const { lang, t } = useT();
  const query = useQuery({
    queryKey: keys.trend(props.accountId, props.personId),
    queryFn: () => backend.ratingTrend(props.personId),
  });

  if (query.isError) {
    return (
      <p className="hint" data-testid="trend-error">
        {errorText(query.error, t)}
      </p>
    );
  }
  const trend = query.data;
  if (!trend) return null;
  // The chart ends today, also when the trend was read earlier and kept.
  const now = Date.now();
  const reviews = trend.reviews.map(([snapshot]) => snapshot);
  const range = trendRange(trend.points, reviews, now);
  if (range === null || (trend.points.length < 2 && reviews.length === 0)) {
    return (
      <p className="hint" data-testid="trend-empty">
        {t("trendEmpty")}
      </p>
    );
  }
  const f = TREND_FRAME;
  const paths = trendPaths(trend.points, range, f);
  const marks = reviewMarks(reviews, range, f);
  const title = t("trendTitle");
  return (
    <div className="trend">
      <svg
        width={f.width}
        height={f.height}
        viewBox={`0 0 ${f.width} ${f.height}`}
        role="img"
        aria-label={title}
        data-testid="trend-chart"
        className="trend-chart"
      >
        <title>{title}</title>
        {ratingGuides(f).map((g) => (
          <g key={g.value}>
            <line x1={f.left} x2={f.width - f.right} y1={g.y} y2={g.y} className="trend-guide" strokeWidth="1" />
            {(g.value === 1 || g.value === 3 || g.value === 5) && (
              <text x={f.left - 4} y={g.y + 3} fontSize="8" textAnchor="end" className="trend-scale">
                {g.value}
              </text>
            )}
          </g>
        ))}
        {marks.map((m) => (
          <g key={m.review.id} data-testid="trend-review" data-snapshot-id={m.review.id}>
            <title>{t("trendReview", { name: m.review.name, date: dateTime(lang, m.review.taken_at) })}</title>
            <line x1={m.x} x2={m.x} y1={f.top} y2={f.height - f.bottom} className="trend-review-mark" strokeWidth="1" strokeDasharray="3 2" />
            <line x1={m.x} x2={m.x} y1={f.top} y2={f.height - f.bottom} stroke="transparent" strokeWidth="6" />
          </g>
        ))}
        {TREND_RATINGS.map(
          (r) =>
            paths[r] && (
              <path
                key={r}
                d={paths[r]}
                fill="none"
                style={{ stroke: TREND_COLOURS[r] }}
                strokeWidth="2"
                strokeLinejoin="round"
                data-testid="trend-line"
                data-rating={r}
              />
            ),
        )}
      </svg>
      <div className="trend-legend">
        {TREND_RATINGS.map((r) => (
          <span key={r}>
            <svg width="14" height="6" aria-hidden="true">
              <line x1="0" y1="3" x2="14" y2="3" style={{ stroke: TREND_COLOURS[r] }} strokeWidth="2" />
            </svg>
            {t(`trendLegend_${r}`)}
          </span>
        ))}
      </div>
    </div>
  );
}
