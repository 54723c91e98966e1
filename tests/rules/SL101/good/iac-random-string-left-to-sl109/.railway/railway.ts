import { defineRailway, github, postgres, preserve, project, redis, service } from "railway/iac";

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
      JWT_SECRET_KEY: { value: ctx.randomString("jwt", 32) },
    SESSION_SECRET: { value: ctx.randomString("session", 16) },
    },
  });
  return project("shop", { resources: [db, backend] });
});
