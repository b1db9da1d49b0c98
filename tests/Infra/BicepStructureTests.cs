using System.Text.Json;
using System.Text.RegularExpressions;

namespace Recommender.Tests.Infra;

/// <summary>
/// Structural checks of infra/*.bicep: missing resources, wrong wiring between modules and weakened settings, which
/// compile fine. Type errors against the resource providers' API versions are <see cref="BicepCompileTests"/>' job.
/// </summary>
public partial class BicepStructureTests
{
    private static BicepText Main => BicepText.Load(InfraFiles.MainBicep);

    private static BicepText ModuleFile(string name) => BicepText.Load(InfraFiles.Module(name));

    private static BicepModuleCall Call(string symbol) => Main.Modules().Single(m => m.Symbol == symbol);

    [Fact]
    public void Bicep_StructuralCheck_EveryFileHasBalancedBrackets()
    {
        foreach (string path in InfraFiles.BicepFiles())
        {
            Assert.True(BicepText.Load(path).BracketProblem() is null, $"{InfraFiles.Relative(path)}: {BicepText.Load(path).BracketProblem()}");
        }
    }

    [Fact]
    public void Bicep_StructuralCheck_ModuleCallsPassExactlyTheDeclaredParameters()
    {
        var called = new HashSet<string>(StringComparer.Ordinal);
        foreach (BicepModuleCall call in Main.Modules())
        {
            string path = Path.Combine(InfraFiles.InfraDirectory, call.RelativePath);
            Assert.True(File.Exists(path), $"module {call.Symbol}: {call.RelativePath} does not exist.");
            called.Add(Path.GetFullPath(path));
            var declared = BicepText.Load(path).Parameters();
            var passed = BicepText.TopLevelKeys(call.ParamsBody);

            Assert.All(passed, p => Assert.True(declared.Any(d => d.Name == p), $"module {call.Symbol} passes '{p}', which {call.RelativePath} does not declare."));
            Assert.All(declared.Where(d => !d.HasDefault), d => Assert.True(passed.Contains(d.Name), $"module {call.Symbol} does not pass required '{d.Name}'."));
        }

        var unused = InfraFiles.BicepFiles().Where(f => f != InfraFiles.MainBicep && !called.Contains(Path.GetFullPath(f))).Select(InfraFiles.Relative).ToList();
        Assert.True(unused.Count == 0, "Modules nobody calls: " + string.Join(", ", unused));
    }

    [Fact]
    public void Bicep_StructuralCheck_EveryParameterAndVariableIsUsed()
    {
        foreach (string path in InfraFiles.BicepFiles())
        {
            BicepText file = BicepText.Load(path);
            foreach (string name in file.Parameters().Select(p => p.Name).Concat(file.Variables()))
            {
                // Occurrences as a value; a property key of the same name (`name: name`) does not count.
                int mentions = Regex.Count(file.Code, $@"(?<![\w.']){Regex.Escape(name)}\b");
                int keys = Regex.Count(file.Code, $@"^[ \t]*{Regex.Escape(name)}[ \t]*:", RegexOptions.Multiline);
                int uses = mentions - keys;
                Assert.True(uses >= 2, $"{InfraFiles.Relative(path)}: '{name}' is declared but never used.");
            }
        }
    }

    [Fact]
    public void Bicep_StructuralCheck_ResourcesUseDatedApiVersions()
    {
        foreach (string path in InfraFiles.BicepFiles())
        {
            foreach (BicepResource r in BicepText.Load(path).Resources())
            {
                Assert.Matches(@"^\d{4}-\d{2}-\d{2}(-preview)?$", r.ApiVersion);
                Assert.Matches(@"^Microsoft\.\w+(/\w+)+$", r.Type);
            }
        }
    }

