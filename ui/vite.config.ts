import { defineConfig } from "vitest/config";

// React is compiled by esbuild's automatic JSX runtime; no plugin is needed for a
// production bundle served by the Tauri shell.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "es2021",
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      // Libraries marked "use client" for server rendering; there is none here.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // The palette file is read as text by the tests that check a colour.
    css: { include: [/palette\.css/] },
  },
});
