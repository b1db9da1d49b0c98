using System.Globalization;

namespace Recommender.Functions.Hosting;

/// <summary>Parses optional query parameters, returning a sentence for the 400 body instead of throwing.</summary>
public static class QueryParameters
{
    public const int MaxK = 1000;

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

    /// <summary>alpha: number 0-1, default 0.8 (share of ALS in mixed mode).</summary>
    public static bool TryParseAlpha(string? text, out float alpha, out string? error)
    {
        error = null;
        alpha = 0.8f;
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
}
