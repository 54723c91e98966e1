import {defineConfig} from 'sanity'

const dataset = process.env.SANITY_STUDIO_CONTENT_DATASET ?? 'staging'

export default defineConfig({projectId: 'k7x9p2qd', dataset})
