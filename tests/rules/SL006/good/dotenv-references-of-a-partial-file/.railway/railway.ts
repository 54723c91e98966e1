import { defineRailway, postgres, project, service } from "railway/iac";

// this repository manages only its own resources: Neon and Redis live in other files
export const partial = "backend";

export default defineRailway(() => {
  const db = postgres("postgres");
  const backend = service("backend", { start: "uvicorn app.main:app --host 0.0.0.0 --port $PORT" });
  return project("shop", { resources: [db, backend] });
});
