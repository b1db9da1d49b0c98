namespace Recommender.Core.Data.Internals;

/// <summary>
/// MovieLens 100K <c>u.item</c> genres: 19 fields of 0 or 1 at the end of the row, one per genre in a fixed order.
/// </summary>
internal static class GenreFlags
{
    /// <summary>The genres in the order of their flags (as listed in the data set's <c>u.genre</c>).</summary>
    private static readonly string[] _genres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>Number of flag fields.</summary>
    public static int Count => _genres.Length;

    /// <summary>
    /// Reads the flags from field <paramref name="first"/> on. "unknown" is no genre, so an item flagged only
    /// "unknown" (or nothing) has none, as "(no genres listed)" in movies.csv. A flag other than 0 or 1 fails the
    /// row: <see cref="RejectReason.NonNumericValue"/> for text, <see cref="RejectReason.ValueOutOfRange"/> for
    /// another number.
    /// </summary>
    public static bool TryRead(CsvRows row, int first, out string[] genres, out RejectReason reason, out string detail)
    {
        var found = new List<string>();
        for (int i = 0; i < _genres.Length; i++)
        {
            ReadOnlySpan<char> flag = row.Field(first + i).Trim();
            if (flag is "1")
            {
                if (i > 0)
                {
                    found.Add(_genres[i]);
                }
            }
            else if (flag is not "0")
            {
                reason = double.TryParse(flag, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)
                    ? RejectReason.ValueOutOfRange
                    : RejectReason.NonNumericValue;
                detail = $"genre flag {_genres[i]} is '{flag}', expected 0 or 1";
                genres = [];
                return false;
            }
        }

        genres = [.. found];
        reason = default;
        detail = string.Empty;
        return true;
    }
}
