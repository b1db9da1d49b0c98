namespace Recommender.Core.Experiments;

/// <summary>
/// Ids of served recommendation lists: a UUID version 7 as 32 lower-case hex digits. The first 48 bits are the Unix
/// time in milliseconds, so the id alone says when the list was served: feedback that carries it finds the
/// impression's time partition without a lookup, and ids sort by time.
/// </summary>
public static class RecommendationId
{
    public const int Length = 32;

    public static string New(DateTimeOffset servedAt) => Guid.CreateVersion7(servedAt).ToString("N");

    /// <summary>Whether <paramref name="id"/> has the form <see cref="New"/> writes (32 lower-case hex digits, version 7).</summary>
    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != Length || id[12] != '7')
        {
            return false;
        }

        foreach (char c in id)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>When the list was served, to the millisecond, read from a valid id.</summary>
    public static DateTimeOffset ServedAt(string id)
    {
        if (!IsValid(id))
        {
            throw new FormatException($"'{id}' is not a recommendation id.");
        }

        long milliseconds = Convert.ToInt64(id[..12], 16);
        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }
}
