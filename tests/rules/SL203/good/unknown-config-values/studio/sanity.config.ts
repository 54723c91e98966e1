import {defineConfig} from 'sanity'
import {dataset} from './env'

export default defineConfig([
  {name: 'shop', basePath: '/shop', projectId: 'k7x9p2qd', dataset},
  {name: 'blog', basePath: '/blog', projectId: 'k7x9p2qd', dataset: process.env.SANITY_STUDIO_BLOG_DATASET!},
])
