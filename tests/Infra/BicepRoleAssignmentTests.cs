namespace Recommender.Tests.Infra;

/// <summary>Structural checks of the role assignments in infra/ (text checks; the compiler checks types).</summary>
public class BicepRoleAssignmentTests
{
    // The least-privilege design documented in infra/README.md, as (principal, role, scope).
    private static readonly (string Principal, string Role, string Scope)[] _expected =
    [
        ("functionIdentity", "Storage Blob Data Contributor", "dataStorage/containers:models"),
        ("functionIdentity", "Storage Queue Data Contributor", "dataStorage/queues:feedback"),
        ("functionIdentity", "Storage Queue Data Contributor", "dataStorage/queues:feedback-poison"),
        ("functionIdentity", "Storage Queue Data Contributor", "dataStorage/queues:impressions"),
        ("functionIdentity", "Storage Queue Data Contributor", "dataStorage/queues:impressions-poison"),
        ("functionIdentity", "Storage Table Data Contributor", "dataStorage/tables:feedback"),
        ("functionIdentity", "Storage Table Data Contributor", "dataStorage/tables:impressions"),
        ("functionIdentity", "Storage Table Data Contributor", "dataStorage/tables:feedbackbytime"),
        ("functionIdentity", "Storage Table Data Contributor", "dataStorage/tables:trainingruns"),
        ("functionIdentity", "Storage Table Data Contributor", "dataStorage/tables:rules"),
        ("functionIdentity", "Storage Blob Data Owner", "storageAccounts:hostStorage"),
        ("functionIdentity", "Storage Queue Data Contributor", "storageAccounts:hostStorage"),
        ("functionIdentity", "Storage Table Data Contributor", "storageAccounts:hostStorage"),
        ("functionIdentity", "Monitoring Metrics Publisher", "components:monitoring"),
        ("functionIdentity", "custom:starterRole", "jobs:trainingJob"),
        ("jobIdentity", "Storage Blob Data Reader", "dataStorage/containers:data"),
        ("jobIdentity", "Storage Blob Data Contributor", "dataStorage/containers:models"),
        ("jobIdentity", "Storage Table Data Reader", "dataStorage/tables:feedback"),
        ("jobIdentity", "Storage Table Data Contributor", "dataStorage/tables:trainingruns"),
        ("jobIdentity", "AcrPull", "registries:registry"),
        ("deployerPrincipalId", "Storage Blob Data Contributor", "storageAccounts:dataStorage"),
    ];

    [Fact]
    public void Bicep_StructuralCheck_RoleAssignmentsAreExactlyTheLeastPrivilegeSet()
    {
        var actual = BicepRoleAssignment.LoadAll().Select(a => (a.Principal, a.Role, a.Scope)).Order().ToList();

        Assert.Equal(_expected.Order().ToList(), actual);
    }

    [Fact]
    public void Bicep_StructuralCheck_RoleAssignmentNamesAreGuidsOfScopePrincipalAndRole()
    {
        foreach (BicepRoleAssignment assignment in BicepRoleAssignment.LoadAll())
        {
            Assert.StartsWith("guid(", assignment.NameExpression, StringComparison.Ordinal);
            Assert.Contains("rincipalId", assignment.NameExpression, StringComparison.Ordinal);
            // Managed identities are service principals; saying so avoids a failed lookup right after creation.
            string expectedType = assignment.Principal == "deployerPrincipalId" ? "deployerPrincipalType" : "'ServicePrincipal'";
            Assert.Equal(expectedType, assignment.Resource.Setting("principalType"));
        }
    }

    [Fact]
    public void Bicep_StructuralCheck_NoAssignmentUsesABroadBuiltInRole()
    {
        var roles = BicepRoleAssignment.LoadAll().Select(a => a.Role).ToList();

        Assert.DoesNotContain(roles, r => r.StartsWith("unknown:", StringComparison.Ordinal));
        string all = string.Concat(InfraFiles.BicepFiles().Select(File.ReadAllText));
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", all, StringComparison.OrdinalIgnoreCase); // Owner
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", all, StringComparison.OrdinalIgnoreCase); // Contributor
        Assert.DoesNotContain("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", all, StringComparison.OrdinalIgnoreCase); // User Access Administrator
    }

    [Fact]
    public void Bicep_StructuralCheck_JobStarterRoleAllowsOnlyReadingAndStartingTheJob()
    {
        BicepText file = BicepText.Load(InfraFiles.Module("training-job.bicep"));
        BicepResource role = file.Resource("starterRole");
        string permissions = role.Setting("permissions") ?? throw new InvalidDataException("starterRole has no permissions.");
        // notActions, dataActions and notDataActions are empty, so every quoted string is an allowed action.
        var actions = System.Text.RegularExpressions.Regex.Matches(permissions, @"'([^']+)'")
            .Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);

        Assert.Equal(["Microsoft.App/jobs/executions/read", "Microsoft.App/jobs/read", "Microsoft.App/jobs/start/action"], actions);
        Assert.Equal("'CustomRole'", role.Setting("type"));
        Assert.Contains("resourceGroup().id", role.Setting("assignableScopes"), StringComparison.Ordinal);
    }

    [Fact]
    public void Bicep_StructuralCheck_FunctionWritesInModelsAreLimitedToCurrentJson()
    {
        BicepRoleAssignment assignment = BicepRoleAssignment.LoadAll().Single(a => a.Principal == "functionIdentity" && a.Scope == "dataStorage/containers:models");
        BicepText file = BicepText.Load(InfraFiles.Module("storage-roles.bicep"));
        string condition = file.Variable("currentJsonOnlyCondition");

        Assert.Contains("currentJsonOnlyCondition", assignment.Resource.Setting("condition"), StringComparison.Ordinal);
        Assert.Contains("'2.0'", assignment.Resource.Setting("conditionVersion"), StringComparison.Ordinal);
        Assert.Contains("blobs:path] StringEquals \\'current.json\\'", condition, StringComparison.Ordinal);
        Assert.Contains("blobs:path] StringEquals \\'experiment.json\\'", condition, StringComparison.Ordinal);
        Assert.Contains("blobs/write", condition, StringComparison.Ordinal);
        Assert.Contains("blobs/delete", condition, StringComparison.Ordinal);
    }
}
