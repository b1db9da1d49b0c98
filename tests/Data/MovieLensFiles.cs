using System.Text;

namespace Recommender.Tests.Data;

/// <summary>Writes small MovieLens fixtures byte for byte, in Latin-1 as MovieLens 100K and 1M are published.</summary>
internal static class MovieLensFiles
{
    /// <summary>A <c>u.item</c> genre field block: 19 flags, 1 at the given positions (0 unknown, 1 Action, 5 Comedy, 8 Drama, 14 Romance).</summary>
    public static string Flags(params int[] set)
    {
        var flags = new string[19];
        for (int i = 0; i < flags.Length; i++)
        {
            flags[i] = set.Contains(i) ? "1" : "0";
        }

        return string.Join('|', flags);
    }

    public static string WriteLatin1(string folder, string name, string text)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes(text));
        return path;
    }
}
