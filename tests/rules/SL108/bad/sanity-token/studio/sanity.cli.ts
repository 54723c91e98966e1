import {defineCliConfig} from 'sanity/cli'

export default defineCliConfig({api: {projectId: 'k7x9p2qd', dataset: 'staging'}})
