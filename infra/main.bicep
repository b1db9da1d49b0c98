// Recommender service: Function App (Flex Consumption, .NET isolated worker) serving recommendations,
// a Container Apps Job (optionally on a serverless GPU) training the model, storage for models,
// data, feedback and training runs, monitoring, and the registry holding the training image.
// Everything authenticates with user-assigned managed identities; no keys or secrets are deployed.
targetScope = 'resourceGroup'

@description('Short name of this environment (e.g. dev, prod); part of the resource token and tags.')
@minLength(1)
@maxLength(20)
param environmentName string

@description('Azure region for every resource. Flex Consumption and serverless GPUs are regional: see infra/README.md.')
param location string = resourceGroup().location

@description('Serverless GPU workload profile for the training job: T4 (Consumption-GPU-NC8as-T4), A100 (Consumption-GPU-NC24-A100), or None (CPU only).')
@allowed([
  'T4'
  'A100'
  'None'
])
param gpuProfile string = 'None'

@description('Training image, e.g. <registry>.azurecr.io/recommender-training:1 (use the -gpu image with a GPU profile). Empty: a public placeholder until the first image is pushed.')
param trainingImage string = ''

@description('Arguments of the training-job executable (TRAINING_ARGS in the job; split on spaces). --from-live keeps the live version\'s hyperparameters and signal from night to night.')
param trainingArgs string = 'train --ratings blob:data/ratings.csv --items blob:data/movies.csv --from-live'

@description('Six-field NCRONTAB of the nightly retrain (app setting RetrainSchedule).')
param retrainSchedule string = '0 0 3 * * *'

@description('Seconds between checks of models/current.json (app setting ModelRefreshSeconds).')
@minValue(1)
param modelRefreshSeconds int = 30

@description('Seconds a user\'s logged feedback is cached by the app (app setting FeedbackCacheSeconds).')
@minValue(0)
param feedbackCacheSeconds int = 30

@description('Share (0-1) of served recommendation lists logged as impressions (app setting ImpressionSampleRate).')
param impressionSampleRate string = '1'

@description('Seconds a training replica may run before it is stopped.')
@minValue(60)
param replicaTimeoutSeconds int = 7200

@description('Retries of a failed training replica.')
@minValue(0)
@maxValue(10)
param replicaRetryLimit int = 1

@description('Upper bound of Flex Consumption instances of the function app.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional object id of the deploying user or pipeline: gets Blob Data Contributor on the data account to upload training data. Empty: none.')
param deployerPrincipalId string = ''

@description('Principal type of deployerPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@description('Public addresses or CIDR ranges (e.g. the operator\'s, for `az storage blob upload`) the data account admits besides the app\'s and the job\'s subnets. Empty: none.')
param storageAllowedIpRanges array = []

@description('Put the Functions host account (AzureWebJobsStorage and the deployment package) behind the same firewall as the data account: only the app\'s subnet, storageAllowedIpRanges and trusted Azure services. Deploy the package from a listed address (or from inside the network) once this is on.')
param restrictHostStorage bool = false

@description('Limit the function identity\'s writes in container `models` to current.json with an ABAC condition.')
param restrictFunctionModelWrites bool = true

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = {
  'azd-env-name': environmentName
  application: 'recommender'
}
var deploymentContainerName = 'app-package-${resourceToken}'

module functionIdentity 'modules/identity.bicep' = {
  name: 'identity-function'
  params: {
    name: 'id-func-${resourceToken}'
    location: location
    tags: tags
  }
}

module jobIdentity 'modules/identity.bicep' = {
  name: 'identity-training'
  params: {
    name: 'id-train-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

// The network the Function App and the training job reach the data account through.
module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    name: 'vnet-${resourceToken}'
    location: location
    tags: tags
  }
}

// The app's data (RecommenderStorage): models, training data, feedback, training runs, serving rules.
module dataStorage 'modules/storage.bicep' = {
  name: 'storage-data'
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containers: [
      'models'
      'data'
    ]
    queues: [
      'feedback'
      'feedback-poison'
      'impressions'
      'impressions-poison'
    ]
    tables: [
      'feedback'
      'impressions'
      'feedbackbytime'
      'trainingruns'
      'rules'
    ]
    // Deny by default: only the Function App's and the training job's subnets, the operator's addresses and
    // trusted Azure services get through (infra/README.md, "Network").
    allowedSubnetIds: [
      network.outputs.functionsSubnetId
      network.outputs.jobsSubnetId
    ]
    allowedIpRanges: storageAllowedIpRanges
  }
}

