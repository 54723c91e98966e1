import { defineRailway, github, postgres, preserve, project, redis, service } from "railway/iac";

import { sharedDeploy } from "./shared";

export default defineRailway((ctx) => {
  const production = ctx.environment === "production";
  const db = postgres("postgres");
  const backend = service("backend", {
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    deploy: sharedDeploy,
  });
  return project("shop", { resources: [db, backend] });
});
