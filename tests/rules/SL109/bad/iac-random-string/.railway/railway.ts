import { defineRailway, github, postgres, preserve, project, redis, service } from "railway/iac";

const signing = (ctx) => ({ value: ctx.randomString("signing", 32) });

export default defineRailway((ctx) => {
  const production = ctx.environment === "production";
  const db = postgres("postgres");
  const backend = service("backend", {
    source: github("acme/shop", { rootDirectory: "backend" }),
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    healthcheck: "/health",
    healthcheckTimeout: 100,
    deploy: { restartPolicyType: "ON_FAILURE", restartPolicyMaxRetries: 10 },
    replicas: production ? 2 : 1,
    env: {
      PYTHON_ENV: ctx.environment,
      DATABASE_URL: db.env.DATABASE_URL,
      JWT_SECRET_KEY: { value: ctx.randomString("jwt") },
      SESSION_SECRET: production ? preserve() : { value: ctx.randomString("session", 32) },
      CSRF_SECRET: ctx.isEnvironment("pr-7") ? ctx.randomString("csrf", 32) : preserve(),
      WEBHOOK_SIGNING_SECRET: signing(ctx),
      CACHE_KEY_PREFIX: ctx.randomString("cache"),
    },
  });
  return project("shop", { resources: [db, backend] });
});
