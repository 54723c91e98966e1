import {defineConfig} from 'sanity'

export default defineConfig({
  projectId: 'k7x9p2qd',
  dataset: 'staging',
  token: process.env.SANITY_STUDIO_READ_TOKEN,
  previewSecret: '<preview-secret>',
})
