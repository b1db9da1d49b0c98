// Data-plane roles on the two storage accounts, each scoped as narrowly as the workload allows.
//
// Data account (RecommenderStorage):
//   function identity  Blob Data Contributor on container `models`, limited by an ABAC condition to
//                      writing `current.json` and `experiment.json` only (activate/rollback moves the
//                      pointer, the experiment routes store the A/B split; everything else in `models`
//                      is read-only to the app). Queue Data Contributor on queues `feedback`,
//                      `feedback-poison`, `impressions` and `impressions-poison` (the app enqueues, the
//                      host's queue trigger reads, deletes and moves poison messages). Table Data
//                      Contributor on tables `feedback` (LogFeedback writes, recommendations read
//                      dislikes), `impressions` (LogImpression and LogFeedback write, the metrics route
//                      reads), `feedbackbytime` (the time-ordered
//                      copy the feedback cache reads by key range), `trainingruns` (NightlyRetrain and
//                      StartTraining record runs) and `rules` (the blocked-items admin routes write it,
//                      every instance reads it).
//   training job       Blob Data Reader on `data`, Blob Data Contributor on `models` (publishes
//                      versions and moves current.json when the promotion gate passes), Table Data
//                      Reader on `feedback`, Table Data Contributor on `trainingruns`.
//   deployer (opt.)    Blob Data Contributor on the account, to upload training data and inspect models.
// Host account (AzureWebJobsStorage + Flex deployment package), used by the Functions host only:
//   function identity  Blob Data Owner, Queue Data Contributor, Table Data Contributor.

@description('Name of the data storage account (RecommenderStorage).')
param dataStorageAccountName string

@description('Name of the host storage account (AzureWebJobsStorage and the deployment package).')
param hostStorageAccountName string

@description('Principal id of the function app identity.')
param functionPrincipalId string

@description('Principal id of the training job identity.')
param jobPrincipalId string

@description('Optional principal id of the person or pipeline deploying, granted Blob Data Contributor on the data account. Empty: none.')
param deployerPrincipalId string = ''

@description('Principal type of deployerPrincipalId.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param deployerPrincipalType string = 'User'

@description('Limit the function identity\'s writes in container `models` to current.json (ABAC condition). Turn off only where conditions are unavailable.')
param restrictFunctionModelWrites bool = true

// Built-in role definition ids (stable across tenants).
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  storageBlobDataReader: '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageTableDataReader: '76199698-9eea-4c19-bc75-cec21354c6b6'
}

// Writes, creates and deletes are allowed only on the blobs current.json and experiment.json; reads stay unrestricted.
var currentJsonOnlyCondition = '((!(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/add/action\'}) AND !(ActionMatches{\'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/delete\'})) OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals \'current.json\') OR (@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path] StringEquals \'experiment.json\'))'

resource dataAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: dataStorageAccountName
}

resource dataBlobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: dataAccount
  name: 'default'
}

resource modelsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: dataBlobService
  name: 'models'
}

resource dataContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: dataBlobService
  name: 'data'
}

resource dataQueueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: dataAccount
  name: 'default'
}

resource feedbackQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: dataQueueService
  name: 'feedback'
}

resource feedbackPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: dataQueueService
  name: 'feedback-poison'
}

resource impressionsQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: dataQueueService
  name: 'impressions'
}

resource impressionsPoisonQueue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = {
  parent: dataQueueService
  name: 'impressions-poison'
}

resource dataTableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' existing = {
  parent: dataAccount
  name: 'default'
}

resource feedbackTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = {
  parent: dataTableService
  name: 'feedback'
}

resource impressionsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = {
  parent: dataTableService
  name: 'impressions'
}

resource feedbackTimelineTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = {
  parent: dataTableService
  name: 'feedbackbytime'
}

resource trainingRunsTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = {
  parent: dataTableService
  name: 'trainingruns'
}

resource rulesTable 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' existing = {
  parent: dataTableService
  name: 'rules'
}

resource hostAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: hostStorageAccountName
}

// ---- function identity on the data account ----

