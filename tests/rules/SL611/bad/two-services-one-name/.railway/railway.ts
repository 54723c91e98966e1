import { defineRailway, postgres, project, service } from "railway/iac";

export default defineRailway((ctx) => {
  const db = postgres("postgres");
  const api = service("api", {
    start: "node server.js",
    healthcheck: "/health",
  });
  // copied from api, name not changed
  const worker = service("api", {
    start: "node worker.js",
  });
  const cache = ctx.environment === "production" ? postgres("postgres") : null;
  return project("shop", { resources: [db, api, worker, cache] });
});
