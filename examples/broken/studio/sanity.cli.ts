import {defineCliConfig} from 'sanity/cli'

// `sanity deploy` settings, still in their pre-2025 places
export default defineCliConfig({
  studioHost: 'example-shop-staging',
})
