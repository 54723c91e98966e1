import { routes, type VercelConfig } from '@vercel/config/v1'

import { legacyRedirects } from './redirects'

// Vercel compiles this file when it builds; stagelint reads it without running it.
export const config: VercelConfig = {
  framework: 'nextjs',
  buildCommand: 'bun run build',
  installCommand: 'bun install',
  regions: ['iad1'],
  functions: {
    'app/**': { memory: 1024, maxDuration: 10 },
  },
  redirects: [
    routes.redirect('/docs', '/help', { permanent: true }),
    // built by code in another file: stagelint says "not checkable" and reads the rest
    ...legacyRedirects.map((r) => routes.redirect(r.from, r.to)),
  ],
  headers: [
    routes.header('/(.*)', [
      { key: 'X-Frame-Options', value: 'DENY' },
      {
        key: 'Content-Security-Policy',
        value: ["default-src 'self'", "img-src 'self' https://cdn.sanity.io"].join('; '),
      },
    ]),
  ],
}
