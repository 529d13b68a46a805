import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev -w @leadscore/dashboard` proxies the API to a running `leadscore serve`.
const apiOrigin = process.env.LEADSCORE_API_ORIGIN ?? "http://localhost:8080";

export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  server: {
    proxy: {
      "/v1": { target: apiOrigin, changeOrigin: true },
      "/openapi.json": { target: apiOrigin, changeOrigin: true },
    },
  },
});
