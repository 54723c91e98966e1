// Billing jobs in Railway's infrastructure as code: the webhook secret comes from
// ctx.randomString, which anyone with the repository can compute (SL109), and the copied
// reminders service kept the name of the one it was copied from (SL611).
import { defineRailway, project, service } from "railway/iac";

export default defineRailway((ctx) => {
  const invoices = service("billing", {
    start: "python -m billing.invoices",
    env: {
      PYTHON_ENV: ctx.environment,
      BILLING_WEBHOOK_SECRET: { value: ctx.randomString("billing-webhook", 32) },
    },
  });
  const reminders = service("billing", { start: "python -m billing.reminders" });
  return project("billing", { resources: [invoices, reminders] });
});
