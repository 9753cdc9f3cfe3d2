// The map opens at a readable zoom on the key persons (view.test.mjs), so a card elsewhere
// in a large map is not on screen (and not drawn). Tests reach it as a user does: Fit the map
// to the window (the button), then find the card.

/** Fits the map to the window and returns the card of person `id` once it is drawn. */
export async function fitAndFindCard(s, id) {
  await s.click(await s.find(".react-flow__controls-fitview"));
  const css = `[data-testid="person-card"][data-person-id="${id}"]`;
  await s.waitFor(() => s.execute(`return !!document.querySelector(arguments[0])`, [css]), `the card of ${id} drawn after fitting the map`);
  return s.find(css);
}

/** Fits the map to the window (the button) once a card is drawn, and waits for the view to
 * settle, so that every card of the account is on screen and drawn. */
export async function fitMap(s) {
  await s.waitFor(() => s.execute(`return document.querySelectorAll('[data-testid="person-card"]').length > 0`), "the map");
  await s.click(await s.find(".react-flow__controls-fitview"));
  let last = null;
  await s.waitFor(async () => {
    const v = await s.execute(`return document.querySelector('.react-flow__viewport')?.style.transform ?? null`);
    const still = v !== null && v === last;
    last = v;
    await new Promise((r) => setTimeout(r, 250));
    return still;
  }, "the fitted view to settle");
}
