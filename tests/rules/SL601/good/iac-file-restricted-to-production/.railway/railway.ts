import { defineRailway, project, service } from "railway/iac";

export default defineRailway((ctx) => {
  if (!ctx.isEnvironment("production")) {
    throw new Error("this file manages production only");
  }
  const api = service("api", { start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT" });
  return project("shop", { resources: [api] });
});
