import {defineConfig} from 'sanity'
import {assist} from '@sanity/assist'

export default defineConfig({
  projectId: 'k7x9p2qd',
  dataset: 'staging',
  token: process.env.SANITY_STUDIO_READ_TOKEN,
  previewSecret: '<preview-secret>',
  // plugins take the name of the variable that holds the key
  plugins: [assist({apiKey: 'OPENAI_API_KEY', sanityToken: 'SANITY_STUDIO_TOKEN'})],
})
