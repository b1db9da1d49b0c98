using System.Globalization;
using Microsoft.Extensions.Primitives;
using Recommender.Core.Serving;

namespace Recommender.Functions.Hosting;

/// <summary>Parses optional query parameters, returning a sentence for the 400 body instead of throwing.</summary>
public static class QueryParameters
{
    public const int MaxK = 1000;
    public const float DefaultAlsShare = 0.8f;

    /// <summary>k: integer 1-1000, default 10.</summary>
    public static bool TryParseK(IQueryCollection query, out int k, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        return TryParseK(Single(query, "k"), out k, out error);
    }

    /// <summary>k: integer 1-1000, default 10.</summary>
    public static bool TryParseK(string? text, out int k, out string? error)
    {
        error = null;
        k = 10;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out k) || k < 1 || k > MaxK)
        {
            error = $"k must be an integer between 1 and {MaxK}.";
            return false;
        }

        return true;
    }

    /// <summary>mode: als (default) or mixed; alpha: number 0-1, default 0.8 (share of ALS in mixed mode).</summary>
    public static bool TryParseMode(IQueryCollection query, out RecommendationMode mode, out float alsShare, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        mode = RecommendationMode.Als;
        if (!TryParseAlpha(Single(query, "alpha"), out alsShare, out error))
        {
            return false;
        }

        switch (Single(query, "mode"))
        {
            case null or "als":
                return true;
            case "mixed":
                mode = RecommendationMode.Mixed;
                return true;
            default:
                error = "mode must be als or mixed.";
                return false;
        }
    }

    /// <summary>alpha: number 0-1, default 0.8 (share of ALS in mixed mode).</summary>
    public static bool TryParseAlpha(string? text, out float alpha, out string? error)
    {
        error = null;
        alpha = DefaultAlsShare;
        if (text is null)
        {
            return true;
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out alpha) || !(alpha >= 0f && alpha <= 1f))
        {
            error = "alpha must be a number between 0 and 1.";
            return false;
        }

        return true;
    }

    /// <summary>explain: true or false (default false).</summary>
    public static bool TryParseExplain(IQueryCollection query, out bool explain, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        error = null;
        explain = false;
        switch (Single(query, "explain"))
        {
            case null or "false":
                return true;
            case "true":
                explain = true;
                return true;
            default:
                error = "explain must be true or false.";
                return false;
        }
    }

    // A repeated parameter (k=1&k=2) joins to "1,2", which no parser accepts: ambiguous input is refused, not guessed.
    private static string? Single(IQueryCollection query, string name) =>
        query.TryGetValue(name, out StringValues values) ? values.ToString() : null;
}
