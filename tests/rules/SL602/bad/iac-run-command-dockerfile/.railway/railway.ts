import { defineRailway, github, postgres, preserve, project, redis, service } from "railway/iac";

export default defineRailway((ctx) => {
  const production = ctx.environment === "production";
  const db = postgres("postgres");
  const backend = service("backend", {
    build: { builder: "DOCKERFILE", dockerfilePath: "backend/Dockerfile" },
    run: { command: "uvicorn app.main:app --host 0.0.0.0 --port $PORT", healthcheck: "/health" },
  });
  return project("shop", { resources: [db, backend] });
});
