import { defineRailway, postgres, preserve, project, service } from "railway/iac";

const previewKeys = { webhook: "whsec_P3vR8kQz1LmN4tY7uB2xC5aD9eF0gH6j" };

function sessionSecret(env: string) {
  if (env === "qa") {
    return "Qa7vN2mK9xR4tL8pW3zB6cY1dF5hJ0sG";
  }
  return preserve();
}

export default defineRailway((ctx) => {
  const db = postgres("postgres");
  const backend = service("backend", {
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    healthcheck: "/health",
    env: {
      DATABASE_URL: db.env.DATABASE_URL,
      JWT_SECRET_KEY: ctx.environment === "pr-42" ? "pr42-Xk8vL2mQ9nR4tW7zB3cY6dF1hJ5sG0pA" : preserve(),
      CSRF_SECRET: ctx.isEnvironment("development") ? { value: "dev-Mz4nQ8rT2vX6yB1cE5gH9jK3mP7sU0wA" } : preserve(),
      API_TOKEN: process.env.CI ? "ci-Lq3wE8rT1yU6iO9pA2sD5fG7hJ4kZ0xC" : preserve(),
      LEMON_SQUEEZY_WEBHOOK_SECRET: ctx.environment === "preview" ? previewKeys.webhook : preserve(),
      SESSION_SECRET: sessionSecret(ctx.environment),
    },
  });
  return project("shop", { resources: [db, backend] });
});
