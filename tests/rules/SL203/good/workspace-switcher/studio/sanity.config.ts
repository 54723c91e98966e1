import {defineConfig} from 'sanity'

export default defineConfig([
  {name: 'production', basePath: '/production', projectId: 'k7x9p2qd', dataset: 'production'},
  {name: 'staging', basePath: '/staging', projectId: 'k7x9p2qd', dataset: 'staging'},
])
