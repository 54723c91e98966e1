import { defineRailway, project, redis, service } from "railway/iac";

export default defineRailway(() => {
  const cache = redis("cache");
  const cacheWarmer = service("cache", { start: "node warm.js" });
  return project("shop", { resources: [cache, cacheWarmer] });
});
