import {defineConfig} from 'sanity'
import {projectId} from './env'

export default defineConfig({projectId, dataset: 'staging'})