// The Functions host's own storage (AzureWebJobsStorage) and the deployment package; kept apart from
// the data account so the host's broad Blob Data Owner role never covers models or training data.
module hostStorage 'modules/storage.bicep' = {
  name: 'storage-host'
  params: {
    name: 'stfn${resourceToken}'
    location: location
    tags: tags
    containers: [
      deploymentContainerName
    ]
    // Open to networks unless restrictHostStorage: the package is uploaded from the operator's machine
    // (infra/README.md, "Network"). The training job never reads this account, so its subnet is not admitted.
    allowedSubnetIds: restrictHostStorage ? [network.outputs.functionsSubnetId] : []
    allowedIpRanges: restrictHostStorage ? storageAllowedIpRanges : []
  }
}

module storageRoles 'modules/storage-roles.bicep' = {
  name: 'storage-roles'
  params: {
    dataStorageAccountName: dataStorage.outputs.name
    hostStorageAccountName: hostStorage.outputs.name
    functionPrincipalId: functionIdentity.outputs.principalId
    jobPrincipalId: jobIdentity.outputs.principalId
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
    restrictFunctionModelWrites: restrictFunctionModelWrites
  }
}

module registry 'modules/acr.bicep' = {
  name: 'registry'
  params: {
    name: 'cr${resourceToken}'
    location: location
    tags: tags
    pullPrincipalId: jobIdentity.outputs.principalId
  }
}

module containerAppsEnvironment 'modules/container-apps-environment.bicep' = {
  name: 'container-apps-environment'
  params: {
    name: 'cae-${resourceToken}'
    location: location
    tags: tags
    gpuProfile: gpuProfile
    infrastructureSubnetId: network.outputs.jobsSubnetId
    logAnalyticsWorkspaceId: monitoring.outputs.logAnalyticsId
  }
}

module trainingJob 'modules/training-job.bicep' = {
  name: 'training-job'
  params: {
    name: 'job-train-${resourceToken}'
    location: location
    tags: tags
    environmentId: containerAppsEnvironment.outputs.id
    workloadProfileName: containerAppsEnvironment.outputs.jobWorkloadProfileName
    gpuProfile: gpuProfile
    image: trainingImage
    // Using the registry module's output also waits for its AcrPull assignment.
    registryLoginServer: registry.outputs.loginServer
    identityId: jobIdentity.outputs.id
    identityClientId: jobIdentity.outputs.clientId
    blobServiceUri: dataStorage.outputs.blobEndpoint
    queueServiceUri: dataStorage.outputs.queueEndpoint
    tableServiceUri: dataStorage.outputs.tableEndpoint
    trainingArgs: trainingArgs
    replicaTimeoutSeconds: replicaTimeoutSeconds
    replicaRetryLimit: replicaRetryLimit
    starterPrincipalId: functionIdentity.outputs.principalId
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: tags
    identityId: functionIdentity.outputs.id
    identityClientId: functionIdentity.outputs.clientId
    identityPrincipalId: functionIdentity.outputs.principalId
    hostStorageAccountName: hostStorage.outputs.name
    hostStorageBlobEndpoint: hostStorage.outputs.blobEndpoint
    deploymentContainerName: deploymentContainerName
    dataBlobServiceUri: dataStorage.outputs.blobEndpoint
    dataQueueServiceUri: dataStorage.outputs.queueEndpoint
    dataTableServiceUri: dataStorage.outputs.tableEndpoint
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    retrainSchedule: retrainSchedule
    modelRefreshSeconds: modelRefreshSeconds
    feedbackCacheSeconds: feedbackCacheSeconds
    impressionSampleRate: impressionSampleRate
    trainingJobResourceId: trainingJob.outputs.id
    subnetId: network.outputs.functionsSubnetId
    maximumInstanceCount: maximumInstanceCount
  }
  // The host must be able to read its storage and deployment package when it first starts.
  dependsOn: [
    storageRoles
  ]
}

output AZURE_LOCATION string = location
output functionAppName string = functionApp.outputs.name
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output trainingJobResourceId string = trainingJob.outputs.id
output trainingJobName string = trainingJob.outputs.name
output storageAccountName string = dataStorage.outputs.name
output hostStorageAccountName string = hostStorage.outputs.name
output acrName string = registry.outputs.name
output acrLoginServer string = registry.outputs.loginServer
output containerAppsEnvironmentName string = containerAppsEnvironment.outputs.name
