import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'

export default defineConfig({
  name: 'default',
  title: 'Studio',
  projectId: process.env.SANITY_STUDIO_PROJECT_ID || 'q3k8v1mz',
  dataset: process.env.SANITY_STUDIO_DATASET || 'production',
  plugins: [structureTool()],
})
