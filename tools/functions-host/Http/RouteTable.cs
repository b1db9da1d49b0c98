namespace Recommender.FunctionsHost.Http;

/// <summary>The HTTP functions, tried most specific first, as the Functions host orders them.</summary>
internal sealed class RouteTable
{
    private readonly HttpFunctionRoute[] _routes;

    public RouteTable(IEnumerable<HttpFunctionRoute> routes) =>
        _routes = routes.OrderBy(r => r.Template.PrecedenceKey, StringComparer.Ordinal).ThenBy(r => r.Template.Text, StringComparer.Ordinal).ToArray();

    public static RouteTable Empty { get; } = new([]);

    public IReadOnlyList<HttpFunctionRoute> Routes => _routes;

    /// <summary>The first route whose template and method match; null when none does.</summary>
    public RouteMatch? Match(string method, string path)
    {
        string[] segments = RouteTemplate.Segments(path);
        foreach (HttpFunctionRoute route in _routes)
        {
            if (route.Allows(method) && route.Template.TryMatch(segments, out var values))
            {
                return new RouteMatch(route, values);
            }
        }

        return null;
    }
}

/// <summary>A matched route and its parameter values.</summary>
internal sealed record RouteMatch(HttpFunctionRoute Route, IReadOnlyDictionary<string, string> Values);
