import { defineRailway, group, postgres, project, service, volume } from "railway/iac";

export default defineRailway((ctx) => {
  const db = postgres("postgres");
  const api = service(ctx.environment === "production" ? "api" : "api-staging", {
    start: "node server.js",
    volumeMounts: { "/data": volume("api") },
  });
  return project("shop", { resources: [db, api, api, group("Backend", [db, api])] });
});
