// Sanity Studio configuration. The dataset comes from the deploy command
// (SANITY_STUDIO_DATASET=staging npx sanity deploy) and defaults to staging.
import {defineConfig} from 'sanity'
import {structureTool} from 'sanity/structure'
import {visionTool} from '@sanity/vision'
import {schemaTypes} from './schemaTypes'

const projectId = 'k7x9p2qd'

export default defineConfig({
  name: 'default',
  title: 'AI E-Commerce Platform',
  projectId,
  dataset: process.env.SANITY_STUDIO_DATASET || 'staging',
  plugins: [structureTool(), visionTool()],
  schema: {
    types: schemaTypes,
  },
})
