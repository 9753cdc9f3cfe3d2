// Once the divs are painted (the frame after the first one), the page says so the way
// Stakemap's map does: a performance mark and data-map-ready="true".
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    performance.mark("map-ready");
    document.body.setAttribute("data-map-ready", "true");
  }),
);
