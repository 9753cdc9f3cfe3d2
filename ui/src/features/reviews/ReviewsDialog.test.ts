import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Comparison, PersonRef } from "../../bindings";
import { localIsoDate } from "./reviewText";
import { ComparisonView, ReviewsDialog } from "./ReviewsDialog";
import { LangContext } from "../../lib/i18n";

const priya: PersonRef = { id: "p1", name: "Priya Raman", title: "CFO" };
const ken: PersonRef = { id: "p2", name: "Ken Sato", title: "" };
const aiko: PersonRef = { id: "p3", name: "Aiko Mori", title: "COO" };

const c: Comparison = {
  account_name: "Contoso",
  before: { kind: "snapshot", id: "s1" },
  after: { kind: "now" },
  before_label: "Q1 review",
  after_label: "now",
  before_at: "2026-01-01T00:00:00Z",
  after_at: "2026-04-01T00:00:00Z",
  people_added: [aiko],
  people_removed: [],
  rating_moves: [
    { person: priya, rating: "solution", before: 2, after: 4 },
    { person: ken, rating: "price", before: null, after: 3 },
  ],
  lines_added: [{ kind: "influence", from: priya, to: ken, strength: 3, sign: -1 }],
  lines_removed: [],
  gaps_opened: [],
  gaps_closed: [ken],
  status_before: "red",
  status_after: "amber",
};

const html = (lang: "en" | "ja") => renderToStaticMarkup(createElement(LangContext.Provider, { value: lang }, createElement(ComparisonView, { c })));

describe("ComparisonView", () => {
  it("lists every change with the attributes the tests and map use", () => {
    const out = html("en");
    expect(out).toContain('data-testid="comparison" data-before="snapshot:s1" data-after="now"');
    expect(out).toContain('<li data-testid="cmp-person-added" data-person-id="p3">Aiko Mori (COO)</li>');
    expect(out).toContain(
      '<li data-testid="cmp-rating-move" data-person-id="p1" data-rating="solution" data-before="2" data-after="4">▲ Priya Raman: solution acceptance 2 → 4</li>',
    );
    expect(out).toContain('data-person-id="p2" data-rating="price" data-before="" data-after="3">◆ Ken Sato: price acceptance unknown → 3</li>');
    expect(out).toContain('data-testid="cmp-line-added" data-kind="influence" data-from="p1" data-to="p2" data-sign="-1">Priya Raman influences Ken Sato (negative)</li>');
    expect(out).toContain('<li data-testid="cmp-gap-closed" data-person-id="p2">Ken Sato</li>');
    expect(out).toContain('data-testid="cmp-status" data-before="red" data-after="amber"');
    expect(out).toContain("Map status: Red → Amber");
    expect(out).toContain("Q1 review (");
    expect(out).toContain("→ Now (");
  });
  it("says No change for each empty section", () => {
    const out = html("en");
    // people removed, lines removed and gaps opened are empty
    expect(out.match(/data-testid="cmp-no-change"/g)).toHaveLength(3);
  });
  it("speaks Japanese", () => {
    const out = html("ja");
    expect(out).toContain("マップの状態: 赤 → 黄");
    expect(out).toContain("→ 現在 (");
    expect(out).toContain("変化なし");
  });
});

describe("ReviewsDialog", () => {
  it("opens with today's snapshot name and Now as the state to compare with", () => {
    const noop = () => undefined;
    // The dialog reads its snapshots through the query cache (nothing is read while
    // rendering to a string).
    const out = renderToStaticMarkup(
      createElement(
        QueryClientProvider,
        { client: new QueryClient() },
        createElement(ReviewsDialog, {
        accountId: "acc",
        accountName: "Contoso",
        threshold: 0.3,
        onClose: noop,
        onChanged: noop,
        onShowOnMap: noop,
        onExported: noop,
        }),
      ),
    );
    expect(out).toContain('data-testid="reviews-dialog"');
    expect(out).toContain("Reviews: Contoso");
    expect(out).toContain(`data-testid="snapshot-name" maxLength="200" value="Review ${localIsoDate(new Date())}"`);
    expect(out).toMatch(/data-testid="compare-after"><option value="now" selected="">Now<\/option>/);
    expect(out).not.toContain('data-testid="comparison"');
  });
});
