using System.Globalization;

namespace Recommender.Core.Data;

/// <summary>Parses event times as unix seconds or ISO-8601 date-times (UTC unless an offset is given).</summary>
internal static class TimestampParser
{
    private static readonly string[] _isoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mmK",
        "yyyy-MM-dd",
    ];

    public static bool TryParseUnixSeconds(ReadOnlySpan<char> text, out long seconds) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds);

    /// <summary>Unix seconds when the text is an integer, else an ISO-8601 date or date-time.</summary>
    public static bool TryParseUnixOrIso(ReadOnlySpan<char> text, out long seconds)
    {
        if (TryParseUnixSeconds(text, out seconds))
        {
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, _isoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time))
        {
            seconds = time.ToUnixTimeSeconds();
            return true;
        }

        seconds = 0;
        return false;
    }
}
