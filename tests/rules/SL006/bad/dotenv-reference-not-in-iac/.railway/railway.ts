import { defineRailway, postgres, preserve, project, redis, service } from "railway/iac";

export default defineRailway((ctx) => {
  const db = postgres("postgres");
  const cache = ctx.environment === "production" ? redis("redis") : null;
  const backend = service("backend", {
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    healthcheck: "/health",
    env: { DATABASE_URL: db.env.DATABASE_URL, JWT_SECRET_KEY: preserve() },
  });
  return project("shop", { resources: [db, cache, backend] });
});
