using System.Globalization;
using System.Security.Cryptography;

namespace Recommender.Core.Artifacts;

/// <summary>Model version ids: a UTC timestamp first (so ids sort by time), then a random suffix.</summary>
public static class ModelVersion
{
    /// <summary>A new id such as <c>20261125T071500Z-3f9a1c</c>.</summary>
    public static string NewId(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    /// <summary>True for ids made of letters, digits, '-', '_' and '.', 1-64 long, not starting with '.'.</summary>
    public static bool IsValid(string? version)
    {
        if (string.IsNullOrEmpty(version) || version.Length > 64 || version[0] == '.')
        {
            return false;
        }

        foreach (char c in version)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
