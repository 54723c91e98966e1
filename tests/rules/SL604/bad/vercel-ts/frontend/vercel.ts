import type { VercelConfig } from '@vercel/config/v1'
import { sharedFunctions } from './config/functions'

const apiLimits = { memory: 1024, maxDuration: 60 }

export const config: VercelConfig = {
  framework: 'nextjs',
  functions: {
    ...sharedFunctions,
    'app/api/**': { ...apiLimits, memory: 8192 },
    'app/api/export/route.ts': { maxDuration: 60 * 60 },
  },
}
