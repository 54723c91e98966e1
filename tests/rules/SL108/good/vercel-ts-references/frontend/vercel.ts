import { routes, deploymentEnv } from '@vercel/config/v1'

export default {
  env: { API_TOKEN: deploymentEnv('API_TOKEN'), NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET },
  rewrites: [routes.rewrite('/api/(.*)', deploymentEnv('API_ORIGIN'))],
}
