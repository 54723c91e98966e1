import { defineRailway, postgres, preserve, project, service } from "railway/iac";

const staging = "staging-secret-environment-name-for-tests";

export default defineRailway((ctx) => {
  const production = ctx.environment === "production";
  const db = postgres("postgres");
  const backend = service("backend", {
    start: production ? "uvicorn app.main:app --host 0.0.0.0 --port $PORT --workers 4" : "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    env: {
      DATABASE_URL: db.env.DATABASE_URL,
      JWT_SECRET_KEY: ctx.isEnvironment("qa-session-token-environment") ? preserve() : ctx.shared.JWT_SECRET_KEY,
      SESSION_SECRET: { description: "openssl rand -base64 48, set in Railway", isOptional: false },
      ADMIN_PASSWORD: { generator: 'secret(32, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")' },
      SENTRY_AUTH_TOKEN: ctx.environment === staging ? "${{shared.SENTRY_AUTH_TOKEN}}" : preserve(),
      OPENAI_API_KEY: production ? "OPENAI_API_KEY_PRODUCTION" : "changeme",
      WEBHOOK_SECRET: process.env.CI ? "<generate-strong-staging-secret-32chars+>" : preserve(),
    },
  });
  return project("shop", { resources: [db, backend] });
});
