using Recommender.FunctionsHost.Metadata;

namespace Recommender.FunctionsHost.Http;

/// <summary>An HTTP-triggered function: its full route (prefix included), methods and whether it needs a key.</summary>
internal sealed record HttpFunctionRoute(FunctionDescriptor Function, RouteTemplate Template, IReadOnlySet<string> Methods, bool RequiresKey)
{
    public static HttpFunctionRoute Create(FunctionDescriptor function, string routePrefix)
    {
        FunctionBinding trigger = function.Trigger;
        string route = trigger.Property("route") ?? function.Name;
        string full = string.IsNullOrEmpty(routePrefix) ? route : routePrefix + "/" + route.TrimStart('/');
        var methods = new HashSet<string>(trigger.ArrayProperty("methods"), StringComparer.OrdinalIgnoreCase);

        // Locally, `func start` checks no keys at all, so trials need none. This stand-in is as lenient for Function-level
        // routes (the data routes) but keeps Admin-level routes (models, training) behind AdminKey, so a local app is
        // never open to activation or training by anyone who can reach its port. In Azure the host checks every level.
        string level = trigger.Property("authLevel") ?? "function";
        bool requiresKey = level.Equals("admin", StringComparison.OrdinalIgnoreCase);
        return new HttpFunctionRoute(function, RouteTemplate.Parse(full), methods, requiresKey);
    }

    /// <summary>True when the function accepts the method (no list means every method).</summary>
    public bool Allows(string method) => Methods.Count == 0 || Methods.Contains(method);
}
