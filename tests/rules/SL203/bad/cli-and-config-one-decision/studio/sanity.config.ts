import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'

const projectId = process.env.SANITY_STUDIO_PROJECT_ID || 'k7x9p2qd'
const dataset = process.env.SANITY_STUDIO_DATASET || 'production'

export default defineConfig({
  name: 'default',
  title: 'Shop',
  projectId,
  dataset,
  plugins: [structureTool()],
})
