import { describe, expect, it } from "vitest";
import { fold, matches } from "./text";

describe("fold", () => {
  it("treats hiragana and katakana alike", () => {
    expect(fold("タカハシ マコト")).toBe(fold("たかはし まこと"));
  });
  it("folds full-width letters and case", () => {
    expect(fold("ＣＦＯ")).toBe("cfo");
  });
});

describe("matches", () => {
  const takahashi = ["高橋 誠", "タカハシ マコト", "代表取締役社長"];
  it("finds a person by the reading typed in hiragana", () => {
    expect(matches("たかはし", takahashi)).toBe(true);
    expect(matches("タカハシ", takahashi)).toBe(true);
  });
  it("finds a person by name with or without the space", () => {
    expect(matches("高橋誠", takahashi)).toBe(true);
    expect(matches("高橋", takahashi)).toBe(true);
  });
  it("does not find someone else", () => {
    expect(matches("なかむら", takahashi)).toBe(false);
  });
  it("an empty query matches everyone", () => {
    expect(matches("  ", takahashi)).toBe(true);
  });
});
