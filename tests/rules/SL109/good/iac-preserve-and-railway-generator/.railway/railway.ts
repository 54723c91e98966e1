import { defineRailway, postgres, preserve, project, service } from "railway/iac";

export default defineRailway((ctx) => {
  const db = postgres("postgres");
  const backend = service("backend", {
    start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT",
    env: {
      DATABASE_URL: db.env.DATABASE_URL,
      JWT_SECRET_KEY: preserve(),
      SESSION_SECRET: { generator: 'secret(48)' },
      CSRF_SECRET: ctx.shared.CSRF_SECRET,
      DEPLOY_NONCE: { value: ctx.randomString("deploy-nonce", 16) },
    },
  });
  return project("shop", { resources: [db, backend] });
});
