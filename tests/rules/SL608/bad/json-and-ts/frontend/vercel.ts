export const config = { framework: 'nextjs' }
