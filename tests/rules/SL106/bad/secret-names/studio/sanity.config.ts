export default {projectId: 'k7x9p2qd', dataset: 'staging'}