resource functionModelsBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(modelsContainer.id, functionPrincipalId, roleIds.storageBlobDataContributor)
  scope: modelsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: read model artifacts; write current.json (activate/rollback) and experiment.json (A/B split) only.'
    condition: restrictFunctionModelWrites ? currentJsonOnlyCondition : null
    conditionVersion: restrictFunctionModelWrites ? '2.0' : null
  }
}

resource functionFeedbackQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(feedbackQueue.id, functionPrincipalId, roleIds.storageQueueDataContributor)
  scope: feedbackQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: enqueue feedback; queue trigger reads and deletes it.'
  }
}

resource functionFeedbackPoisonQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(feedbackPoisonQueue.id, functionPrincipalId, roleIds.storageQueueDataContributor)
  scope: feedbackPoisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: the queue trigger moves unprocessable messages here.'
  }
}

resource functionFeedbackTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(feedbackTable.id, functionPrincipalId, roleIds.storageTableDataContributor)
  scope: feedbackTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: LogFeedback writes events; recommendations read dislikes and fold-in feedback.'
  }
}

resource functionImpressionsQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(impressionsQueue.id, functionPrincipalId, roleIds.storageQueueDataContributor)
  scope: impressionsQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: enqueue impressions of served lists; queue trigger reads and deletes them.'
  }
}

resource functionImpressionsPoisonQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(impressionsPoisonQueue.id, functionPrincipalId, roleIds.storageQueueDataContributor)
  scope: impressionsPoisonQueue
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: the queue trigger moves unprocessable impression messages here.'
  }
}

resource functionImpressionsTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(impressionsTable.id, functionPrincipalId, roleIds.storageTableDataContributor)
  scope: impressionsTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: LogImpression and LogFeedback write impressions and outcomes; the metrics route reads them.'
  }
}

resource functionFeedbackTimelineTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(feedbackTimelineTable.id, functionPrincipalId, roleIds.storageTableDataContributor)
  scope: feedbackTimelineTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: LogFeedback copies events to the time-ordered timeline; the feedback cache reads what is new by key range.'
  }
}

resource functionTrainingRunsTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(trainingRunsTable.id, functionPrincipalId, roleIds.storageTableDataContributor)
  scope: trainingRunsTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: record and list training runs.'
  }
}

resource functionRulesTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(rulesTable.id, functionPrincipalId, roleIds.storageTableDataContributor)
  scope: rulesTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Function app: block and unblock items; every instance reads the rules.'
  }
}

// ---- training job identity on the data account ----

resource jobDataBlobReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(dataContainer.id, jobPrincipalId, roleIds.storageBlobDataReader)
  scope: dataContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataReader)
    principalId: jobPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Training job: read ratings and the item catalogue.'
  }
}

resource jobModelsBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(modelsContainer.id, jobPrincipalId, roleIds.storageBlobDataContributor)
  scope: modelsContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: jobPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Training job: publish model versions and promote them.'
  }
}

resource jobFeedbackTableReader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(feedbackTable.id, jobPrincipalId, roleIds.storageTableDataReader)
  scope: feedbackTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataReader)
    principalId: jobPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Training job: merge logged feedback into the training data.'
  }
}

resource jobTrainingRunsTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(trainingRunsTable.id, jobPrincipalId, roleIds.storageTableDataContributor)
  scope: trainingRunsTable
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: jobPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Training job: update the status, end time and version of its run.'
  }
}

// ---- deployer (optional) ----

resource deployerDataBlobContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(dataAccount.id, deployerPrincipalId, roleIds.storageBlobDataContributor)
  scope: dataAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataContributor)
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    description: 'Deployer: upload training data, inspect models.'
  }
}

// ---- function identity on the host account (Functions host internals only) ----

resource functionHostBlobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostAccount.id, functionPrincipalId, roleIds.storageBlobDataOwner)
  scope: hostAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Functions host: deployment package, leases, timer schedule monitor.'
  }
}

resource functionHostQueueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostAccount.id, functionPrincipalId, roleIds.storageQueueDataContributor)
  scope: hostAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Functions host: internal queues.'
  }
}

resource functionHostTableContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(hostAccount.id, functionPrincipalId, roleIds.storageTableDataContributor)
  scope: hostAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageTableDataContributor)
    principalId: functionPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Functions host: diagnostic events.'
  }
}
