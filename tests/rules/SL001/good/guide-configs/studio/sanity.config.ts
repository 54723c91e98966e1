import {defineConfig} from 'sanity'

export default defineConfig({
  projectId: 'k7x9p2qd',
  dataset: process.env.SANITY_STUDIO_DATASET || 'staging',
})
