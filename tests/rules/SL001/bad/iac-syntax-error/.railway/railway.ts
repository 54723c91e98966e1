import { defineRailway, service } from "railway/iac";

export default defineRailway((ctx) => {
  const api = service("api", { start: "x" ;
});
