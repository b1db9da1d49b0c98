using System.Globalization;

namespace Recommender.Core.Storage;

/// <summary>Builds OData $filter expressions with literals formatted and escaped correctly (quotes doubled).</summary>
public static class TableFilter
{
    /// <summary>property eq value.</summary>
    public static string Equal(string property, object value) => Compare(property, "eq", value);

    /// <summary>property ne value.</summary>
    public static string NotEqual(string property, object value) => Compare(property, "ne", value);

    /// <summary>property gt value.</summary>
    public static string GreaterThan(string property, object value) => Compare(property, "gt", value);

    /// <summary>property ge value.</summary>
    public static string GreaterThanOrEqual(string property, object value) => Compare(property, "ge", value);

    /// <summary>property lt value.</summary>
    public static string LessThan(string property, object value) => Compare(property, "lt", value);

    /// <summary>property le value.</summary>
    public static string LessThanOrEqual(string property, object value) => Compare(property, "le", value);

    /// <summary>(left) and (right).</summary>
    public static string And(string left, string right) => $"({left}) and ({right})";

    /// <summary>(left) or (right).</summary>
    public static string Or(string left, string right) => $"({left}) or ({right})";

    /// <summary>The OData literal for a value: 'text' with quotes doubled, 12L, 1.5, true, datetime'...', guid'...', X'..'.</summary>
    public static string Literal(object value) => value switch
    {
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsFinite(d) => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset dto => "datetime'" + dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture) + "'",
        DateTime dt => Literal(new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime())),
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        _ => throw new ArgumentException($"Values of type {value.GetType().Name} cannot be used in a table filter.", nameof(value)),
    };

    private static string Compare(string property, string op, object value)
    {
        ArgumentException.ThrowIfNullOrEmpty(property);
        ArgumentNullException.ThrowIfNull(value);
        foreach (char c in property)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                throw new ArgumentException($"'{property}' is not a valid property name for a filter.", nameof(property));
            }
        }

        return $"{property} {op} {Literal(value)}";
    }
}
