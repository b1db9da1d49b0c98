using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Infra;

/// <summary>Paths of the declarative deployment files, relative to the repository root.</summary>
internal static class InfraFiles
{
    public static string HostJson => Path.Combine(RepoPaths.Root, "host.json");

    public static string LocalSettingsSample => Path.Combine(RepoPaths.Root, "local.settings.sample.json");

    public static string FunctionBindings => Path.Combine(RepoPaths.Root, "functions", "Bindings");

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
