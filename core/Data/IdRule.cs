using System.Text.RegularExpressions;

namespace Recommender.Core.Data;

/// <summary>
/// Which user and item ids a loader accepts (the loader trims their ends first). Every rule rejects control
/// characters. The default rule also rejects white space inside an id (such ids usually come from a broken export and
/// cannot be typed into a URL reliably) and negative integers such as <c>-1</c>, a common "missing" sentinel.
/// <see cref="Pattern"/> replaces those two checks with a regular expression every id must match in full (for
/// example <c>[0-9]+</c> for numeric ids, or <c>.+</c> to allow titles with spaces).
/// </summary>
public sealed class IdRule
{
    private readonly Regex? _pattern;

    private IdRule(Regex? pattern, string description)
    {
        _pattern = pattern;
        Description = description;
    }

    /// <summary>No white space or control characters, and not a negative integer.</summary>
    public static IdRule Default { get; } = new(null, "no white space or control characters; not a negative integer");

    /// <summary>No control characters, and a regular expression every id must match in full (anchored at both ends).</summary>
    public static IdRule Pattern(string pattern)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        try
        {
            // Anchored so "[0-9]+" means the whole id; the timeout bounds a pathological pattern on a long id.
            var regex = new Regex($@"\A(?:{pattern})\z", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
            return new IdRule(regex, $"no control characters; matches '{pattern}'");
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"The id pattern '{pattern}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }
    }

    /// <summary>What the rule accepts, in words (recorded in the data-quality report).</summary>
    public string Description { get; }

    /// <summary>Whether a (trimmed, non-empty) id passes the rule.</summary>
    public bool Accepts(ReadOnlySpan<char> id)
    {
        foreach (char c in id)
        {
            // Control characters include tab and line breaks; plain spaces are left to the pattern when there is one.
            if (char.IsControl(c) || (_pattern is null && char.IsWhiteSpace(c)))
            {
                return false;
            }
        }

        return _pattern is null ? !IsNegativeInteger(id) : _pattern.IsMatch(id);
    }

    private static bool IsNegativeInteger(ReadOnlySpan<char> id)
    {
        if (id.Length < 2 || id[0] != '-')
        {
            return false;
        }

        foreach (char c in id[1..])
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
