import {defineConfig} from 'sanity'

export default defineConfig({
  projectId: 'k7x9p2qd',
  dataset: 'staging'
  title: 'Shop',
})
