import type { VercelConfig } from '@vercel/config/v1'

const memory = Number(process.env.FUNCTION_MEMORY ?? '1024')

export const config: VercelConfig = {
  framework: 'nextjs',
  functions: { 'app/**': { memory, maxDuration: 10 } },
}
