// The training Container Apps Job (manual trigger) and the least-privilege custom role that lets the
// function app start it: read the job, start an execution, read executions. Nothing else (no write,
// no secrets, no other jobs).
@description('Job name (lowercase letters, digits and dashes, at most 32 characters).')
@maxLength(32)
param name string

@description('Azure region.')
param location string

@description('Tags applied to the job.')
param tags object = {}

@description('Container Apps environment id.')
param environmentId string

@description('Workload profile the job runs on (the GPU profile when the environment has one).')
param workloadProfileName string

@description('Serverless GPU profile of the environment: T4, A100 or None. Sizes the replica to match it.')
@allowed([
  'T4'
  'A100'
  'None'
])
param gpuProfile string = 'None'

@description('Training image, e.g. <registry>.azurecr.io/recommender-training:1. Empty: a public placeholder until the first image is pushed.')
param image string = ''

@description('Login server of the registry the image is pulled from.')
param registryLoginServer string

@description('Resource id of the job\'s user-assigned identity (pulls the image, reads and writes storage).')
param identityId string

@description('Client id of the job\'s user-assigned identity.')
param identityClientId string

@description('Blob endpoint of the data storage account.')
param blobServiceUri string

@description('Queue endpoint of the data storage account.')
param queueServiceUri string

@description('Table endpoint of the data storage account.')
param tableServiceUri string

@description('Arguments of the training-job executable, passed as TRAINING_ARGS and split on spaces by the image entry point.')
param trainingArgs string

@description('Seconds a replica may run before it is stopped.')
@minValue(60)
param replicaTimeoutSeconds int = 7200

@description('Retries of a failed replica.')
@minValue(0)
@maxValue(10)
param replicaRetryLimit int = 1

@description('Principal id allowed to start the job (the function app identity).')
param starterPrincipalId string

// A serverless GPU replica takes the whole GPU slice, so it asks for the profile's full size.
var replicaSizes = {
  T4: {
    cpu: 8
    memory: '56Gi'
  }
  A100: {
    cpu: 24
    memory: '220Gi'
  }
  None: {
    cpu: 2
    memory: '4Gi'
  }
}

var placeholderImage = 'mcr.microsoft.com/k8se/quickstart-jobs:latest'

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environmentId
    workloadProfileName: workloadProfileName
    configuration: {
      triggerType: 'Manual'
      replicaTimeout: replicaTimeoutSeconds
      replicaRetryLimit: replicaRetryLimit
      manualTriggerConfig: {
        parallelism: 1
        replicaCompletionCount: 1
      }
      registries: [
        {
          server: registryLoginServer
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'training'
          image: empty(image) ? placeholderImage : image
          resources: {
            cpu: replicaSizes[gpuProfile].cpu
            memory: replicaSizes[gpuProfile].memory
          }
          env: [
            {
              name: 'TRAINING_ARGS'
              value: trainingArgs
            }
            {
              name: 'RecommenderStorage__blobServiceUri'
              value: blobServiceUri
            }
            {
              name: 'RecommenderStorage__queueServiceUri'
              value: queueServiceUri
            }
            {
              name: 'RecommenderStorage__tableServiceUri'
              value: tableServiceUri
            }
            {
              name: 'RecommenderStorage__clientId'
              value: identityClientId
            }
            {
              // Azure.Identity's DefaultAzureCredential picks the user-assigned identity from this.
              name: 'AZURE_CLIENT_ID'
              value: identityClientId
            }
          ]
        }
      ]
    }
  }
}

resource starterRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'recommender-training-job-starter')
  properties: {
    roleName: 'Recommender training job starter (${uniqueString(resourceGroup().id)})'
    description: 'Start the recommender training Container Apps Job and read its executions.'
    type: 'CustomRole'
    assignableScopes: [
      resourceGroup().id
    ]
    permissions: [
      {
        actions: [
          'Microsoft.App/jobs/read'
          'Microsoft.App/jobs/start/action'
          'Microsoft.App/jobs/executions/read'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
  }
}

resource functionJobStarter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(job.id, starterPrincipalId, starterRole.id)
  scope: job
  properties: {
    roleDefinitionId: starterRole.id
    principalId: starterPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: start training runs (NightlyRetrain, StartTraining).'
  }
}

output id string = job.id
output name string = job.name