    [Fact]
    public void Bicep_StructuralCheck_ParametersFileSetsOnlyDeclaredParametersAndAllRequiredOnes()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(InfraFiles.MainParameters));
        var declared = Main.Parameters();
        var given = doc.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToList();

        Assert.All(given, g => Assert.True(declared.Any(d => d.Name == g), $"main.parameters.json sets '{g}', which main.bicep does not declare."));
        Assert.All(declared.Where(d => !d.HasDefault), d => Assert.Contains(d.Name, given));
    }

    [Fact]
    public void Bicep_StructuralCheck_ResourceTokenIsUniqueToSubscriptionGroupAndEnvironment()
    {
        Assert.Contains("uniqueString(subscription().id, resourceGroup().id, environmentName)", Main.Variable("resourceToken"), StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_StructuralCheck_DeclaresStorageWithTls12AndNoPublicAccess()
    {
        BicepText storage = ModuleFile("storage.bicep");
        BicepResource account = storage.Resources().Single(r => r.Type == "Microsoft.Storage/storageAccounts");

        Assert.Equal("'TLS1_2'", account.Setting("minimumTlsVersion"));
        Assert.Equal("false", account.Setting("allowBlobPublicAccess"));
        Assert.Equal("false", account.Setting("allowSharedKeyAccess"));
        Assert.Equal("true", account.Setting("supportsHttpsTrafficOnly"));
        Assert.Equal("'None'", storage.Resources().Single(r => r.Type.EndsWith("/containers", StringComparison.Ordinal)).Setting("publicAccess"));
    }

    [Fact]
    public void Bicep_StructuralCheck_DataStorageDeclaresContainersQueuesAndTables()
    {
        BicepModuleCall data = Call("dataStorage");
        BicepText storage = ModuleFile("storage.bicep");

        Assert.Equal("modules/storage.bicep", data.RelativePath);
        Assert.Equal(["models", "data"], Quoted(data.Argument("containers")));
        Assert.Equal(["feedback", "feedback-poison", "impressions", "impressions-poison"], Quoted(data.Argument("queues")));
        Assert.Equal(["feedback", "impressions", "feedbackbytime", "trainingruns", "rules"], Quoted(data.Argument("tables")));
        Assert.Contains("for container in containers", storage.Code, StringComparison.Ordinal);
        Assert.Contains(storage.Resources(), r => r.Type == "Microsoft.Storage/storageAccounts/queueServices/queues" && r.Body.Contains("name: queue", StringComparison.Ordinal));
        Assert.Contains(storage.Resources(), r => r.Type == "Microsoft.Storage/storageAccounts/tableServices/tables" && r.Body.Contains("name: table", StringComparison.Ordinal));
    }

    [Fact]
    public void Bicep_StructuralCheck_DataStorageDeniesEveryNetworkButTheAppsAndTheJobsSubnets()
    {
        BicepText storage = ModuleFile("storage.bicep");
        BicepResource account = storage.Resources().Single(r => r.Type == "Microsoft.Storage/storageAccounts");
        string acls = account.Setting("networkAcls")!;

        Assert.Equal("empty(allowedSubnetIds) ? 'Allow' : 'Deny'", BicepText.Property(acls, "defaultAction"));
        Assert.Equal("'AzureServices'", BicepText.Property(acls, "bypass"));
        Assert.Contains("for subnetId in allowedSubnetIds", acls, StringComparison.Ordinal);
        string subnets = Call("dataStorage").Argument("allowedSubnetIds")!;
        Assert.Contains("network.outputs.functionsSubnetId", subnets, StringComparison.Ordinal);
        Assert.Contains("network.outputs.jobsSubnetId", subnets, StringComparison.Ordinal);
        Assert.Equal("network.outputs.functionsSubnetId", Call("functionApp").Argument("subnetId"));
        Assert.Equal("network.outputs.jobsSubnetId", Call("containerAppsEnvironment").Argument("infrastructureSubnetId"));
        Assert.Equal("subnetId", ModuleFile("function-app.bicep").Resources().Single(r => r.Type == "Microsoft.Web/sites").Setting("virtualNetworkSubnetId"));
    }

    [Fact]
    public void Bicep_StructuralCheck_HostStorageAdmitsOnlyTheAppsSubnet_WhenRestricted()
    {
        BicepModuleCall host = Call("hostStorage");

        Assert.Equal("restrictHostStorage ? [network.outputs.functionsSubnetId] : []", host.Argument("allowedSubnetIds"));
        Assert.Equal("restrictHostStorage ? storageAllowedIpRanges : []", host.Argument("allowedIpRanges"));
        Assert.Contains(Main.Parameters(), p => p.Name == "restrictHostStorage" && p.HasDefault);
    }

    [Fact]
    public void Bicep_StructuralCheck_FunctionAppIsFlexConsumptionLinuxDotnetIsolatedWithUserAssignedIdentity()
    {
        BicepText app = ModuleFile("function-app.bicep");
        BicepResource plan = app.Resources().Single(r => r.Type == "Microsoft.Web/serverfarms");
        BicepResource site = app.Resources().Single(r => r.Type == "Microsoft.Web/sites");
        string config = site.Setting("functionAppConfig") ?? throw new InvalidDataException("No functionAppConfig.");

        Assert.Equal("'FC1'", BicepText.Property(plan.Property("sku")!, "name"));
        Assert.Equal("'FlexConsumption'", BicepText.Property(plan.Property("sku")!, "tier"));
        Assert.Equal("true", plan.Setting("reserved"));
        Assert.Equal("'functionapp,linux'", site.Property("kind"));
        Assert.Equal("true", site.Setting("httpsOnly"));
        Assert.Equal("'UserAssigned'", BicepText.Property(site.Property("identity")!, "type"));
        Assert.Equal("'dotnet-isolated'", BicepText.Property(BicepText.Property(config, "runtime")!, "name"));
        Assert.Equal("'10.0'", BicepText.Property(BicepText.Property(config, "runtime")!, "version"));
        string storage = BicepText.Property(BicepText.Property(config, "deployment")!, "storage")!;
        Assert.Equal("'blobContainer'", BicepText.Property(storage, "type"));
        Assert.Equal("'UserAssignedIdentity'", BicepText.Property(BicepText.Property(storage, "authentication")!, "type"));
        Assert.Equal("functionIdentity.outputs.id", Call("functionApp").Argument("identityId"));
    }

    [Fact]
    public void Bicep_StructuralCheck_FunctionAppSettingsAreIdentityBased()
    {
        BicepResource settings = ModuleFile("function-app.bicep").Resources().Single(r => r.Type == "Microsoft.Web/sites/config");
        string values = settings.Property("properties")!;

        Assert.Equal("hostStorageAccountName", BicepText.Property(values, "AzureWebJobsStorage__accountName"));
        Assert.Equal("'managedidentity'", BicepText.Property(values, "AzureWebJobsStorage__credential"));
        Assert.Equal("identityClientId", BicepText.Property(values, "AzureWebJobsStorage__clientId"));
        Assert.Equal("'managedidentity'", BicepText.Property(values, "RecommenderStorage__credential"));
        Assert.Equal("identityClientId", BicepText.Property(values, "RecommenderStorage__clientId"));
        Assert.Equal("'containerapps'", BicepText.Property(values, "TrainingLauncher"));
        Assert.Equal("trainingJobResourceId", BicepText.Property(values, "TrainingJobResourceId"));
        Assert.Equal("trainingJob.outputs.id", Call("functionApp").Argument("trainingJobResourceId"));
        Assert.Equal("dataStorage.outputs.blobEndpoint", Call("functionApp").Argument("dataBlobServiceUri"));
        Assert.Equal("hostStorage.outputs.name", Call("functionApp").Argument("hostStorageAccountName"));
        Assert.DoesNotContain("AzureWebJobsStorage", BicepText.TopLevelKeys(values));
        Assert.DoesNotContain("RecommenderStorage", BicepText.TopLevelKeys(values));
    }

    [Fact]
    public void Bicep_StructuralCheck_DeclaresLogAnalyticsAndWorkspaceBasedApplicationInsights()
    {
        BicepText monitoring = ModuleFile("monitoring.bicep");
        BicepResource insights = monitoring.Resources().Single(r => r.Type == "Microsoft.Insights/components");
        BicepResource settings = ModuleFile("function-app.bicep").Resources().Single(r => r.Type == "Microsoft.Web/sites/config");

        Assert.Contains(monitoring.Resources(), r => r.Type == "Microsoft.OperationalInsights/workspaces");
        Assert.Equal("logAnalytics.id", insights.Setting("WorkspaceResourceId"));
        Assert.Equal("true", insights.Setting("DisableLocalAuth"));
        Assert.Equal("applicationInsights.properties.ConnectionString", BicepText.Property(settings.Property("properties")!, "APPLICATIONINSIGHTS_CONNECTION_STRING"));
    }

    [Fact]
    public void Bicep_StructuralCheck_DeclaresBasicRegistryWithoutAdminUser()
    {
        BicepResource registry = ModuleFile("acr.bicep").Resources().Single(r => r.Type == "Microsoft.ContainerRegistry/registries");

        Assert.Equal("false", registry.Setting("adminUserEnabled"));
        Assert.Equal("'Basic'", BicepText.Property(registry.Property("sku")!, "name"));
        Assert.Equal("jobIdentity.outputs.principalId", Call("registry").Argument("pullPrincipalId"));
    }

    [Fact]
    public void Bicep_StructuralCheck_ContainerAppsEnvironmentAddsTheChosenServerlessGpuProfile()
    {
        BicepText environment = ModuleFile("container-apps-environment.bicep");
        string types = environment.Variable("profileTypes");

        Assert.Equal("'Consumption-GPU-NC8as-T4'", BicepText.Property(types, "T4"));
        Assert.Equal("'Consumption-GPU-NC24-A100'", BicepText.Property(types, "A100"));
        Assert.Equal("'Consumption'", BicepText.Property(types, "None"));
        Assert.Equal("workloadProfiles", environment.Resources().Single(r => r.Type == "Microsoft.App/managedEnvironments").Setting("workloadProfiles"));
        Assert.Equal("gpuProfile", Call("containerAppsEnvironment").Argument("gpuProfile"));
        Assert.Equal(["T4", "A100", "None"], Allowed(Main, "gpuProfile"));
        Assert.Equal(["T4", "A100", "None"], Allowed(environment, "gpuProfile"));
    }

    [Fact]
    public void Bicep_StructuralCheck_TrainingJobIsManualWithItsOwnIdentityAndLimits()
    {
        BicepText module = ModuleFile("training-job.bicep");
        BicepResource job = module.Resource("job");
        string configuration = job.Setting("configuration")!;
        BicepModuleCall call = Call("trainingJob");

        Assert.Equal("Microsoft.App/jobs", job.Type);
        Assert.Equal("'Manual'", BicepText.Property(configuration, "triggerType"));
        Assert.Equal("replicaTimeoutSeconds", BicepText.Property(configuration, "replicaTimeout"));
        Assert.Equal("replicaRetryLimit", BicepText.Property(configuration, "replicaRetryLimit"));
        Assert.Contains("identity: identityId", BicepText.Property(configuration, "registries"), StringComparison.Ordinal);
        Assert.Equal("'UserAssigned'", BicepText.Property(job.Property("identity")!, "type"));
        Assert.Equal("jobIdentity.outputs.id", call.Argument("identityId"));
        Assert.Equal("functionIdentity.outputs.principalId", call.Argument("starterPrincipalId"));
        Assert.Equal("containerAppsEnvironment.outputs.jobWorkloadProfileName", call.Argument("workloadProfileName"));
        Assert.Equal("registry.outputs.loginServer", call.Argument("registryLoginServer"));
    }

    [Fact]
    public void Bicep_StructuralCheck_TrainingJobRequestsTheFullGpuSliceAndGetsStorageSettings()
    {
        BicepText module = ModuleFile("training-job.bicep");
        string sizes = module.Variable("replicaSizes");
        string container = module.Resource("job").Setting("template")!;

        Assert.Equal("8", BicepText.Property(BicepText.Property(sizes, "T4")!, "cpu"));
        Assert.Equal("'56Gi'", BicepText.Property(BicepText.Property(sizes, "T4")!, "memory"));
        Assert.Equal("24", BicepText.Property(BicepText.Property(sizes, "A100")!, "cpu"));
        Assert.Equal("'220Gi'", BicepText.Property(BicepText.Property(sizes, "A100")!, "memory"));
        Assert.Contains("replicaSizes[gpuProfile].cpu", container, StringComparison.Ordinal);
        foreach (string name in new[] { "TRAINING_ARGS", "RecommenderStorage__blobServiceUri", "RecommenderStorage__queueServiceUri", "RecommenderStorage__tableServiceUri", "RecommenderStorage__clientId", "AZURE_CLIENT_ID" })
        {
            Assert.Contains($"name: '{name}'", container, StringComparison.Ordinal);
        }

        Assert.Contains("param trainingArgs string = 'train --ratings blob:data/ratings.csv --items blob:data/movies.csv --from-live'", Main.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_StructuralCheck_OutputsNameTheDeployedResources()
    {
        IReadOnlyList<string> outputs = Main.Outputs();

        Assert.All(["functionAppName", "functionAppUrl", "trainingJobResourceId", "trainingJobName", "storageAccountName", "acrName", "acrLoginServer"], o => Assert.Contains(o, outputs));
    }

    [Fact]
    public void BicepText_PropertyAndKeys_SkipNestedObjectsStringsAndComments()
    {
        const string body = """
              // name: 'comment'
              name: 'a:b{'
              nested: {
                name: 'inner'
              }
              'quoted-key': 1
            """;

        Assert.Equal(["name", "nested", "quoted-key"], BicepText.TopLevelKeys(body));
        Assert.Equal("'a:b{'", BicepText.Property(body, "name"));
        Assert.Equal("'inner'", BicepText.Property(BicepText.Property(body, "nested")!, "name"));
        Assert.Equal("line 1: '}' closes nothing", BicepText.Parse("x", "}").BracketProblem());
    }

    private static List<string> Quoted(string? arrayText) =>
        [.. QuotedString().Matches(arrayText ?? string.Empty).Select(m => m.Groups[1].Value)];

    private static List<string> Allowed(BicepText file, string parameter)
    {
        Match m = Regex.Match(file.Code, $@"@allowed\(\[(?<values>[^\]]*)\]\)\s*param\s+{parameter}\b");
        return m.Success ? Quoted(m.Groups["values"].Value) : [];
    }

    [GeneratedRegex(@"'([^']*)'")]
    private static partial Regex QuotedString();
}
