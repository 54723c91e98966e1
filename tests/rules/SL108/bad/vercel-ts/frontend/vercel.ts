import { routes, deploymentEnv } from '@vercel/config/v1'

const sentryToken = 'sntrys_eyJpYXQiOjE3MzY2OTEyMDB9_Xq3vLm8Pz'

export const config = {
  buildCommand: `SENTRY_AUTH_TOKEN=${sentryToken} next build`,
  env: {
    NEXTAUTH_SECRET: 'hehz1dNS8mkLIlsl2JS0fQgiGh0laWekRYtJemCRGfgrlMNOunT33R6Ecks1KCQm',
    API_TOKEN: process.env.API_TOKEN,
  },
  rewrites: [
    routes.rewrite('/api/(.*)', 'https://api.example-shop.com/$1', {
      requestHeaders: { authorization: `Bearer ${deploymentEnv('API_TOKEN')}` },
    }),
  ],
}
