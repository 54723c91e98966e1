import {defineConfig} from 'sanity'

export default defineConfig([
  {name: 'shop', basePath: '/shop', projectId: 'k7x9p2qd', dataset: 'staging'},
  {name: 'docs', basePath: '/docs', projectId: 'm3w8z1rc', dataset: 'staging'},
])
