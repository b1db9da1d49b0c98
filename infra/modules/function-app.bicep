// Function App on the Flex Consumption plan (Linux) running the .NET 10 isolated worker (runtime dotnet-isolated).
// Host storage (AzureWebJobsStorage) and the deployment package container are reached with the
// app's user-assigned identity; the app's own data account (RecommenderStorage) likewise.
// App setting names match local.settings.sample.json (tests/Infra check that they stay in sync);
// FUNCTIONS_WORKER_RUNTIME is not an app setting on Flex Consumption: it is functionAppConfig.runtime.
@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Azure region.')
param location string

@description('Tags applied to every resource.')
param tags object = {}

@description('Resource id of the app\'s user-assigned identity.')
param identityId string

@description('Client id of the app\'s user-assigned identity.')
param identityClientId string

@description('Principal id of the app\'s user-assigned identity.')
param identityPrincipalId string

@description('Host storage account name (AzureWebJobsStorage).')
param hostStorageAccountName string

@description('Blob endpoint of the host storage account.')
param hostStorageBlobEndpoint string

@description('Host storage container that holds the deployment package.')
param deploymentContainerName string

@description('Blob endpoint of the data storage account (RecommenderStorage).')
param dataBlobServiceUri string

@description('Queue endpoint of the data storage account.')
param dataQueueServiceUri string

@description('Table endpoint of the data storage account.')
param dataTableServiceUri string

@description('Application Insights component name.')
param applicationInsightsName string

@description('Six-field NCRONTAB of the nightly retrain (app setting RetrainSchedule).')
param retrainSchedule string

@description('Seconds between checks of models/current.json (app setting ModelRefreshSeconds).')
@minValue(1)
param modelRefreshSeconds int

@description('Seconds a user\'s logged feedback is cached by the app (app setting FeedbackCacheSeconds).')
@minValue(0)
param feedbackCacheSeconds int

@description('Share (0-1) of served recommendation lists logged as impressions (app setting ImpressionSampleRate).')
param impressionSampleRate string

@description('Resource id of the training Container Apps Job (app setting TrainingJobResourceId).')
param trainingJobResourceId string

@description('Subnet of the app\'s outbound traffic (VNet integration); the data account admits this subnet only.')
param subnetId string

@description('Upper bound of Flex Consumption instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Outbound calls leave through this subnet, whose storage service endpoint the data account's firewall admits.
    virtualNetworkSubnetId: subnetId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${hostStorageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        // FUNCTIONS_WORKER_RUNTIME=dotnet-isolated in local.settings.json; the deployment package is the zipped
        // output of 'dotnet publish functions' (functions.metadata, worker.config.json, extensions.json inside).
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    // Functions host storage, identity-based.
    AzureWebJobsStorage__accountName: hostStorageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    // Telemetry with Entra ID authentication (local auth is off on the component).
    APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    // DefaultAzureCredential (Azure.Identity) uses this user-assigned identity, e.g. for the ARM call that starts the job.
    AZURE_CLIENT_ID: identityClientId
    // The app's data: identity-based form of the RecommenderStorage connection (read by the host's queue trigger and by the worker).
    RecommenderStorage__blobServiceUri: dataBlobServiceUri
    RecommenderStorage__queueServiceUri: dataQueueServiceUri
    RecommenderStorage__tableServiceUri: dataTableServiceUri
    RecommenderStorage__credential: 'managedidentity'
    RecommenderStorage__clientId: identityClientId
    RetrainSchedule: retrainSchedule
    ModelRefreshSeconds: string(modelRefreshSeconds)
    FeedbackCacheSeconds: string(feedbackCacheSeconds)
    // PruneFeedbackTimeline deletes feedbackbytime hours older than this; table feedback is never pruned.
    FeedbackTimelineRetentionDays: '2'
    // Blocked items changed on another instance take effect here within this many seconds.
    RulesRefreshSeconds: '30'
    // /api/similar leaves out items with fewer users than this (the default measured on MovieLens; README).
    SimilarItemsMinSupport: '5'
    ImpressionSampleRate: impressionSampleRate
    TrainingLauncher: 'containerapps'
    TrainingJobResourceId: trainingJobResourceId
    // Process launcher only: the Container Apps Job takes its arguments from TRAINING_ARGS (parameter trainingArgs).
    TrainingExtraArguments: ''
  }
}

resource functionMetricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, identityPrincipalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: send telemetry with Entra ID authentication.'
  }
}

output name string = functionApp.name
output defaultHostName string = functionApp.properties.defaultHostName
