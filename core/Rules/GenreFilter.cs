namespace Recommender.Core.Rules;

/// <summary>
/// A per-request genre filter. With <see cref="Include"/> set, only items with at least one of those genres remain;
/// items with any genre of <see cref="Exclude"/> never appear (exclusion wins over inclusion). Names compare
/// case-insensitively. Empty lists filter nothing.
/// </summary>
public sealed record GenreFilter(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
{
    /// <summary>Longest genre name a request may name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Most genres one list may name.</summary>
    public const int MaxNames = 32;

    public static GenreFilter None { get; } = new([], []);

    public bool IsEmpty => Include.Count == 0 && Exclude.Count == 0;

    /// <summary>
    /// Splits a comma-separated list of genre names (surrounding spaces trimmed, duplicates kept once). Null text is an
    /// empty list; an empty entry ("a,,b" or ""), a name over <see cref="MaxNameLength"/> characters or a control
    /// character, or more than <see cref="MaxNames"/> names is an error, returned as a sentence without the field name.
    /// </summary>
    public static bool TryParseList(string? text, out IReadOnlyList<string> names, out string? error)
    {
        names = [];
        error = null;
        if (text is null)
        {
            return true;
        }

        var list = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in text.Split(','))
        {
            string name = part.Trim();
            if (name.Length == 0)
            {
                error = "must be a comma-separated list of genre names without empty entries";
                return false;
            }

            if (name.Length > MaxNameLength || name.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0)
            {
                error = $"has a genre name that is not 1-{MaxNameLength} printable characters";
                return false;
            }

            if (seen.Add(name))
            {
                list.Add(name);
            }
        }

        if (list.Count > MaxNames)
        {
            error = $"names more than {MaxNames} genres";
            return false;
        }

        names = list;
        return true;
    }
}
