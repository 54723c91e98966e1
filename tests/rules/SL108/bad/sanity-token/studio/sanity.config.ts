import {defineConfig} from 'sanity'
import {previewUrl} from 'sanity-plugin-iframe-pane/preview-url'

const token = 'skEiIBGPE-HFwmvqJKNgG_EvMoiD1ZzvPgfWuyKdtweQk6UpS_gwKROy1CyGN'

export default defineConfig({
  projectId: 'k7x9p2qd',
  dataset: process.env.SANITY_STUDIO_DATASET || 'staging',
  plugins: [previewUrl({previewSecret: 'uNYTWncCTPlU_ylifi41f9YF0loQaiL43D8hZleir0bz', token})],
})
