import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({
  api: {
    projectId: 'k7x9p2qd',
    dataset: process.env.SANITY_STUDIO_DATASET ?? 'staging',
  },
  // the staging Studio's application ID, printed by the first `sanity deploy`
  deployment: {appId: 'q5cv1xu9k2m0r7st', autoUpdates: true},
})
