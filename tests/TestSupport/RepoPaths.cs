namespace Recommender.Tests.TestSupport;

/// <summary>Locates the repository root and the MovieLens data set.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> _lazyRoot = new(FindRoot);

    /// <summary>The folder holding Serverless.sln.</summary>
    public static string Root => _lazyRoot.Value;

    /// <summary>The environment variable naming the MovieLens ml-latest-small folder.</summary>
    public const string MovieLensVariable = "RECOMMENDER_MOVIELENS_DIR";

    /// <summary>The MovieLens folder from <see cref="MovieLensVariable"/>, or null when it is unset or holds no ratings.csv.</summary>
    public static string? MovieLensSmallOrNull
    {
        get
        {
            string? path = Environment.GetEnvironmentVariable(MovieLensVariable);
            return string.IsNullOrWhiteSpace(path) || !File.Exists(Path.Combine(path, "ratings.csv")) ? null : Path.GetFullPath(path);
        }
    }

    /// <summary>The MovieLens folder; only tests marked <c>MovieLensFact</c> use it, so it is there when they run.</summary>
    public static string MovieLensSmall => MovieLensSmallOrNull
        ?? throw new InvalidOperationException($"The MovieLens data set is missing: set {MovieLensVariable} to the ml-latest-small folder.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
