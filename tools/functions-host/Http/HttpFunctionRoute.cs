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

        // Function and Admin levels need a key; Anonymous (and the User level, which the host leaves to the app) do not.
        string level = trigger.Property("authLevel") ?? "function";
        bool requiresKey = level.Equals("function", StringComparison.OrdinalIgnoreCase) || level.Equals("admin", StringComparison.OrdinalIgnoreCase);
        return new HttpFunctionRoute(function, RouteTemplate.Parse(full), methods, requiresKey);
    }

    /// <summary>True when the function accepts the method (no list means every method).</summary>
    public bool Allows(string method) => Methods.Count == 0 || Methods.Contains(method);
}
