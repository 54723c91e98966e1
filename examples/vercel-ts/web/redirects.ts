export const legacyRedirects = [
  { from: '/shop/:slug', to: '/products/:slug' },
  { from: '/blog/:slug', to: '/journal/:slug' },
]
