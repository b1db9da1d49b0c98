using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace Recommender.Functions.Demo;

/// <summary>A static file of the demo page and its media type.</summary>
public sealed record EmbeddedAsset(byte[] Content, string ContentType);

/// <summary>The demo page's files, read once from the assembly's resources (named Recommender.Functions.Demo.{file}).</summary>
public static class EmbeddedAssets
{
    private const string Prefix = "Recommender.Functions.Demo.";

    private static readonly FrozenDictionary<string, string> _contentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["docs.html"] = "text/html; charset=utf-8",
        ["demo.js"] = "text/javascript; charset=utf-8",
        ["demo.css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, EmbeddedAsset>> _assets = new(Load);

    /// <summary>The asset with that file name; false for any name the page does not ship.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out EmbeddedAsset? asset) => _assets.Value.TryGetValue(name, out asset);

    private static FrozenDictionary<string, EmbeddedAsset> Load()
    {
        Assembly assembly = typeof(EmbeddedAssets).Assembly;
        var assets = new Dictionary<string, EmbeddedAsset>(StringComparer.Ordinal);
        foreach (var (name, contentType) in _contentTypes)
        {
            using Stream stream = assembly.GetManifestResourceStream(Prefix + name)
                ?? throw new InvalidOperationException($"The assembly has no embedded {Prefix + name}.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets[name] = new EmbeddedAsset(copy.ToArray(), contentType);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
