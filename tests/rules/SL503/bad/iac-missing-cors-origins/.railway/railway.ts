import { defineRailway, postgres, preserve, project, redis, service } from "railway/iac";

export default defineRailway((ctx) => {
  const db = postgres("postgres");
  const cache = redis("redis");
  const backend = service("backend", {
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    healthcheck: "/health",
    env: {
      PYTHON_ENV: ctx.environment,
      DATABASE_URL: db.env.DATABASE_URL,
      REDIS_URL: cache.env.REDIS_URL,
      JWT_SECRET_KEY: preserve(),
      SESSION_SECRET: { value: ctx.randomString("session", 32) },
      CSRF_SECRET: { description: "set in the dashboard", isOptional: false },
    },
  });
  return project("shop", { resources: [db, cache, backend] });
});
