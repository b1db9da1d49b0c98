using System.Text;

namespace Recommender.Core.Feedback;

/// <summary>
/// Turns arbitrary printable ids into valid table keys: '%', '/', '\\', '#', '?' and control characters are
/// percent-encoded, so the mapping is reversible and any user id can be a partition key.
/// </summary>
public static class TableKeys
{
    public static string Encode(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.AsSpan().IndexOfAny("%/\\#?") < 0 && !HasControl(id))
        {
            return id;
        }

        var builder = new StringBuilder(id.Length + 8);
        foreach (char c in id)
        {
            if (c is '%' or '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool HasControl(string id)
    {
        foreach (char c in id)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
