// The virtual network the workloads reach the data account through. Two subnets, each delegated to
// Microsoft.App/environments (Flex Consumption VNet integration and a workload-profiles Container Apps
// environment both need that delegation) and each with the Microsoft.Storage service endpoint, so the
// data account can deny every network except these two subnets (storage.bicep's virtualNetworkRules).
@description('Virtual network name.')
param name string

@description('Azure region.')
param location string

@description('Tags applied to the network.')
param tags object = {}

@description('Address space of the network.')
param addressPrefix string = '10.40.0.0/16'

@description('Subnet of the Function App\'s outbound traffic (VNet integration).')
param functionsSubnetPrefix string = '10.40.0.0/24'

@description('Subnet of the Container Apps environment that runs the training job (a workload-profiles environment needs /27 or larger).')
param jobsSubnetPrefix string = '10.40.2.0/23'

var storageServiceEndpoint = [
  {
    service: 'Microsoft.Storage'
  }
]

var appEnvironmentsDelegation = [
  {
    name: 'Microsoft.App.environments'
    properties: {
      serviceName: 'Microsoft.App/environments'
    }
  }
]

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'snet-functions'
        properties: {
          addressPrefix: functionsSubnetPrefix
          serviceEndpoints: storageServiceEndpoint
          delegations: appEnvironmentsDelegation
        }
      }
      {
        name: 'snet-jobs'
        properties: {
          addressPrefix: jobsSubnetPrefix
          serviceEndpoints: storageServiceEndpoint
          delegations: appEnvironmentsDelegation
        }
      }
    ]
  }
}

output id string = network.id
output functionsSubnetId string = network.properties.subnets[0].id
output jobsSubnetId string = network.properties.subnets[1].id
