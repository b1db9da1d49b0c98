using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

/// <summary>Paths of the declarative deployment files, relative to the repository root.</summary>
internal static class InfraFiles
{
    public static string HostJson => Path.Combine(RepoPaths.Root, "host.json");

    public static string LocalSettingsSample => Path.Combine(RepoPaths.Root, "local.settings.sample.json");

    /// <summary>
    /// The Function App's build output in the configuration these tests were built in (functions/bin/Release/net10.0
    /// after <c>dotnet build -c Release</c>): the same files a <c>dotnet publish</c> deploys, functions.metadata included.
    /// </summary>
    public static string FunctionsOutput
    {
        get
        {
            string framework = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            string configuration = Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory))!);
            return Path.Combine(RepoPaths.Root, "functions", "bin", configuration, framework);
        }
    }

    public static string FunctionsMetadata => Path.Combine(FunctionsOutput, "functions.metadata");

    public static string InfraDirectory => Path.Combine(RepoPaths.Root, "infra");

    public static string MainBicep => Path.Combine(InfraDirectory, "main.bicep");

    public static string MainParameters => Path.Combine(InfraDirectory, "main.parameters.json");

    public static string Module(string fileName) => Path.Combine(InfraDirectory, "modules", fileName);

    public static string TrainingJob(string fileName) => Path.Combine(RepoPaths.Root, "training-job", fileName);

    /// <summary>Every .bicep file under infra/, sorted for stable messages.</summary>
    public static IReadOnlyList<string> BicepFiles()
    {
        var files = Directory.GetFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    /// <summary>The path relative to the repository root with forward slashes, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(RepoPaths.Root, path).Replace('\\', '/');
}
