// Railway infrastructure as code for the shop: the backend's settings, its database and
// cache, and its variables in staging and production. Railway runs this file on
// `railway config plan` / `railway config apply` for the linked environment; values that
// differ per environment are conditions on ctx.environment.
//
// No secret is written here: preserve() keeps the value set in Railway for each
// environment (`railway variables --set KEY=... --environment staging`), so staging and
// production hold their own secrets.
import { defineRailway, github, postgres, preserve, project, redis, service } from "railway/iac";

export default defineRailway((ctx) => {
  const production = ctx.environment === "production";

  // Each Railway environment gets its own instance of these: staging never touches
  // production's data.
  const db = postgres("Postgres");
  const cache = redis("Redis");

  const backend = service("backend", {
    source: github("example-shop/shop", { rootDirectory: "backend" }),
    build: { builder: "RAILPACK", buildCommand: "uv pip install -e ." },
    preDeploy: "alembic upgrade head",
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    healthcheck: "/health",
    healthcheckTimeout: 100,
    deploy: { restartPolicyType: "ON_FAILURE", restartPolicyMaxRetries: 10 },
    replicas: production ? 2 : 1,
    env: {
      // Application
      PYTHON_ENV: ctx.environment,
      DEBUG: "false",
      WORKERS: production ? "4" : "2",

      // API
      API_PREFIX: "/api/v1",
      BACKEND_HOST: "0.0.0.0",

      // Database and cache (Railway's private network)
      DATABASE_URL: db.env.DATABASE_URL,
      DATABASE_POOL_SIZE: production ? "30" : "15",
      DATABASE_MAX_OVERFLOW: production ? "50" : "25",
      REDIS_URL: cache.env.REDIS_URL,

      // Security: generated per environment, set in Railway
      JWT_SECRET_KEY: preserve(),
      SESSION_SECRET: preserve(),
      CSRF_SECRET: preserve(),
      JWT_ACCESS_TOKEN_EXPIRE_MINUTES: "30",
      JWT_REFRESH_TOKEN_EXPIRE_DAYS: "7",

      // CORS: the frontend of each environment (and Vercel's preview deployments in staging)
      CORS_ORIGINS: production
        ? "https://www.example-shop.com,https://example-shop.com"
        : "https://staging.example-shop.com,https://*.vercel.app",

      // Lemon Squeezy: test mode everywhere but production
      LEMON_SQUEEZY_TEST_MODE: production ? "false" : "true",
      LEMON_SQUEEZY_API_KEY: preserve(),
      LEMON_SQUEEZY_STORE_ID: "48213",
      LEMON_SQUEEZY_WEBHOOK_SECRET: preserve(),
      LEMON_SQUEEZY_WEBHOOK_URL: production
        ? "https://api.example-shop.com/api/v1/webhooks/lemon-squeezy"
        : "https://api-staging.example-shop.com/api/v1/webhooks/lemon-squeezy",

      // Sanity CMS: each environment reads its own dataset
      NEXT_PUBLIC_SANITY_PROJECT_ID: "k7x9p2qd",
      NEXT_PUBLIC_SANITY_DATASET: ctx.environment,
      SANITY_API_TOKEN: preserve(),

      // Email (SendGrid)
      EMAIL_FROM_ADDRESS: production ? "orders@example-shop.com" : "staging@example-shop.com",
      SENDGRID_API_KEY: preserve(),

      // Sentry
      SENTRY_DSN: "https://b9bbbc7a8516160a66a9c3eb4040b4e9@o451234.ingest.us.sentry.io/4507654321",
      SENTRY_ENVIRONMENT: ctx.environment,
      SENTRY_TRACES_SAMPLE_RATE: production ? "0.2" : "1.0",

      // PostHog
      POSTHOG_PERSONAL_API_KEY: preserve(),

      // Rate limiting: staging mirrors production's limits
      RATE_LIMIT_ENABLED: "true",
    },
  });

  return project("shop", { resources: [db, cache, backend] });
});
