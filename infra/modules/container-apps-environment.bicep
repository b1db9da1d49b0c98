// Container Apps environment with workload profiles: the default Consumption profile, plus one
// serverless GPU profile (T4 or A100) when requested. Serverless GPU profiles scale to zero and
// are billed per second of use; they need regional availability and a GPU quota on the subscription.
@description('Environment name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the environment.')
param tags object = {}

@description('Serverless GPU profile to add: T4, A100, or None for a CPU-only environment.')
@allowed([
  'T4'
  'A100'
  'None'
])
param gpuProfile string = 'None'

@description('Subnet the environment\'s workloads run in; the data account admits this subnet only.')
param infrastructureSubnetId string

@description('Log Analytics workspace that receives the container logs (through diagnostic settings, no shared key).')
param logAnalyticsWorkspaceId string

// 'None' maps to the Consumption profile, so a lookup is valid for every allowed value.
var profileTypes = {
  T4: 'Consumption-GPU-NC8as-T4'
  A100: 'Consumption-GPU-NC24-A100'
  None: 'Consumption'
}

var profileNames = {
  T4: 'gpu-t4'
  A100: 'gpu-a100'
  None: 'Consumption'
}

var consumptionProfile = {
  name: profileNames.None
  workloadProfileType: profileTypes.None
}

var workloadProfiles = gpuProfile == 'None'
  ? [
      consumptionProfile
    ]
  : [
      consumptionProfile
      {
        name: profileNames[gpuProfile]
        workloadProfileType: profileTypes[gpuProfile]
      }
    ]

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    appLogsConfiguration: {
      destination: 'azure-monitor'
    }
    workloadProfiles: workloadProfiles
    vnetConfiguration: {
      infrastructureSubnetId: infrastructureSubnetId
      internal: false
    }
    zoneRedundant: false
  }
}

resource environmentLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'logs-to-workspace'
  scope: environment
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

output id string = environment.id
output name string = environment.name
// The profile the training job runs on: the GPU profile when there is one.
output jobWorkloadProfileName string = profileNames[gpuProfile]
