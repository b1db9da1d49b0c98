namespace Recommender.FunctionsHost.Http;

/// <summary>
/// A Functions route template such as <c>recommendations/{userId}</c> or <c>models/{version}/activate</c>: literal
/// segments (matched without regard to case), parameters <c>{name}</c>, optional ones <c>{name?}</c>, a constraint
/// <c>{name:int}</c> and a final catch-all <c>{*rest}</c>. Matched values are percent-decoded.
/// </summary>
internal sealed class RouteTemplate
{
    private readonly RouteSegment[] _segments;

    private RouteTemplate(string text, RouteSegment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    /// <summary>Orders templates the way ASP.NET Core does: at each position literals first, then constrained, plain, optional and catch-all parameters.</summary>
    public string PrecedenceKey => string.Concat(_segments.Select(s => (char)('0' + (int)s.Kind))) + "9";

    public static RouteTemplate Parse(string template)
    {
        string[] parts = template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = new RouteSegment[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            segments[i] = RouteSegment.Parse(parts[i], isLast: i == parts.Length - 1, template);
        }

        return new RouteTemplate(template, segments);
    }

    /// <summary>Matches a request path (without query); on success <paramref name="values"/> holds the parameters.</summary>
    public bool TryMatch(string path, out Dictionary<string, string> values) => TryMatch(Segments(path), out values);

    /// <summary>A request path split into its segments, once for all the templates tried.</summary>
    public static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Matches the segments of a request path.</summary>
    public bool TryMatch(string[] parts, out Dictionary<string, string> values)
    {
        values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = 0;
        foreach (RouteSegment segment in _segments)
        {
            if (segment.Kind == SegmentKind.CatchAll)
            {
                if (i < parts.Length)
                {
                    values[segment.Name] = Uri.UnescapeDataString(string.Join('/', parts[i..]));
                }

                return true;
            }

            if (i >= parts.Length)
            {
                if (segment.Kind != SegmentKind.Optional)
                {
                    return false;
                }

                continue;
            }

            string part = parts[i++];
            if (segment.Kind == SegmentKind.Literal)
            {
                if (!part.Equals(segment.Name, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                continue;
            }

            string value = Uri.UnescapeDataString(part);
            if (!segment.Accepts(value))
            {
                return false;
            }

            values[segment.Name] = value;
        }

        return i == parts.Length;
    }

    public override string ToString() => Text;
}

/// <summary>The kinds of segment, in the order routes are tried.</summary>
internal enum SegmentKind
{
    Literal = 0,
    Constrained = 1,
    Parameter = 2,
    Optional = 3,
    CatchAll = 4,
}

/// <summary>One segment of a route template.</summary>
internal sealed record RouteSegment(SegmentKind Kind, string Name, string? Constraint)
{
    public static RouteSegment Parse(string text, bool isLast, string template)
    {
        if (!text.StartsWith('{'))
        {
            return text.Contains('{', StringComparison.Ordinal)
                ? throw new FormatException($"Route '{template}': a segment is either literal or one parameter ('{text}').")
                : new RouteSegment(SegmentKind.Literal, text, null);
        }

        if (!text.EndsWith('}'))
        {
            throw new FormatException($"Route '{template}': '{text}' is not closed.");
        }

        string inner = text[1..^1];
        bool catchAll = inner.StartsWith('*');
        inner = inner.TrimStart('*');
        int equals = inner.IndexOf('=', StringComparison.Ordinal);
        bool hasDefault = equals >= 0;
        if (hasDefault)
        {
            inner = inner[..equals];
        }

        bool optional = inner.EndsWith('?') || hasDefault;
        inner = inner.TrimEnd('?');
        int colon = inner.IndexOf(':', StringComparison.Ordinal);
        string name = colon >= 0 ? inner[..colon] : inner;
        string? constraint = colon >= 0 ? inner[(colon + 1)..] : null;
        if (name.Length == 0)
        {
            throw new FormatException($"Route '{template}': a parameter has no name.");
        }

        if (catchAll && !isLast)
        {
            throw new FormatException($"Route '{template}': a catch-all parameter must be the last segment.");
        }

        SegmentKind kind = catchAll ? SegmentKind.CatchAll : optional ? SegmentKind.Optional : constraint is not null ? SegmentKind.Constrained : SegmentKind.Parameter;
        return new RouteSegment(kind, name, constraint);
    }

    /// <summary>Checks the common inline constraints; others accept any value.</summary>
    public bool Accepts(string value) => Constraint switch
    {
        null => true,
        "int" => int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        "long" => long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _),
        "guid" => Guid.TryParse(value, out _),
        "bool" => bool.TryParse(value, out _),
        "alpha" => value.All(char.IsAsciiLetter),
        _ => true,
    };
}
