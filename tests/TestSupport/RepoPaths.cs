namespace Recommender.Tests.TestSupport;

/// <summary>Locates the repository root and the shared data sets next to it.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> _lazyRoot = new(FindRoot);

    /// <summary>The folder holding Serverless.sln.</summary>
    public static string Root => _lazyRoot.Value;

    /// <summary>The MovieLens ml-latest-small folder in ../shared/datasets; fails clearly when it is absent.</summary>
    public static string MovieLensSmall
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "datasets", "ml-latest-small"));
            if (!File.Exists(Path.Combine(path, "ratings.csv")))
            {
                throw new InvalidOperationException($"The shared MovieLens data set is missing: expected {path}/ratings.csv next to the repository.");
            }

            return path;
        }
    }

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
