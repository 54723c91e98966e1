import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: 'k7x9p2qd',
    dataset: process.env.SANITY_STUDIO_DATASET ?? 'staging',
  },
  studioHost: 'staging-example-shop',
})
