using System.Text.RegularExpressions;

namespace Recommender.Tests.Infra;

/// <summary>
/// A role assignment found in the Bicep text, resolved through main.bicep's module calls to readable
/// names: who (the identity module or main parameter), which role, on which resource.
/// </summary>
internal sealed partial record BicepRoleAssignment(string File, string Symbol, string Principal, string Role, string Scope, string NameExpression, BicepResource Resource)
{
    /// <summary>Built-in role definition ids by name (they are the same in every tenant).</summary>
    public static readonly IReadOnlyDictionary<string, string> BuiltInRoles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"] = "Storage Blob Data Reader",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["76199698-9eea-4c19-bc75-cec21354c6b6"] = "Storage Table Data Reader",
        ["7f951dda-4ed3-4680-a7ca-43fe172d538d"] = "AcrPull",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
    };

    /// <summary>Every role assignment in infra/, resolved.</summary>
    public static IReadOnlyList<BicepRoleAssignment> LoadAll()
    {
        BicepText main = BicepText.Load(InfraFiles.MainBicep);
        var calls = main.Modules();
        var list = new List<BicepRoleAssignment>();
        foreach (string path in InfraFiles.BicepFiles())
        {
            BicepText file = BicepText.Load(path);
            string relative = Path.GetRelativePath(InfraFiles.InfraDirectory, path).Replace('\\', '/');
            var callers = calls.Where(c => c.RelativePath == relative).ToList();
            foreach (BicepResource r in file.Resources().Where(r => r.Type == "Microsoft.Authorization/roleAssignments"))
            {
                if (callers.Count > 1)
                {
                    throw new InvalidOperationException($"{relative} assigns roles and is called {callers.Count} times; the checks expect one call.");
                }

                BicepModuleCall? caller = callers.SingleOrDefault();
                string principal = ResolveValue(Required(r.Setting("principalId"), r, "principalId"), caller);
                string role = ResolveRole(Required(r.Setting("roleDefinitionId"), r, "roleDefinitionId"), file);
                string scope = ResolveScope(Required(r.Property("scope"), r, "scope"), file, caller);
                list.Add(new BicepRoleAssignment(relative, r.Symbol, principal, role, scope, Required(r.Property("name"), r, "name"), r));
            }
        }

        return list;
    }

    private static string Required(string? value, BicepResource r, string key) =>
        value ?? throw new InvalidDataException($"Role assignment {r.Symbol} has no {key}.");

    // A module parameter becomes what main.bicep passes: "functionIdentity" for functionIdentity.outputs.principalId.
    private static string ResolveValue(string expression, BicepModuleCall? caller)
    {
        if (caller is not null && Identifier().IsMatch(expression) && caller.Argument(expression) is { } argument)
        {
            Match outputs = ModuleOutput().Match(argument);
            return outputs.Success ? outputs.Groups["module"].Value : argument;
        }

        return expression;
    }

    private static string ResolveRole(string expression, BicepText file)
    {
        if (expression.EndsWith(".id", StringComparison.Ordinal) && Identifier().IsMatch(expression[..^3]))
        {
            BicepResource definition = file.Resource(expression[..^3]);
            return definition.Type == "Microsoft.Authorization/roleDefinitions"
                ? "custom:" + definition.Symbol
                : throw new InvalidDataException($"{expression} is not a role definition.");
        }

        Match m = RoleIdArgument().Match(expression);
        if (!m.Success)
        {
            throw new InvalidDataException($"Unrecognised roleDefinitionId expression: {expression}");
        }

        string reference = m.Groups["ref"].Value;
        string guidText = reference.Contains('.', StringComparison.Ordinal)
            ? BicepText.Property(file.Variable(reference.Split('.')[0]), reference.Split('.')[1]) ?? throw new InvalidDataException($"No {reference}.")
            : file.Variable(reference);
        string guid = guidText.Trim().Trim('\'');
        return BuiltInRoles.TryGetValue(guid, out string? name) ? name : "unknown:" + guid;
    }

    // "dataStorage/containers:models" for a container of the account main.bicep calls dataStorage.
    private static string ResolveScope(string symbol, BicepText file, BicepModuleCall? caller)
    {
        BicepResource resource = file.Resource(symbol);
        string own = $"{resource.Type.Split('/')[^1]}:{ResolveName(resource, caller)}";
        BicepResource top = resource;
        while (top.Property("parent") is { } parent)
        {
            top = file.Resource(parent);
        }

        return ReferenceEquals(top, resource) ? own : $"{ResolveName(top, caller)}/{own}";
    }

    private static string ResolveName(BicepResource resource, BicepModuleCall? caller)
    {
        string name = resource.Property("name") ?? throw new InvalidDataException($"{resource.Symbol} has no name.");
        if (name.StartsWith('\'') && !name.Contains("${", StringComparison.Ordinal))
        {
            return name.Trim('\'');
        }

        string resolved = ResolveValue(name, caller);

        // A resource the module creates itself is named after the module call.
        return resolved == name || resolved.StartsWith('\'') ? caller?.Symbol ?? name : resolved;
    }

    [GeneratedRegex(@"^[A-Za-z_]\w*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^(?<module>\w+)\.outputs\.\w+$")]
    private static partial Regex ModuleOutput();

    [GeneratedRegex(@"subscriptionResourceId\(\s*'Microsoft\.Authorization/roleDefinitions'\s*,\s*(?<ref>[\w.]+)\s*\)")]
    private static partial Regex RoleIdArgument();
}
